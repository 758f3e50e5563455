package intercom

import (
	"context"
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

// ActivityLogQuery selects entries by creation time (Unix seconds, inclusive bounds as
// Intercom applies them). After is required by the API; Before may be zero.
type ActivityLogQuery struct {
	After  time.Time
	Before time.Time
	// MaxPages bounds how many pages are followed; 0 means all.
	MaxPages int
}

// ListActivityLogs calls GET /admins/activity_logs and follows the cursor to the end.
func (c *Client) ListActivityLogs(ctx context.Context, q ActivityLogQuery) ([]ActivityLog, error) {
	var all []ActivityLog
	cursor := ""
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
	}
}
