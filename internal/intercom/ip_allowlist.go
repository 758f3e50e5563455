package intercom

import (
	"context"
	"net/http"
)

// IPAllowlist is the workspace's IP allowlist (published in 2.14 and later).
type IPAllowlist struct {
	Enabled bool     `json:"enabled"`
	Ranges  []string `json:"ip_allowlist"`
}

// GetIPAllowlist calls GET /ip_allowlist.
func (c *Client) GetIPAllowlist(ctx context.Context) (*IPAllowlist, error) {
	var out IPAllowlist
	err := c.do(ctx, requestOptions{method: http.MethodGet, path: "/ip_allowlist", version: VersionCurrent}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateIPAllowlist calls PUT /ip_allowlist. Intercom refuses (422) a change that would
// lock out the caller's own IP, and then changes nothing.
func (c *Client) UpdateIPAllowlist(ctx context.Context, in IPAllowlist) (*IPAllowlist, error) {
	if in.Ranges == nil {
		in.Ranges = []string{} // Intercom wants a list, even an empty one
	}
	var out IPAllowlist
	err := c.do(ctx, requestOptions{method: http.MethodPut, path: "/ip_allowlist", version: VersionCurrent, body: in}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
