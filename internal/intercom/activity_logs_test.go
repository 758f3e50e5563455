package intercom_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
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
