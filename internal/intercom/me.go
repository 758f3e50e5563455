package intercom

import (
	"context"
	"net/http"
)

// Me is the admin behind the access token and the workspace ("app") it belongs to.
type Me struct {
	Type          string `json:"type"`
	ID            string `json:"id"`
	Name          string `json:"name"`
	Email         string `json:"email"`
	EmailVerified *bool  `json:"email_verified"`
	App           *App   `json:"app"`
}

// App is an Intercom workspace.
type App struct {
	Type                 string `json:"type"`
	IDCode               string `json:"id_code"`
	Name                 string `json:"name"`
	Region               string `json:"region"`
	Timezone             string `json:"timezone"`
	CreatedAt            int64  `json:"created_at"`
	IdentityVerification bool   `json:"identity_verification"`
}

// Me calls GET /me: who the token belongs to.
func (c *Client) Me(ctx context.Context) (*Me, error) {
	var me Me
	err := c.do(ctx, requestOptions{method: http.MethodGet, path: "/me", version: VersionCurrent}, &me)
	if err != nil {
		return nil, err
	}
	return &me, nil
}
