package intercom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// ActivityLog is one entry of the workspace's audit trail.
type ActivityLog struct {
	ID                  string         `json:"id"`
	PerformedBy         PerformedBy    `json:"performed_by"`
	Metadata            map[string]any `json:"metadata"`
	CreatedAt           int64          `json:"created_at"`
	ActivityType        string         `json:"activity_type"`
	ActivityDescription string         `json:"activity_description"`
}

// PerformedBy is the admin who did what an activity log entry records.
type PerformedBy struct {
	Type  string `json:"type"`
	ID    string `json:"id"`
	Email string `json:"email"`
	IP    string `json:"ip"`
}

// ActivityLogSearch selects entries by creation time and event type, for
// SearchActivityLogs.
type ActivityLogSearch struct {
	After      time.Time
	Before     time.Time // zero: no upper bound
	EventTypes []string  // empty: every type
	// MaxPages bounds how many pages of 250 are followed; 0 means maxActivityLogPages.
	MaxPages int
}

// maxActivityLogPages bounds any read of the activity log, whatever Intercom's paging
// says: a server that never ends its pages must not keep a plan running.
const maxActivityLogPages = 100

// ErrActivityLogTruncated is returned, with the entries read so far, when a read of the
// activity log stopped before its end: a page cap, or a cursor Intercom repeated.
var ErrActivityLogTruncated = errors.New("the activity log read stopped before its end")

// SearchActivityLogs calls POST /admins/activity_logs/search (2.16), which filters by
// event type on Intercom's side, so a busy workspace still answers in one call. It
// changes nothing, so it is retried like a read.
func (c *Client) SearchActivityLogs(ctx context.Context, q ActivityLogSearch) ([]ActivityLog, error) {
	maxPages := q.MaxPages
	if maxPages <= 0 {
		maxPages = maxActivityLogPages
	}
	type body struct {
		CreatedAtAfter  int64    `json:"created_at_after"`
		CreatedAtBefore *int64   `json:"created_at_before,omitempty"`
		EventTypes      []string `json:"event_types,omitempty"`
		Page            int      `json:"page"`
		PerPage         int      `json:"per_page"`
	}
	var all []ActivityLog
	for page := 1; ; page++ {
		in := body{CreatedAtAfter: q.After.Unix(), EventTypes: q.EventTypes, Page: page, PerPage: 250}
		if !q.Before.IsZero() {
			before := q.Before.Unix()
			in.CreatedAtBefore = &before
		}
		var list struct {
			Pages *struct {
				Page       int `json:"page"`
				TotalPages int `json:"total_pages"`
			} `json:"pages"`
			ActivityLogs []ActivityLog `json:"activity_logs"`
		}
		err := c.do(ctx, requestOptions{
			method: http.MethodPost, path: "/admins/activity_logs/search", version: VersionCurrent, body: in, safe: true,
		}, &list)
		if err != nil {
			return nil, err
		}
		all = append(all, list.ActivityLogs...)
		if list.Pages == nil || page >= list.Pages.TotalPages || len(list.ActivityLogs) == 0 {
			return all, nil
		}
		if page >= maxPages {
			return all, fmt.Errorf("%w: %d pages read, %d in all", ErrActivityLogTruncated, page, list.Pages.TotalPages)
		}
	}
}

// ActivityLogQuery selects entries by creation time (Unix seconds, inclusive bounds as
// Intercom applies them). After is required by the API; Before may be zero.
type ActivityLogQuery struct {
	After  time.Time
	Before time.Time
	// MaxPages bounds how many pages are followed; 0 means all.
	MaxPages int
}

// ListActivityLogs calls GET /admins/activity_logs and follows the cursor to the end, or
// to MaxPages. It stops with ErrActivityLogTruncated (and the entries read) at
// maxActivityLogPages or when Intercom repeats a cursor.
func (c *Client) ListActivityLogs(ctx context.Context, q ActivityLogQuery) ([]ActivityLog, error) {
	var all []ActivityLog
	cursor := ""
	seen := map[string]bool{}
	for page := 1; ; page++ {
		query := url.Values{"created_at_after": {strconv.FormatInt(q.After.Unix(), 10)}}
		if !q.Before.IsZero() {
			query.Set("created_at_before", strconv.FormatInt(q.Before.Unix(), 10))
		}
		if cursor != "" {
			query.Set("starting_after", cursor)
		}
		var list struct {
			Pages *struct {
				Next *struct {
					StartingAfter *string `json:"starting_after"`
				} `json:"next"`
			} `json:"pages"`
			ActivityLogs []ActivityLog `json:"activity_logs"`
		}
		err := c.do(ctx, requestOptions{
			method: http.MethodGet, path: "/admins/activity_logs", query: query, version: VersionCurrent,
		}, &list)
		if err != nil {
			return nil, err
		}
		all = append(all, list.ActivityLogs...)
		if list.Pages == nil || list.Pages.Next == nil || list.Pages.Next.StartingAfter == nil ||
			*list.Pages.Next.StartingAfter == "" || len(list.ActivityLogs) == 0 {
			return all, nil
		}
		if q.MaxPages > 0 && page >= q.MaxPages {
			return all, nil
		}
		cursor = *list.Pages.Next.StartingAfter
		if seen[cursor] {
			return all, fmt.Errorf("%w: Intercom gave the cursor %q twice", ErrActivityLogTruncated, cursor)
		}
		seen[cursor] = true
		if page >= maxActivityLogPages {
			return all, fmt.Errorf("%w: stopped after %d pages", ErrActivityLogTruncated, page)
		}
	}
}
