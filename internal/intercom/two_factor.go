package intercom

import (
	"context"
	"net/http"
)

// TwoFactorSettings says whether every teammate must use two-factor authentication.
// Modelled endpoint: Intercom configures it in its web app and publishes no endpoint yet.
type TwoFactorSettings struct {
	Required bool `json:"required"`
}

// GetTwoFactor calls GET /security/two_factor (modelled).
func (c *Client) GetTwoFactor(ctx context.Context) (*TwoFactorSettings, error) {
	var out TwoFactorSettings
	err := c.do(ctx, requestOptions{method: http.MethodGet, path: "/security/two_factor", version: VersionCurrent, modelled: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateTwoFactor calls PUT /security/two_factor (modelled).
func (c *Client) UpdateTwoFactor(ctx context.Context, in TwoFactorSettings) (*TwoFactorSettings, error) {
	var out TwoFactorSettings
	err := c.do(ctx, requestOptions{method: http.MethodPut, path: "/security/two_factor", version: VersionCurrent, body: in, modelled: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
