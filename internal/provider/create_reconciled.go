package provider

import (
	"context"
	"errors"
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

func createReconciled[T any](ctx context.Context, attempts int, create func(context.Context) (*T, error), reconcile reconcileFunc[T]) (*T, error) {
	var errs []error
	for attempt := 1; ; attempt++ {
		created, err := create(ctx)
		if err == nil || !intercom.IsUnknownOutcome(err) || ctx.Err() != nil {
			return created, err
		}
		errs = append(errs, err)
		if attempt >= attempts {
			return nil, errors.Join(errs...)
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
			return nil, errors.Join(append(errs, ctx.Err())...)
		}
	}
}
