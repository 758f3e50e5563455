package intercom

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

type idempotencyKey struct{}

// withIdempotency records whether a request may be repeated safely after an unknown
// outcome (server error, dropped connection). POST creates objects: repeating it could
// create two, so only a 429 (which Intercom answers before acting) is retried for POST.
func withIdempotency(ctx context.Context, idempotent bool) context.Context {
	return context.WithValue(ctx, idempotencyKey{}, idempotent)
}

type routeKey struct{}

// withRoute records the call's route template (/contacts/{contact_id}), which log lines
// name instead of the concrete path: a path may hold an id, and ids can lead to people.
func withRoute(ctx context.Context, route string) context.Context {
	return context.WithValue(ctx, routeKey{}, route)
}

func routeOf(req *http.Request) string {
	if v, ok := req.Context().Value(routeKey{}).(string); ok && v != "" {
		return v
	}
	return req.URL.Path
}

func isIdempotent(ctx context.Context) bool {
	v, _ := ctx.Value(idempotencyKey{}).(bool)
	return v
}

// newRetryingClient wires go-retryablehttp with Intercom's retry rules, over a transport
// that paces on the rate-limit headers, waits out 429s, bounds each attempt by timeout
// and logs it. The timeout is the transport's, per attempt, after pacing: waiting for a
// rate-limit window is not part of an attempt.
func newRetryingClient(cfg Config, timeout time.Duration, c *Client, plainHTTP bool) *retryablehttp.Client {
	base := cfg.HTTPClient
	if base == nil {
		base = cleanhttp.DefaultPooledClient()
	}
	inner := base.Transport
	if inner == nil {
		inner = cleanhttp.DefaultPooledTransport()
	}
	if t, ok := inner.(*http.Transport); ok && plainHTTP {
		inner = loopbackOnly(t)
	}
	hc := *base
	hc.Timeout = 0
	// Intercom's API does not redirect. Following one could carry the token to another
	// host or over plain http (Go keeps Authorization on a same-host http downgrade), and
	// following a router's redirect to another path could read its 404 as "deleted".
	hc.CheckRedirect = refuseRedirects
	hc.Transport = &pacingTransport{
		next: inner, pacer: c.pacer, logger: c.logger, timeout: timeout,
		rateLimitWaitMax: orDefault(cfg.RateLimitWaitMax, 2*intercomWindow), now: time.Now,
	}

	rc := retryablehttp.NewClient()
	rc.HTTPClient = &hc
	rc.Logger = nil // attempts are logged by pacingTransport, without headers
	rc.RetryMax = cfg.MaxRetries
	rc.RetryWaitMin = orDefault(cfg.RetryWaitMin, time.Second)
	rc.RetryWaitMax = orDefault(cfg.RetryWaitMax, 30*time.Second)
	rc.CheckRetry = checkRetry
	rc.Backoff = backoff
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	return rc
}

// ErrRedirect is what a call that Intercom (or a middle box) answered with a redirect
// fails with: the redirect is not followed.
var ErrRedirect = errors.New("the answer was a redirect, which is not followed: Intercom's API does not redirect, " +
	"and following one could send the access token to another host or over plain http; check base_url")

func refuseRedirects(req *http.Request, _ []*http.Request) error {
	return fmt.Errorf("%w (to %s)", ErrRedirect, RedactURL(req.URL.String()))
}

// loopbackOnly returns a copy of t that dials loopback addresses only: base_url may use
// plain http for localhost, and a localhost that resolves elsewhere (a hosts file, a
// resolver) must not receive the token in clear text. The check runs on the address
// actually dialled, after name resolution.
func loopbackOnly(t *http.Transport) http.RoundTripper {
	out := t.Clone()
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: requireLoopback}
	out.DialContext = dialer.DialContext
	out.Proxy = nil // a proxy would carry the clear-text call off the machine
	return loopbackTransport{out}
}

// loopbackTransport is a transport that dials loopback addresses only (loopbackOnly).
type loopbackTransport struct{ *http.Transport }

func isLoopbackOnly(rt http.RoundTripper) bool {
	_, ok := rt.(loopbackTransport)
	return ok
}

// requireLoopback is a net.Dialer Control: it refuses to connect to a non-loopback address.
func requireLoopback(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to send the access token over plain http to %s: the base URL's host resolved "+
			"to an address that is not loopback; use https", host)
	}
	return nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// checkRetry decides whether an attempt is repeated.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	var notSent *notSentError
	if errors.As(err, &notSent) {
		return false, err // never sent: nothing to retry, and the caller must know it
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		var certErr *x509.UnknownAuthorityError
		if errors.As(err, &certErr) {
			return false, err // a TLS trust problem will not fix itself
		}
		return isIdempotent(ctx), err
	}
	// A 429 reaching here outlasted the transport's wait for the window (see
	// pacingTransport): retrying would only spend max_retries on the same window.
	if resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented {
		return isIdempotent(ctx), nil
	}
	return false, nil
}

// backoff backs off exponentially with full jitter, so that parallel clients do not
// retry in lockstep. (429s are waited out by pacingTransport, on Intercom's window.)
func backoff(minWait, maxWait time.Duration, attempt int, _ *http.Response) time.Duration {
	ceiling := float64(minWait) * math.Pow(2, float64(attempt))
	if ceiling > float64(maxWait) {
		ceiling = float64(maxWait)
	}
	half := int64(ceiling / 2)
	return time.Duration(half + rand.Int64N(half+1)) //nolint:gosec // jitter between retries; no secret
}

