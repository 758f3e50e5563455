package intercom

import (
	"context"
	"net/http"
)

// Admin is a teammate of the workspace.
type Admin struct {
	Type            string  `json:"type"`
	ID              string  `json:"id"`
	Name            string  `json:"name"`
	Email           string  `json:"email"`
	JobTitle        string  `json:"job_title"`
	AwayModeEnabled bool    `json:"away_mode_enabled"`
	HasInboxSeat    bool    `json:"has_inbox_seat"`
	TeamIDs         []int64 `json:"team_ids"`
}

// ListAdmins calls GET /admins.
func (c *Client) ListAdmins(ctx context.Context) ([]Admin, error) {
	var list struct {
		Admins []Admin `json:"admins"`
	}
	err := c.do(ctx, requestOptions{method: http.MethodGet, path: "/admins", version: VersionCurrent}, &list)
	return list.Admins, err
}
