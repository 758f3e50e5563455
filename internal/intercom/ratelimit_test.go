package intercom_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// newClientWith is newClient with the rest of Config set by edit.
func newClientWith(t *testing.T, srv *emulator.Server, edit func(*intercom.Config)) *intercom.Client {
	t.Helper()
	cfg := intercom.Config{BaseURL: srv.URL(), AccessToken: token, RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 20 * time.Millisecond}
	edit(&cfg)
	c, err := intercom.New(cfg)
	if err != nil {
		t.Fatalf("intercom.New: %v", err)
	}
	return c
}

// exhaustWindow spends the workspace's window behind the tested client's back, so that
// its pacer cannot know and its next call meets a 429.
func exhaustWindow(t *testing.T, srv *emulator.Server, calls int) {
	t.Helper()
	filler := newClient(t, srv, token, 0, nil)
	for range calls {
		_, _ = filler.GetTwoFactor(context.Background())
	}
}

// A 429 is waited out whatever max_retries says: that setting counts failures, and
// Intercom answers 429 before acting.
func TestRateLimitIsWaitedOutWithoutRetries(t *testing.T) {
	srv := startEmulator(t, emulator.Config{Window: time.Second, RateLimit: 2})
	exhaustWindow(t, srv, 2)
	c := newClientWith(t, srv, func(cfg *intercom.Config) { cfg.MaxRetries = 0 })
	if _, err := c.GetTwoFactor(context.Background()); err != nil {
		t.Fatalf("with max_retries = 0, a 429 must still be waited out: %v", err)
	}
	if srv.Stats().RateLimited == 0 {
		t.Fatal("the emulator answered no 429: the test did not exercise the wait")
	}
}

// The wait is capped: past the cap the call fails with Intercom's 429, named.
func TestRateLimitWaitIsCapped(t *testing.T) {
	srv := startEmulator(t, emulator.Config{Window: 3 * time.Second, RateLimit: 1})
	exhaustWindow(t, srv, 1)
	c := newClientWith(t, srv, func(cfg *intercom.Config) {
		cfg.MaxRetries = 5
		cfg.RateLimitWaitMax = 200 * time.Millisecond
	})
	start := time.Now()
	_, err := c.GetTwoFactor(context.Background())
	var apiErr *intercom.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests || apiErr.Code() != "rate_limit_exceeded" {
		t.Fatalf("err = %v, want Intercom's 429 rate_limit_exceeded once the cap is reached", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("gave up after %v, past the 200ms cap", d)
	}
	if n := srv.Stats().RateLimited; n > 2 {
		t.Fatalf("the emulator answered %d 429s: max_retries must not repeat a rate-limited call", n)
	}
}

// Intercom's clock and this host's differ: the reset is read against the answer's Date,
// so a clock behind ours does not turn the wait into a burst of retries, and a clock
// ahead of ours does not stretch it into a long sleep.
func TestRateLimitWaitSurvivesClockSkew(t *testing.T) {
	for _, skew := range []time.Duration{-time.Hour, time.Hour} {
		t.Run(skew.String(), func(t *testing.T) {
			srv := startEmulator(t, emulator.Config{Window: time.Second, RateLimit: 2,
				Now: func() time.Time { return time.Now().Add(skew) }})
			exhaustWindow(t, srv, 2)
			c := newClientWith(t, srv, func(cfg *intercom.Config) { cfg.MaxRetries = 5 })
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if _, err := c.GetTwoFactor(ctx); err != nil {
				t.Fatalf("a %v skew broke the wait: %v", skew, err)
			}
			if n := srv.Stats().RateLimited; n > 2 {
				t.Fatalf("a %v skew made the client retry in a burst: %d answers 429", skew, n)
			}
		})
	}
}

// Waiting for the rate-limit window is not part of an attempt's timeout: a call paced
// for longer than request_timeout is still sent, and answered.
func TestPacingIsNotPartOfTheTimeout(t *testing.T) {
	srv := startEmulator(t, emulator.Config{Window: time.Second, RateLimit: 1})
	c := newClientWith(t, srv, func(cfg *intercom.Config) { cfg.RequestTimeout = 300 * time.Millisecond })
	if _, err := c.GetTwoFactor(context.Background()); err != nil { // learns: 0 left in this window
		t.Fatal(err)
	}
	if _, err := c.GetTwoFactor(context.Background()); err != nil {
		t.Fatalf("a call paced past request_timeout failed: %v", err)
	}
	if n := srv.Stats().RateLimited; n != 0 {
		t.Fatalf("the emulator answered %d 429s: the test meant to exercise pacing, not 429s", n)
	}
}

// A call given up while it waited for the window was never sent: not an unknown outcome.
func TestGivenUpWhilePacedIsNotUnknownOutcome(t *testing.T) {
	srv := startEmulator(t, emulator.Config{Window: 5 * time.Second, RateLimit: 1})
	c := newClientWith(t, srv, func(*intercom.Config) {})
	if _, err := c.GetTwoFactor(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := srv.Stats().Total
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.CreateTestWorkspace(ctx, "Staging")
	var transportErr *intercom.TransportError
	if !errors.As(err, &transportErr) || !transportErr.NotSent || intercom.IsUnknownOutcome(err) {
		t.Fatalf("err = %#v, want a TransportError marked NotSent and no unknown outcome", err)
	}
	if n := srv.Stats().Total - before; n != 0 {
		t.Fatalf("a call given up while paced reached the emulator %d times", n)
	}
}
