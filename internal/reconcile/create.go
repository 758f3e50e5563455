// Package reconcile decides what a create whose outcome is unknown leaves behind: when to
// look, when to create again, and when to stop. It is pure: the caller hands it the
// create and the look, and a clock for tests.
package reconcile

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Creates are not idempotent: when one gets no answer, or a server error, it may or may
// not have happened, and repeating it blindly could leave two objects where one was
// asked for. Worse, Intercom may commit it after answering (a gateway's 502/503/504) or
// after the client stopped waiting (a timeout, a dropped connection): a look made at once
// finds nothing, and the next create then makes a second object when the first lands.
// Create therefore waits for the lost call to land (settle) before every look
// (reconcile), and creates again only when that look left nothing behind.

// Func inspects Intercom after a create with an unknown outcome. It returns the
// object to adopt, if the lost create made one that can be used; or nil to create again
// (having cleaned up whatever cannot be used).
type Func[T any] func(ctx context.Context) (*T, error)

// reconcileGrace bounds the last reconcile's calls once the caller's context is gone
// (Ctrl-C): long enough to list and delete, short enough not to hold up a stop.
const reconcileGrace = 30 * time.Second

// Policy is how Create retries: attempts creates at most, and a wait of
// settle after each unknown outcome before looking. sleep waits d or until ctx ends and
// reports whether it waited the whole d; nil means real timers (tests inject a clock).
type Policy struct {
	Attempts int
	Settle   time.Duration
	Sleep    func(ctx context.Context, d time.Duration) bool
	Now      func() time.Time // nil: the real clock (tests inject one with Sleep)
}

func (p Policy) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Wait waits d (with the injected clock when there is one), or until ctx ends, and
// reports whether it waited the whole d.
func (p Policy) Wait(ctx context.Context, d time.Duration) bool { return p.wait(ctx, d) }

func (p Policy) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func Create[T any](ctx context.Context, p Policy, create func(context.Context) (*T, error), reconcile Func[T]) (*T, error) {
	var errs []error
	for attempt := 1; ; attempt++ {
		created, err := create(ctx)
		if err == nil || !intercom.IsUnknownOutcome(err) {
			return created, err
		}
		errs = append(errs, err)
		last := attempt >= max(p.Attempts, 1)
		// Let the lost call land before looking. An interrupt during the wait makes this
		// the last look, on a context of its own, after the rest of the wait.
		start := p.now()
		if !p.wait(ctx, p.Settle) {
			last = true
		}
		lookCtx := ctx
		if last || ctx.Err() != nil {
			var cancel context.CancelFunc
			lookCtx, cancel = context.WithTimeout(context.WithoutCancel(ctx), p.Settle+reconcileGrace)
			defer cancel()
			if ctx.Err() != nil {
				p.wait(lookCtx, p.Settle-p.now().Sub(start))
			}
			last = true
		}
		adopted, recErr := reconcile(lookCtx)
		switch {
		case recErr != nil:
			return nil, errors.Join(append(errs, fmt.Errorf("looking for what the lost create left behind: %w", recErr))...)
		case adopted != nil:
			return adopted, nil // tracked from now on, even after an interrupt
		case last:
			return nil, errors.Join(errs...)
		}
	}
}
