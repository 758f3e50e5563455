package intercom

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// pacer spends the rate-limit budget Intercom reports, so that a parallel apply waits
// for the next window instead of running into 429s. Intercom counts calls in fixed
// windows and reports what is left (X-RateLimit-Remaining) and when the window ends
// (X-RateLimit-Reset); the pacer keeps a local count of that budget between answers.
type pacer struct {
	mu        sync.Mutex
	now       func() time.Time
	known     bool      // a window has been reported and has not ended yet
	remaining int       // calls left in the window, less those sent since
	reset     time.Time // end of the window, on this host's clock
	window    int64     // X-RateLimit-Reset of the window, which names it
	limit     int       // calls per window (X-RateLimit-Limit); 0 until reported
	inFlight  int       // attempts sent and not answered yet
}

// unknownWindowPoll is how often a caller that spent the budget of a window no answer
// has described yet checks again.
const unknownWindowPoll = 50 * time.Millisecond

func newPacer(now func() time.Time) *pacer { return &pacer{now: now} }

// wait blocks until the budget allows one more call, and takes it. It returns how long it waited.
func (p *pacer) wait(ctx context.Context) (time.Duration, error) {
	var waited time.Duration
	for {
		p.mu.Lock()
		now := p.now()
		if p.known && !now.Before(p.reset) {
			// The window ended: a new one starts with the full limit, and the next
			// answer says when it ends.
			p.known, p.remaining = false, p.limit
		}
		if p.limit == 0 || p.remaining > 0 {
			if p.limit > 0 {
				p.remaining--
			}
			p.mu.Unlock()
			return waited, nil
		}
		pause := unknownWindowPoll
		if p.known {
			pause = p.reset.Sub(now)
		}
		p.mu.Unlock()

		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return waited, ctx.Err()
		case <-timer.C:
			waited += pause
		}
	}
}

func (p *pacer) begin() {
	p.mu.Lock()
	p.inFlight++
	p.mu.Unlock()
}

// end records the budget an answer reports. Calls still in flight may not be counted
// in that answer yet, so they are taken off it: erring towards waiting, not towards 429s.
func (p *pacer) end(resp *http.Response) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inFlight--
	if resp == nil {
		return
	}
	remaining, err := strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining"))
	if err != nil {
		return
	}
	reset, window, ok := rateLimitReset(resp.Header, p.now())
	if !ok || !p.now().Before(reset) {
		return
	}
	firstReport := p.limit == 0
	if limit, err := strconv.Atoi(resp.Header.Get("X-RateLimit-Limit")); err == nil && limit > 0 {
		p.limit = limit
	}
	budget := max(remaining-p.inFlight, 0)
	switch {
	case !p.known && !firstReport:
		// Calls sent since the last window ended were counted locally against the full
		// limit: keep the stricter of that count and the answer's.
		p.known, p.reset, p.window, p.remaining = true, reset, window, min(budget, p.remaining)
	case !p.known || window > p.window:
		p.known, p.reset, p.window, p.remaining = true, reset, window, budget
	case window == p.window:
		p.remaining = min(p.remaining, budget)
	}
}
