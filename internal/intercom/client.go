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
	"net"
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

// RegionOfHost names the region whose API host is host ("api.eu.intercom.io" is "eu"),
// or reports false for any other host (a proxy, the emulator).
func RegionOfHost(host string) (string, bool) {
	for region, u := range regionBaseURLs {
		if strings.EqualFold(strings.TrimPrefix(u, "https://"), host) {
			return region, true
		}
	}
	return "", false
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
	guard     tokenGuard // finds the token in what a server sends back
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
	base, err := CheckBaseURL(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("intercom: %w", err)
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
		guard:     newTokenGuard(cfg.AccessToken),
		userAgent: cfg.UserAgent,
		pacer:     newPacer(time.Now),
		logger:    cfg.Logger,
	}
	c.http = newRetryingClient(cfg, timeout, c, base.Scheme == "http")
	return c, nil
}

// BaseURL is the API base URL the client calls, e.g. https://api.intercom.io. It never
// holds credentials: CheckBaseURL refuses a URL with userinfo.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// Host is the host the client calls, e.g. api.eu.intercom.io: what an error names so that
// a token of another region (which answers 401) is recognised.
func (c *Client) Host() string { return c.baseURL.Host }

// CheckBaseURL parses an API base URL and refuses what could leak the token: a scheme
// other than https (http only for loopback hosts: IP literals in 127.0.0.0/8 and ::1, or
// localhost, which the transport checks resolves to loopback when it dials), and
// userinfo (user:password@), which would be printed wherever the URL is and is how
// https://api.intercom.io@evil.example hides its real host. Proxy credentials belong in
// HTTPS_PROXY. Its errors describe the URL by scheme and host only (DescribeURL): a
// refused value may hold a password or a key anywhere else.
func CheckBaseURL(raw string) (*url.URL, error) {
	shown := DescribeURL(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("the base URL (%s) is not an absolute http(s) URL: write it like https://api.intercom.io", shown)
	}
	if u.User != nil {
		return nil, fmt.Errorf("the base URL (%s) holds credentials (user:password@ before the host %q): the base URL is printed in "+
			"errors and logs, and a name before @ hides the real host. Write only https://host[/prefix]; credentials "+
			"of a proxy belong in the HTTPS_PROXY environment variable", shown, u.Hostname())
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, fmt.Errorf("the base URL (%s) has a query or fragment: write only scheme, host and optional path prefix", shown)
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("the base URL (%s) would send the access token in clear text: use https://%s (plain http is accepted "+
			"only for loopback hosts, such as the emulator on 127.0.0.1)", shown, u.Host)
	}
	return u, nil
}

// DescribeURL shows a URL by its scheme and host only, for errors about a value that may
// hold credentials or keys: "https://[hidden]@proxy.example" for one with userinfo. A
// value that does not parse shows everything between "://" and its last "@" as [hidden],
// and nothing after the host; one without "://" is only "[hidden]".
func DescribeURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Scheme != "" && u.Host != "" {
		if u.User != nil {
			return u.Scheme + "://[hidden]@" + u.Host
		}
		return u.Scheme + "://" + u.Host
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || !isScheme(scheme) {
		return "[hidden]"
	}
	hidden := ""
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		hidden, rest = "[hidden]@", rest[at+1:]
	}
	if end := strings.IndexAny(rest, "/?# %"); end >= 0 {
		rest = rest[:end]
	}
	return scheme + "://" + hidden + rest
}

// isScheme reports a URL scheme as RFC 3986 writes it: a letter, then letters, digits, '+', '-' or '.'.
func isScheme(s string) bool {
	for i, c := range s {
		letter := ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		if !letter && (i == 0 || (c < '0' || c > '9') && c != '+' && c != '-' && c != '.') {
			return false
		}
	}
	return s != ""
}

// IsLoopbackHost reports "localhost" and loopback IP literals (127.0.0.0/8, ::1): the
// only hosts a token may reach over plain http. localhost is trusted only as far as the
// transport's dial check, which refuses it when it resolves elsewhere.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// RedactURL returns raw with the password of any userinfo replaced by "xxxxx" (and a
// user name alone, which may be a token, replaced too); what is not a URL is returned
// as it is.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, hasPassword := u.User.Password(); !hasPassword {
		u.User = url.User("xxxxx")
	}
	return u.Redacted()
}

// redact withholds text that holds part of the access token (see tokenGuard).
func (c *Client) redact(text string) string { return c.guard.scrub(text) }

// segment checks one path segment taken from an id (a secret's, a test workspace's):
// empty, "." and ".." would address another path, and "/" another resource, so none of
// them is sent.
func segment(what, id string) (string, error) {
	switch {
	case id == "", id == ".", id == "..", strings.Contains(id, "/"), strings.Contains(id, "\\"):
		return "", fmt.Errorf("intercom: %q is not a valid %s id: it is empty, a dot path or holds a slash, so no call was made", id, what)
	}
	return id, nil
}

// requestOptions describe one API call.
type requestOptions struct {
	method string
	path   string // starting with "/", already escaped
	// route is the path's template (/contacts/{contact_id}) when the path holds an id: what
	// errors and log lines name. Empty for a path without one.
	route   string
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
	concrete := o.path
	if o.route != "" {
		o.path = o.route // what errors and log lines name from here on
	}
	var payload []byte
	if o.body != nil {
		var err error
		if payload, err = json.Marshal(o.body); err != nil {
			return fmt.Errorf("intercom: encoding %s %s: %w", o.method, o.path, err)
		}
	}
	// The path is unescaped: URL.String escapes it exactly once (ids were checked by segment).
	u := *c.baseURL
	u.Path = c.baseURL.Path + concrete
	u.RawPath = ""
	u.RawQuery = o.query.Encode()

	ctx = withRoute(withIdempotency(ctx, o.method != http.MethodPost || o.safe), o.path)
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
		return &TransportError{Method: o.method, Path: o.path, Host: c.baseURL.Host, Err: redactedError{unwrapURLError(err), c.redact},
			NotSent: errors.As(err, &notSent)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return &TransportError{Method: o.method, Path: o.path, Host: c.baseURL.Host, Err: redactedError{err, c.redact}}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.answerError(o, resp, body)
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

// answerError is the error for a non-2xx answer. The whole body is checked for the token
// before decodeError cuts it: a cut could fall inside the token and leave the rest of it
// readable.
func (c *Client) answerError(o requestOptions, resp *http.Response, body []byte) *Error {
	if c.guard.leaks(string(body)) {
		body = []byte(withheldBody)
	}
	e := decodeError(o.method, o.path, o.modelled, resp, body)
	e.Host = c.baseURL.Host
	e.RequestID = c.redact(e.RequestID)
	e.Link = c.redact(e.Link)
	return e
}

// redactedError is an error whose message has the access token removed; errors.Is and
// errors.As still see the error it wraps.
type redactedError struct {
	err    error
	redact func(string) string
}

func (e redactedError) Error() string { return e.redact(e.err.Error()) }
func (e redactedError) Unwrap() error { return e.err }

// unwrapURLError drops net/url's wrapper, which repeats the full URL in every message.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
