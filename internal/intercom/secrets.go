package intercom

import (
	"context"
	"net/http"
)

// IdentityVerificationSecret is a Messenger identity verification secret's metadata.
// Secret holds the key material, which Intercom returns once, when it is created.
type IdentityVerificationSecret struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	SupportsWeb     bool   `json:"supports_web"`
	SupportsIOS     bool   `json:"supports_ios"`
	SupportsAndroid bool   `json:"supports_android"`
	CreatedAt       int64  `json:"created_at"`
	Secret          string `json:"secret,omitempty"`
}

// Supports reports whether the secret signs users of platform (one of Platforms).
func (s IdentityVerificationSecret) Supports(platform string) bool {
	switch platform {
	case "web":
		return s.SupportsWeb
	case "iOS":
		return s.SupportsIOS
	case "Android":
		return s.SupportsAndroid
	}
	return false
}

// NewIdentityVerificationSecret is the body of a create call.
type NewIdentityVerificationSecret struct {
	Name            string `json:"name"`
	SupportsWeb     bool   `json:"supports_web"`
	SupportsIOS     bool   `json:"supports_ios"`
	SupportsAndroid bool   `json:"supports_android"`
}

// ListIdentityVerificationSecrets calls GET /secure_mode_secrets (Preview).
func (c *Client) ListIdentityVerificationSecrets(ctx context.Context) ([]IdentityVerificationSecret, error) {
	var list struct {
		Data []IdentityVerificationSecret `json:"data"`
	}
	err := c.do(ctx, requestOptions{method: http.MethodGet, path: "/secure_mode_secrets", version: VersionPreview}, &list)
	return list.Data, err
}

// CreateIdentityVerificationSecret calls POST /secure_mode_secrets (Preview). The answer
// is the only time Intercom shows the secret's material.
func (c *Client) CreateIdentityVerificationSecret(ctx context.Context, in NewIdentityVerificationSecret) (*IdentityVerificationSecret, error) {
	var out IdentityVerificationSecret
	err := c.do(ctx, requestOptions{method: http.MethodPost, path: "/secure_mode_secrets", version: VersionPreview, body: in}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteIdentityVerificationSecret calls DELETE /secure_mode_secrets/{id} (Preview).
func (c *Client) DeleteIdentityVerificationSecret(ctx context.Context, id string) error {
	seg, err := segment("secret", id)
	if err != nil {
		return err
	}
	return c.do(ctx, requestOptions{
		method: http.MethodDelete, path: "/secure_mode_secrets/" + seg, route: "/secure_mode_secrets/{id}", version: VersionPreview,
	}, nil)
}