// maxClockSkew is the difference between Intercom's clock (an answer's Date) and this
// host's under which X-RateLimit-Reset is taken as it is. Date has whole seconds only, so
// correcting smaller skews would add up to a second of error to every wait.
const maxClockSkew = 2 * time.Second

// rateLimitReset reads X-RateLimit-Reset (Unix seconds, on Intercom's clock) as a time on
// this host's clock, at most one window (intercomWindow) from now. When the answer's Date
// shows the clocks apart by more than maxClockSkew, the reset is measured from that Date
// and added to now, so the skew neither turns a wait into a burst of retries nor
// stretches it. It also returns the raw value, which names the window.
func rateLimitReset(h http.Header, now time.Time) (reset time.Time, window int64, ok bool) {
	v, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil || v <= 0 {
		return time.Time{}, 0, false
	}
	reset = time.Unix(v, 0)
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		if skew := date.Sub(now); skew > maxClockSkew || skew < -maxClockSkew {
			reset = now.Add(reset.Sub(date))
		}
	}
	// Intercom's windows last intercomWindow: a reset further away (a broken or hostile
	// middle box) would hold every later call past request_timeout, so it is clamped.
	if reset.Sub(now) > intercomWindow {
		reset = now.Add(intercomWindow)
	}
	return reset, v, true
}

// intercomWindow is how long Intercom's rate-limit windows last (10 seconds).
const intercomWindow = 10 * time.Second

// minRateLimitWait is the least a 429 is waited out: an answer whose reset has passed
// already (clocks, rounding) must not turn into a burst of immediate retries.
const minRateLimitWait = 500 * time.Millisecond

// pacingTransport sends one call: it waits for a free slot in the rate-limit window
// before each attempt, bounds the attempt by timeout, records the window's headers after
// it, waits out 429s until the window resets (up to rateLimitWaitMax, whatever
// max_retries says: Intercom answers 429 before acting, so it counts no failure), and
// logs each attempt.
type pacingTransport struct {
	next             http.RoundTripper
	pacer            *pacer
	logger           Logger
	timeout          time.Duration
	rateLimitWaitMax time.Duration
	now              func() time.Time
}

// notSentError is a call given up before it was sent (while waiting for the rate-limit
// window): Intercom cannot have acted on it.
type notSentError struct{ err error }

func (e *notSentError) Error() string {
	return "not sent (waiting for Intercom's rate-limit window): " + e.err.Error()
}
func (e *notSentError) Unwrap() error { return e.err }

func (t *pacingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close() //nolint:gosec // closing a request body whose error cannot change the outcome
		if err != nil {
			return nil, &notSentError{err}
		}
		body = b
	}
	var rateLimitedFor time.Duration
	for {
		waited, err := t.pacer.wait(ctx)
		if err != nil {
			return nil, &notSentError{err}
		}
		resp, err := t.attempt(req, body, waited)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests {
			return resp, err
		}
		// Intercom answered 429 before acting: wait for its window to reset, then send again.
		pause := minRateLimitWait
		if reset, _, ok := rateLimitReset(resp.Header, t.now()); ok {
			pause = max(reset.Sub(t.now()), minRateLimitWait)
		}
		// A little jitter spreads the callers that all waited for the same reset.
		pause += time.Duration(rand.Int64N(int64(250 * time.Millisecond))) //nolint:gosec // jitter between retries; no secret
		if rateLimitedFor+pause > t.rateLimitWaitMax {
			return resp, nil // the caller reports the 429, after waiting rateLimitedFor
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close() //nolint:gosec // draining an answer already read; its error cannot change the outcome
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, &notSentError{ctx.Err()}
		case <-timer.C:
			rateLimitedFor += pause
		}
	}
}

// attempt sends the request once, bounded by the transport's timeout; the timeout's
// context ends when the caller closes the answer's body.
func (t *pacingTransport) attempt(req *http.Request, body []byte, paced time.Duration) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	out := req.Clone(ctx)
	if body != nil {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	start := time.Now()
	t.pacer.begin()
	resp, err := t.next.RoundTrip(out)
	t.pacer.end(resp)
	if err != nil && errors.Is(err, context.DeadlineExceeded) && req.Context().Err() == nil {
		err = fmt.Errorf("no answer within request_timeout (%s): %w", t.timeout, err)
	}
	if t.logger != nil {
		fields := map[string]any{
			"method":      req.Method,
			"path":        routeOf(req),
			"version":     req.Header.Get("Intercom-Version"),
			"duration_ms": time.Since(start).Milliseconds(),
		}
		if paced > 0 {
			fields["paced_ms"] = paced.Milliseconds()
		}
		if err != nil {
			fields["error"] = err.Error()
		} else {
			fields["status"] = resp.StatusCode
			fields["request_id"] = resp.Header.Get("X-Request-Id")
			fields["rate_limit_remaining"] = resp.Header.Get("X-RateLimit-Remaining")
		}
		t.logger.Debug(req.Context(), "Intercom API request", fields)
	}
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends an attempt's timeout context once its answer has been read.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
