package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Creates are not idempotent: when one gets no answer, or a server error, it may or may
// not have happened, and repeating it blindly could leave two objects where one was
// asked for. createReconciled looks first (reconcile), and only creates again when the
// earlier attempt left nothing usable.

// reconcileFunc inspects Intercom after a create with an unknown outcome. It returns the
// object to adopt, if the lost create made one that can be used; or nil to create again
// (having cleaned up whatever cannot be used).
type reconcileFunc[T any] func(ctx context.Context) (*T, error)

// reconcileGrace bounds the last reconcile's calls once the caller's context is gone
// (Ctrl-C): long enough to list and delete, short enough not to hold up a stop.
const reconcileGrace = 30 * time.Second

func createReconciled[T any](ctx context.Context, attempts int, settle time.Duration, create func(context.Context) (*T, error), reconcile reconcileFunc[T]) (*T, error) {
	var errs []error
	for attempt := 1; ; attempt++ {
		created, err := create(ctx)
		if err == nil || !intercom.IsUnknownOutcome(err) {
			return created, err
		}
		errs = append(errs, err)
		if attempt >= attempts || ctx.Err() != nil {
			return reconcileGivingUp(ctx, settle, err, reconcile, errs)
		}
		adopted, recErr := reconcile(ctx)
		if recErr != nil {
			return nil, errors.Join(append(errs, recErr)...)
		}
		if adopted != nil {
			return adopted, nil
		}
		select { // a short, growing pause: the failure may be a passing overload
		case <-time.After(time.Duration(attempt) * 500 * time.Millisecond):
		case <-ctx.Done():
			return reconcileGivingUp(ctx, settle, ctx.Err(), reconcile, errs)
		}
	}
}

// reconcileGivingUp is the last look after the last create with an unknown outcome, or
// an interrupted one: nothing may stay behind that no state tracks. When the client
// stopped waiting (a timeout, an interrupt), Intercom may still commit the call, so
// the look comes settle later. It runs on a context of its own, so an interrupt does
// not skip it.
func reconcileGivingUp[T any](ctx context.Context, settle time.Duration, last error, reconcile reconcileFunc[T], errs []error) (*T, error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settle+reconcileGrace)
	defer cancel()
	if errors.Is(last, context.DeadlineExceeded) || errors.Is(last, context.Canceled) {
		select {
		case <-time.After(settle):
		case <-rctx.Done():
		}
	}
	adopted, recErr := reconcile(rctx)
	switch {
	case recErr != nil:
		return nil, errors.Join(append(errs, fmt.Errorf("looking for what the lost create left behind: %w", recErr))...)
	case adopted != nil:
		return adopted, nil // tracked from now on, even after an interrupt
	}
	return nil, errors.Join(errs...)
}
