package intercom

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Backoff grows exponentially from minWait, is capped at maxWait, and is jittered within
// the upper half of its ceiling.
func TestBackoff(t *testing.T) {
	for attempt, bounds := range map[int][2]time.Duration{
		0:  {500 * time.Millisecond, time.Second},
		3:  {4 * time.Second, 8 * time.Second},
		10: {15 * time.Second, 30 * time.Second},
	} {
		for range 50 {
			if d := backoff(time.Second, 30*time.Second, attempt, nil); d < bounds[0] || d > bounds[1] {
				t.Fatalf("attempt %d waited %v, want within %v", attempt, d, bounds)
			}
		}
	}
}

// The defaults a Config leaves to New.
func TestNewDefaults(t *testing.T) {
	c, err := New(Config{BaseURL: "https://api.intercom.io", AccessToken: "dG9rOmRlZmF1bHRz"})
	if err != nil {
		t.Fatal(err)
	}
	if c.http.RetryWaitMin != time.Second || c.http.RetryWaitMax != 30*time.Second || c.http.RetryMax != 0 {
		t.Errorf("retry waits %v..%v, max %d", c.http.RetryWaitMin, c.http.RetryWaitMax, c.http.RetryMax)
	}
	pt := c.http.HTTPClient.Transport.(*pacingTransport)
	if pt.timeout != 30*time.Second || pt.rateLimitWaitMax != 2*intercomWindow {
		t.Errorf("timeout %v, rate-limit wait cap %v", pt.timeout, pt.rateLimitWaitMax)
	}
}

// X-RateLimit-Reset must be a positive number; the answer's Date corrects it only when the
// clocks are more than maxClockSkew apart.
func TestRateLimitResetSkewBoundary(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	for _, v := range []string{"0", "-5", "soon", ""} {
		h := http.Header{}
		h.Set("X-RateLimit-Reset", v)
		if _, _, ok := rateLimitReset(h, now); ok {
			t.Errorf("X-RateLimit-Reset %q was accepted", v)
		}
	}
	reset := now.Add(5 * time.Second)
	for skew, corrected := range map[time.Duration]bool{
		maxClockSkew: false, -maxClockSkew: false, maxClockSkew + time.Second: true, -maxClockSkew - time.Second: true,
	} {
		h := http.Header{}
		h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Add(skew).Unix(), 10))
		h.Set("Date", now.Add(skew).UTC().Format(http.TimeFormat))
		got, _, _ := rateLimitReset(h, now)
		if !corrected && !got.Equal(reset.Add(skew)) {
			t.Errorf("skew %v within the tolerance was corrected: %v from now", skew, got.Sub(now))
		}
		if corrected && !got.Equal(reset) {
			t.Errorf("skew %v past the tolerance was not corrected: %v from now", skew, got.Sub(now))
		}
	}
}

// Calls in flight are taken off the budget an answer reports.
func TestPacerSubtractsCallsInFlight(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	p := newPacer(func() time.Time { return now })
	resp := &http.Response{Header: http.Header{}}
	resp.Header.Set("X-RateLimit-Limit", "100")
	resp.Header.Set("X-RateLimit-Remaining", "5")
	resp.Header.Set("X-RateLimit-Reset", strconv.FormatInt(now.Add(5*time.Second).Unix(), 10))
	p.begin()
	p.begin()
	p.end(resp) // one call still in flight
	if p.remaining != 4 {
		t.Fatalf("remaining %d, want 5 less the call still in flight", p.remaining)
	}
}

type lines struct {
	mu  sync.Mutex
	all []map[string]any
}

func (l *lines) Debug(_ context.Context, _ string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = append(l.all, fields)
}

// An attempt that outlasts request_timeout says so; an unpaced call logs no pacing; a
// retried PUT sends its body again.
func TestAttemptEdges(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	attempts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		attempts++
		n := attempts
		b := make([]byte, 512)
		k, _ := r.Body.Read(b)
		bodies = append(bodies, string(b[:k]))
		mu.Unlock()
		switch {
		case r.URL.Path == "/slow":
			time.Sleep(300 * time.Millisecond)
		case r.Method == http.MethodPut && n == 1:
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"type":"ip_allowlist","enabled":true,"ip_allowlist":["10.0.0.1"]}`))
	}))
	defer srv.Close()
	log := &lines{}
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "dG9rOmF0dGVtcHRz", MaxRetries: 2, RetryWaitMin: time.Millisecond,
		RetryWaitMax: 2 * time.Millisecond, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateIPAllowlist(context.Background(), IPAllowlist{Enabled: true, Ranges: []string{"10.0.0.1"}}); err != nil {
		t.Fatalf("a PUT retried after a 503: %v", err)
	}
	if len(bodies) != 2 || bodies[0] == "" || bodies[1] != bodies[0] {
		t.Fatalf("the retried PUT sent %q", bodies)
	}
	for _, l := range log.all {
		if _, paced := l["paced_ms"]; paced {
			t.Errorf("an unpaced call logged paced_ms: %v", l)
		}
	}

	slow, err := New(Config{BaseURL: srv.URL, AccessToken: "dG9rOmF0dGVtcHRz", RequestTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	err = slow.do(context.Background(), requestOptions{method: http.MethodGet, path: "/slow", version: VersionCurrent}, nil)
	if err == nil || !strings.Contains(err.Error(), "no answer within request_timeout (100ms)") {
		t.Fatalf("a call past request_timeout: %v", err)
	}
}

// A failed read returns no value beside its error.
func TestFailedReadsReturnNothing(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"type":"error.list","errors":[{"code":"parameter_invalid","message":"no"}]}`))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "dG9rOmZhaWxlZA=="})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetTrustedDomains(context.Background()); got != nil || err == nil {
		t.Errorf("GetTrustedDomains: %+v, %v", got, err)
	}
	if got, err := c.GetIPAllowlist(context.Background()); got != nil || err == nil {
		t.Errorf("GetIPAllowlist: %+v, %v", got, err)
	}
}

// A PUT that Intercom answers 429 is sent again, body and all, once the window resets.
func TestRateLimitedPutIsResentWithItsBody(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 512)
		k, _ := r.Body.Read(b)
		mu.Lock()
		bodies = append(bodies, string(b[:k]))
		first := len(bodies) == 1
		mu.Unlock()
		if first {
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Unix(), 10))
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"type":"ip_allowlist","enabled":true,"ip_allowlist":["10.0.0.1"]}`))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "dG9rOnJhdGUtbGltaXRlZA=="})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateIPAllowlist(context.Background(), IPAllowlist{Enabled: true, Ranges: []string{"10.0.0.1"}}); err != nil {
		t.Fatal(err)
	}
	if len(bodies) != 2 || bodies[0] == "" || bodies[1] != bodies[0] {
		t.Fatalf("the PUT after the 429 sent %q", bodies)
	}
}
