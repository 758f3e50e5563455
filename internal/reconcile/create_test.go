package reconcile

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

var (
	errLost    = &intercom.TransportError{Method: "POST", Path: "/x", Err: errors.New("connection reset")}
	errGateway = &intercom.Error{StatusCode: http.StatusBadGateway, Method: "POST", Path: "/x"}
)

type thing struct{ id string }

// fakeClock is an injected clock: sleeping advances it at once.
type fakeClock struct{ now time.Duration }

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) bool {
	if ctx.Err() != nil {
		return false
	}
	c.now += d
	return true
}

// lateIntercom is Intercom as a gateway sees it: each create it is sent commits
// commitDelay after it was sent, whatever the answer said; a look sees what has
// committed by the fake clock's now.
type lateIntercom struct {
	clock       *fakeClock
	commitDelay time.Duration
	answers     []error // per create; nil: answered with success
	sent        []time.Duration
	deleted     map[int]bool
}

func (l *lateIntercom) create(context.Context) (*thing, error) {
	l.sent = append(l.sent, l.clock.now)
	if e := l.answers[min(len(l.sent), len(l.answers))-1]; e != nil {
		return nil, e
	}
	return &thing{"answered"}, nil
}

// reconcile deletes every committed object whose answer was lost (as the secret does).
func (l *lateIntercom) reconcile(context.Context) (*thing, error) {
	for i, at := range l.sent {
		if l.answers[min(i+1, len(l.answers))-1] != nil && at+l.commitDelay <= l.clock.now {
			l.deleted[i] = true
		}
	}
	return nil, nil
}

// live counts the objects alive once every call has landed: those answered (tracked)
// and those lost and never deleted (orphans).
func (l *lateIntercom) live() (tracked, orphans int) {
	for i := range l.sent {
		switch {
		case l.answers[min(i+1, len(l.answers))-1] == nil:
			tracked++
		case !l.deleted[i]:
			orphans++
		}
	}
	return tracked, orphans
}

// A create that Intercom commits after the answer (a gateway's 502 now, the commit a
// second later; or a timeout, the commit after it) must not leave a second object: the
// look waits for the call to land, under the default policy (5 attempts, 30 s).
func TestCreateReconciledWaitsForALateCommit(t *testing.T) {
	for name, commitDelay := range map[string]time.Duration{
		"gateway 502, commit a second later": time.Second,
		"commit just before settle ends":     30 * time.Second,
	} {
		t.Run(name, func(t *testing.T) {
			clock := &fakeClock{}
			l := &lateIntercom{clock: clock, commitDelay: commitDelay, answers: []error{errGateway, nil}, deleted: map[int]bool{}}
			got, err := Create(context.Background(), Policy{Attempts: 5, Settle: 30 * time.Second, Sleep: clock.sleep}, l.create, l.reconcile)
			if err != nil || got == nil {
				t.Fatalf("got %v, %v", got, err)
			}
			if tracked, orphans := l.live(); tracked != 1 || orphans != 0 {
				t.Fatalf("%d tracked and %d orphaned objects, want exactly one, tracked", tracked, orphans)
			}
			if len(l.sent) != 2 || l.sent[1] < 30*time.Second {
				t.Errorf("creates sent at %v: the second must follow the settle wait", l.sent)
			}
		})
	}
}

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
		{"gateway error, then created", 3, []error{errGateway, nil}, 0, 2, 1, false, false},
		{"lost and found before retrying", 3, []error{errLost}, 1, 1, 1, true, false},
		{"last try lost: looked for once more", 1, []error{errLost}, 0, 1, 1, false, true},
		{"last try lost, found by the last look", 2, []error{errLost, errLost}, 2, 2, 2, true, false},
		{"every try lost", 3, []error{errLost}, 0, 3, 3, false, true},
		{"an answered failure is no unknown outcome", 3, []error{&intercom.Error{StatusCode: 422}}, 0, 1, 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := &fakeClock{}
			creates, reconciles := 0, 0
			var lookedAt []time.Duration
			got, err := Create(context.Background(), Policy{Attempts: tc.attempts, Settle: 30 * time.Second, Sleep: clock.sleep},
				func(context.Context) (*thing, error) {
					creates++
					if e := tc.createErrs[min(creates, len(tc.createErrs))-1]; e != nil {
						return nil, e
					}
					return &thing{"created"}, nil
				},
				func(context.Context) (*thing, error) {
					reconciles++
					lookedAt = append(lookedAt, clock.now)
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
			for i, at := range lookedAt {
				if want := time.Duration(i+1) * 30 * time.Second; at != want {
					t.Errorf("look %d at %v, want %v: every look follows a full settle wait", i+1, at, want)
				}
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
	_, err := Create(ctx, Policy{Attempts: 3, Settle: 50 * time.Millisecond},
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

// Ctrl-C 400 ms into a 1 s settle wait: the last look waits the remaining 600 ms (Intercom
// may still commit what it received), not the whole wait again, and not longer.
func TestCreateReconciledInterruptedWaitsOnlyTheRest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var clock time.Duration
	var waits []time.Duration
	p := Policy{Attempts: 3, Settle: time.Second,
		Now: func() time.Time { return time.Unix(0, 0).Add(clock) },
		Sleep: func(c context.Context, d time.Duration) bool {
			waits = append(waits, d)
			if len(waits) == 1 {
				clock += 400 * time.Millisecond
				cancel()
				return false
			}
			clock += d
			return c.Err() == nil
		}}
	_, err := Create(ctx, p, func(context.Context) (*thing, error) { return nil, errLost },
		func(context.Context) (*thing, error) { return nil, nil })
	if err == nil || len(waits) != 2 || waits[0] != time.Second || waits[1] != 600*time.Millisecond {
		t.Fatalf("err %v, waits %v; want 1s interrupted at 400ms, then the remaining 600ms", err, waits)
	}
}
