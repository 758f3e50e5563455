package intercom

import (
	"context"
	"crypto/x509"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
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

func isIdempotent(ctx context.Context) bool {
	v, _ := ctx.Value(idempotencyKey{}).(bool)
	return v
}

// newRetryingClient wires go-retryablehttp with Intercom's retry rules, over a transport
// that paces on the rate-limit headers and logs each attempt.
func newRetryingClient(cfg Config, timeout time.Duration, c *Client) *retryablehttp.Client {
	base := cfg.HTTPClient
	if base == nil {
		base = cleanhttp.DefaultPooledClient()
	}
	inner := base.Transport
	if inner == nil {
		inner = cleanhttp.DefaultPooledTransport()
	}
	hc := *base
	hc.Timeout = timeout
	hc.Transport = &pacingTransport{next: inner, pacer: c.pacer, logger: c.logger}

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

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// checkRetry decides whether an attempt is repeated.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
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
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return isIdempotent(ctx), nil
	}
	return false, nil
}

// backoff waits until the rate-limit window resets after a 429, and otherwise backs off
// exponentially with full jitter, so that parallel clients do not retry in lockstep.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		if reset, ok := rateLimitReset(resp.Header); ok {
			wait := time.Until(reset)
			// A little jitter spreads the callers that all waited for the same reset.
			return max(wait, 0) + time.Duration(rand.Int64N(int64(250*time.Millisecond)))
		}
	}
	ceiling := float64(minWait) * math.Pow(2, float64(attempt))
	if ceiling > float64(maxWait) {
		ceiling = float64(maxWait)
	}
	half := int64(ceiling / 2)
	return time.Duration(half + rand.Int64N(half+1))
}

// rateLimitReset reads X-RateLimit-Reset (Unix seconds).
func rateLimitReset(h http.Header) (time.Time, bool) {
	v, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil || v <= 0 {
		return time.Time{}, false
	}
	return time.Unix(v, 0), true
}

// pacingTransport waits for a free slot in the rate-limit window before each attempt,
// records the window's headers after it, and logs the attempt.
type pacingTransport struct {
	next   http.RoundTripper
	pacer  *pacer
	logger Logger
}

func (t *pacingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	waited, err := t.pacer.wait(ctx)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	t.pacer.begin()
	resp, err := t.next.RoundTrip(req)
	t.pacer.end(resp)
	if t.logger != nil {
		fields := map[string]any{
			"method":      req.Method,
			"path":        req.URL.Path,
			"version":     req.Header.Get("Intercom-Version"),
			"duration_ms": time.Since(start).Milliseconds(),
		}
		if waited > 0 {
			fields["paced_ms"] = waited.Milliseconds()
		}
		if err != nil {
			fields["error"] = err.Error()
		} else {
			fields["status"] = resp.StatusCode
			fields["request_id"] = resp.Header.Get("X-Request-Id")
			fields["rate_limit_remaining"] = resp.Header.Get("X-RateLimit-Remaining")
		}
		t.logger.Debug(ctx, "Intercom API request", fields)
	}
	return resp, err
}
