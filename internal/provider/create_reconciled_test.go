package provider

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

var errLost = &intercom.TransportError{Method: "POST", Path: "/x", Err: errors.New("connection reset")}

type thing struct{ id string }

func TestCreateReconciled(t *testing.T) {
	for _, tc := range []struct {
		name             string
		attempts         int
		createErrs       []error // one per attempt; nil: success
		adoptOnReconcile int     // reconcile number (1-based) that finds the lost create's object; 0: never
		wantCreates      int
		wantReconciles   int
		wantAdopted      bool
		wantErr          bool
	}{
		{"first try", 3, []error{nil}, 0, 1, 0, false, false},
		{"lost, then created", 3, []error{errLost, nil}, 0, 2, 1, false, false},
		{"lost and found before retrying", 3, []error{errLost}, 1, 1, 1, true, false},
		{"last try lost: looked for once more", 1, []error{errLost}, 0, 1, 1, false, true},
		{"last try lost, found by the last look", 2, []error{errLost, errLost}, 2, 2, 2, true, false},
		{"an answered failure is no unknown outcome", 3, []error{&intercom.Error{StatusCode: 422}}, 0, 1, 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			creates, reconciles := 0, 0
			got, err := createReconciled(context.Background(), tc.attempts, 0,
				func(context.Context) (*thing, error) {
					creates++
					if e := tc.createErrs[min(creates, len(tc.createErrs))-1]; e != nil {
						return nil, e
					}
					return &thing{"created"}, nil
				},
				func(context.Context) (*thing, error) {
					reconciles++
					if reconciles == tc.adoptOnReconcile {
						return &thing{"adopted"}, nil
					}
					return nil, nil
				})
			if creates != tc.wantCreates || reconciles != tc.wantReconciles {
				t.Errorf("%d creates and %d reconciles, want %d and %d", creates, reconciles, tc.wantCreates, tc.wantReconciles)
			}
			if (err != nil) != tc.wantErr || (got != nil && got.id == "adopted") != tc.wantAdopted {
				t.Errorf("got %+v, %v", got, err)
			}
		})
	}
}

// Interrupted (Ctrl-C) while the create is in flight: the last look still runs, on a
// context of its own, after waiting for Intercom to commit what it received.
func TestCreateReconciledInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	looked, liveAtLook := false, false
	start := time.Now()
	_, err := createReconciled(ctx, 3, 50*time.Millisecond,
		func(context.Context) (*thing, error) {
			cancel()
			return nil, &intercom.TransportError{Method: "POST", Path: "/x", Err: context.Canceled}
		},
		func(c context.Context) (*thing, error) {
			looked, liveAtLook = true, c.Err() == nil
			return nil, nil
		})
	if err == nil || !looked || !liveAtLook {
		t.Fatalf("err %v; the last look ran: %v, with a live context: %v", err, looked, liveAtLook)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Fatalf("looked after %v, before Intercom could have committed the call (settle 50ms)", d)
	}
}
