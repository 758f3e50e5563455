package intercom

import (
	"context"
	"net/http"
)

// IdentityVerificationSettings says on which platforms the Messenger accepts only
// verified users. Modelled endpoint.
type IdentityVerificationSettings struct {
	EnforcedOnWeb     bool `json:"enforced_on_web"`
	EnforcedOnIOS     bool `json:"enforced_on_ios"`
	EnforcedOnAndroid bool `json:"enforced_on_android"`
}

// Platforms are the Messenger platforms identity verification covers, as Intercom names
// them in its settings.
var Platforms = []string{"web", "iOS", "Android"}

// EnforcedOn reports whether identity verification is enforced on platform (one of
// Platforms).
func (e IdentityVerificationSettings) EnforcedOn(platform string) bool {
	switch platform {
	case "web":
		return e.EnforcedOnWeb
	case "iOS":
		return e.EnforcedOnIOS
	case "Android":
		return e.EnforcedOnAndroid
	}
	return false
}

// GetIdentityVerification calls GET /messenger/identity_verification (modelled).
func (c *Client) GetIdentityVerification(ctx context.Context) (*IdentityVerificationSettings, error) {
	var out IdentityVerificationSettings
	err := c.do(ctx, requestOptions{method: http.MethodGet, path: "/messenger/identity_verification", version: VersionCurrent, modelled: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateIdentityVerification calls PUT /messenger/identity_verification (modelled).
// Enforcing a platform that no live secret supports answers 422.
func (c *Client) UpdateIdentityVerification(ctx context.Context, in IdentityVerificationSettings) (*IdentityVerificationSettings, error) {
	var out IdentityVerificationSettings
	err := c.do(ctx, requestOptions{method: http.MethodPut, path: "/messenger/identity_verification", version: VersionCurrent, body: in, modelled: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
