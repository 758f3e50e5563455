package intercom

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// A reset an hour away (a broken or hostile middle box) is recorded at most one window
// away, so neither the pacer nor a 429's wait holds a call for the hour.
func TestRateLimitResetIsClampedToOneWindow(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	for name, reset := range map[string]time.Time{
		"an hour away":         now.Add(time.Hour),
		"a day away":           now.Add(24 * time.Hour),
		"far in the future":    time.Unix(1<<40, 0),
		"with Date (no skew)":  now.Add(time.Hour),
		"within the window":    now.Add(4 * time.Second),
		"exactly one window":   now.Add(intercomWindow),
		"just past one window": now.Add(intercomWindow + time.Second),
	} {
		t.Run(name, func(t *testing.T) {
			h := http.Header{}
			h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
			if name == "with Date (no skew)" {
				h.Set("Date", now.UTC().Format(http.TimeFormat))
			}
			got, window, ok := rateLimitReset(h, now)
			if !ok || window != reset.Unix() {
				t.Fatalf("rateLimitReset = %v, %d, %v", got, window, ok)
			}
			want := reset
			if reset.Sub(now) > intercomWindow {
				want = now.Add(intercomWindow)
			}
			if !got.Equal(want) {
				t.Errorf("reset %v from now recorded as %v from now, want %v", reset.Sub(now), got.Sub(now), want.Sub(now))
			}
		})
	}
}

// The pacer, which every later call waits on, records the clamped reset: with no budget
// left, the next call waits at most one window.
func TestPacerWaitsAtMostOneWindowForAHostileReset(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	p := newPacer(func() time.Time { return now })
	resp := &http.Response{Header: http.Header{}}
	resp.Header.Set("X-RateLimit-Limit", "10")
	resp.Header.Set("X-RateLimit-Remaining", "0")
	resp.Header.Set("X-RateLimit-Reset", strconv.FormatInt(now.Add(time.Hour).Unix(), 10))
	p.begin()
	p.end(resp)
	if !p.known || p.remaining != 0 {
		t.Fatalf("the pacer did not record the spent window: known %v, remaining %d", p.known, p.remaining)
	}
	if wait := p.reset.Sub(now); wait > intercomWindow {
		t.Fatalf("the next call would wait %v for a reset an hour away, want at most %v", wait, intercomWindow)
	}
}
