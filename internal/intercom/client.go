// Package intercom is a small client for the parts of Intercom's REST API that hold a
// workspace's security settings. It knows nothing of Terraform: the provider wraps it.
//
// One Client talks to one workspace (an Intercom access token belongs to exactly one
// workspace). It sends the Intercom-Version each endpoint needs, retries idempotent
// calls on server errors and dropped connections, waits out 429s until the window
// resets, and paces itself on X-RateLimit-Remaining so parallel callers rarely see a 429.
package intercom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// API versions sent per endpoint: Intercom routes each request by its Intercom-Version.
const (
	VersionCurrent = "2.16"    // the newest numbered version; used by every published endpoint we call
	VersionPreview = "Preview" // the identity verification secret endpoints exist only here
)

// Regions Intercom hosts workspaces in, and their API hosts.
var regionBaseURLs = map[string]string{
	"us": "https://api.intercom.io",
	"eu": "https://api.eu.intercom.io",
	"au": "https://api.au.intercom.io",
}

// Regions lists the region names BaseURLForRegion accepts, in a stable order.
func Regions() []string { return []string{"us", "eu", "au"} }

// BaseURLForRegion returns the API host of a region ("us", "eu", "au").
func BaseURLForRegion(region string) (string, bool) {
	u, ok := regionBaseURLs[strings.ToLower(region)]
	return u, ok
}

// Logger receives one debug line per HTTP attempt. Fields never hold the access token
// nor request or response bodies that may carry secrets.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Config configures a Client.
type Config struct {
	BaseURL        string        // e.g. https://api.intercom.io; required
	AccessToken    string        // bearer token of the workspace; required
	UserAgent      string        // sent as User-Agent
	MaxRetries     int           // retries after the first attempt; 0 disables retries
	RequestTimeout time.Duration // per attempt, from when it is sent (pacing excluded); 0 means 30s
	// RateLimitWaitMax bounds how long one call waits out 429s for Intercom's window to
	// reset; 0 means two windows (20s). Independent of MaxRetries.
	RateLimitWaitMax time.Duration
	RetryWaitMin     time.Duration // first backoff; 0 means 1s
	RetryWaitMax     time.Duration // backoff cap; 0 means 30s
	HTTPClient       *http.Client  // optional base client (its Transport is wrapped)
	Logger           Logger        // optional
}

// Client calls Intercom's API for one workspace. It is safe for concurrent use.
type Client struct {
	baseURL   *url.URL
	token     string
	userAgent string
	http      *retryablehttp.Client
	pacer     *pacer
	logger    Logger
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.AccessToken == "" {
		return nil, errors.New("intercom: an access token is required")
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("intercom: base URL %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	if cfg.MaxRetries < 0 {
		return nil, errors.New("intercom: max retries cannot be negative")
	}
	timeout := cfg.RequestTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	c := &Client{
		baseURL:   base,
		token:     cfg.AccessToken,
		userAgent: cfg.UserAgent,
		pacer:     newPacer(time.Now),
		logger:    cfg.Logger,
	}
	c.http = newRetryingClient(cfg, timeout, c)
	return c, nil
}

// BaseURL is the API base URL the client calls, e.g. https://api.intercom.io.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// requestOptions describe one API call.
type requestOptions struct {
	method  string
	path    string     // starting with "/", already escaped
	query   url.Values // optional
	version string     // Intercom-Version
	body    any        // JSON-encoded when non-nil
	// modelled marks calls on endpoints Intercom does not publish yet whose 404 can only
	// mean the setting is not exposed for this workspace (settings and collections, not
	// one object by id, whose 404 means it is gone); Error reports it as such.
	modelled bool
	// safe marks a POST that changes nothing (a search), which may be retried like a GET.
	safe bool
}

// do sends one call and decodes a 2xx JSON answer into out (when out is non-nil).
func (c *Client) do(ctx context.Context, o requestOptions, out any) error {
	var payload []byte
	if o.body != nil {
		var err error
		if payload, err = json.Marshal(o.body); err != nil {
			return fmt.Errorf("intercom: encoding %s %s: %w", o.method, o.path, err)
		}
	}
	u := *c.baseURL
	u.Path = c.baseURL.Path + o.path
	u.RawQuery = o.query.Encode()

	ctx = withIdempotency(ctx, o.method != http.MethodPost || o.safe)
	req, err := retryablehttp.NewRequestWithContext(ctx, o.method, u.String(), payload)
	if err != nil {
		return fmt.Errorf("intercom: building %s %s: %w", o.method, o.path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Intercom-Version", o.version)
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		var notSent *notSentError
		return &TransportError{Method: o.method, Path: o.path, Err: unwrapURLError(err), NotSent: errors.As(err, &notSent)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return &TransportError{Method: o.method, Path: o.path, Err: err}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return decodeError(o.method, o.path, o.modelled, resp, body)
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("intercom: %s %s answered %d with a body that is not the expected JSON: %w",
			o.method, o.path, resp.StatusCode, err)
	}
	return nil
}

// unwrapURLError drops net/url's wrapper, which repeats the full URL in every message.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
