package intercom

import (
	"context"
	"net/http"
)

// TrustedDomains is the list of domains the Messenger may load on; empty means any.
// Modelled endpoint.
type TrustedDomains struct {
	Domains []string `json:"domains"`
}

// GetTrustedDomains calls GET /messenger/trusted_domains (modelled).
func (c *Client) GetTrustedDomains(ctx context.Context) (*TrustedDomains, error) {
	var out TrustedDomains
	err := c.do(ctx, requestOptions{method: http.MethodGet, path: "/messenger/trusted_domains", version: VersionCurrent, modelled: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateTrustedDomains calls PUT /messenger/trusted_domains (modelled), which replaces
// the whole list.
func (c *Client) UpdateTrustedDomains(ctx context.Context, in TrustedDomains) (*TrustedDomains, error) {
	if in.Domains == nil {
		in.Domains = []string{}
	}
	var out TrustedDomains
	err := c.do(ctx, requestOptions{method: http.MethodPut, path: "/messenger/trusted_domains", version: VersionCurrent, body: in, modelled: true}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
