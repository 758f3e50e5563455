package intercom_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// A server that never ends its pages (a repeated cursor, or pages without end) cannot
// keep a read going: it stops, says so, and keeps what it read.
func TestActivityLogPaginationStops(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cursor func(page int64) string
		want   int64 // pages served
	}{
		{"repeated cursor", func(int64) string { return "again" }, 2},
		{"endless pages", func(page int64) string { return fmt.Sprintf("c%d", page) }, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var served atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				page := served.Add(1)
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"type":"activity_log.list","pages":{"type":"pages","next":{"starting_after":%q}},
"activity_logs":[{"id":"%d","created_at":1800000000,"activity_type":"security_settings_change"}]}`, tc.cursor(page), page)
			}))
			defer srv.Close()
			c, err := intercom.New(intercom.Config{BaseURL: srv.URL, AccessToken: "t"})
			if err != nil {
				t.Fatal(err)
			}
			logs, err := c.ListActivityLogs(context.Background(), intercom.ActivityLogQuery{After: time.Unix(0, 0)})
			if !errors.Is(err, intercom.ErrActivityLogTruncated) {
				t.Fatalf("err = %v, want ErrActivityLogTruncated", err)
			}
			if served.Load() != tc.want || int64(len(logs)) != tc.want {
				t.Fatalf("served %d pages and kept %d entries, want %d", served.Load(), len(logs), tc.want)
			}
		})
	}
}

// searchServer answers POST /admins/activity_logs/search with total entries, perPage a
// page, and counts the pages served. An empty page ends nothing by itself unless Intercom
// says it is the last.
func searchServer(t *testing.T, total, totalPagesClaimed int) (*intercom.Client, *atomic.Int64) {
	t.Helper()
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Page    int `json:"page"`
			PerPage int `json:"per_page"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		served.Add(1)
		start := (in.Page - 1) * in.PerPage
		var entries []string
		for i := start; i < min(start+in.PerPage, total); i++ {
			entries = append(entries, fmt.Sprintf(`{"id":"%d","created_at":%d,"activity_type":"security_settings_change"}`, i, 1800000000+i))
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"type":"activity_log.list","pages":{"type":"pages","page":%d,"per_page":%d,"total_pages":%d},"activity_logs":[%s]}`,
			in.Page, in.PerPage, totalPagesClaimed, strings.Join(entries, ","))
	}))
	t.Cleanup(srv.Close)
	c, err := intercom.New(intercom.Config{BaseURL: srv.URL, AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	return c, &served
}

// The search follows every page Intercom reports (250 entries a page), up to MaxPages,
// and says when it stopped early.
func TestSearchActivityLogsPages(t *testing.T) {
	ctx := context.Background()
	c, served := searchServer(t, 600, 3)
	logs, err := c.SearchActivityLogs(ctx, intercom.ActivityLogSearch{After: time.Unix(0, 0)})
	if err != nil || len(logs) != 600 || served.Load() != 3 {
		t.Fatalf("read %d entries in %d pages (%v), want 600 in 3", len(logs), served.Load(), err)
	}
	c, served = searchServer(t, 600, 3)
	logs, err = c.SearchActivityLogs(ctx, intercom.ActivityLogSearch{After: time.Unix(0, 0), MaxPages: 2})
	if !errors.Is(err, intercom.ErrActivityLogTruncated) || len(logs) != 500 || served.Load() != 2 {
		t.Fatalf("with MaxPages 2: %d entries in %d pages (%v), want 500 in 2 and truncated", len(logs), served.Load(), err)
	}
	c, served = searchServer(t, 250, 1)
	logs, err = c.SearchActivityLogs(ctx, intercom.ActivityLogSearch{After: time.Unix(0, 0), MaxPages: 1})
	if err != nil || len(logs) != 250 || served.Load() != 1 {
		t.Fatalf("one page of one: %d entries in %d pages (%v)", len(logs), served.Load(), err)
	}
	// Intercom claims more pages than it has entries for: an empty page ends the read.
	c, served = searchServer(t, 300, 9)
	logs, err = c.SearchActivityLogs(ctx, intercom.ActivityLogSearch{After: time.Unix(0, 0)})
	if err != nil || len(logs) != 300 || served.Load() != 3 {
		t.Fatalf("an empty page: %d entries in %d pages (%v), want 300 in 3", len(logs), served.Load(), err)
	}
}

// ListActivityLogs stops at MaxPages when asked, without calling it truncation.
func TestListActivityLogsMaxPages(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		page := served.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"type":"activity_log.list","pages":{"type":"pages","next":{"starting_after":"c%d"}},
"activity_logs":[{"id":"%d","created_at":1800000000,"activity_type":"security_settings_change"}]}`, page, page)
	}))
	defer srv.Close()
	c, err := intercom.New(intercom.Config{BaseURL: srv.URL, AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	for _, maxPages := range []int{1, 2, 5} {
		served.Store(0)
		logs, err := c.ListActivityLogs(context.Background(), intercom.ActivityLogQuery{After: time.Unix(0, 0), MaxPages: maxPages})
		if err != nil || len(logs) != maxPages || served.Load() != int64(maxPages) {
			t.Fatalf("MaxPages %d: %d entries in %d pages (%v)", maxPages, len(logs), served.Load(), err)
		}
	}
}
