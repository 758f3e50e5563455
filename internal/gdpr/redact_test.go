package gdpr

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

type fakeRedactor struct {
	answers map[string]error
	tried   []string
	cancel  func(id string)
}

func (f *fakeRedactor) RedactConversationPart(_ context.Context, _, partID string, _ bool) error {
	f.tried = append(f.tried, partID)
	if f.cancel != nil {
		f.cancel(partID)
	}
	return f.answers[partID]
}

// Every part is tried; only 400 and 422 mean "not redactable"; a 429 is rate limiting, a
// 5xx or a lost answer leaves the outcome unknown, and a 401/403 stops the run (every
// later call would be refused too), leaving the rest not attempted.
func TestRedactTriesEveryPartAndSaysWhatEachAnswerMeans(t *testing.T) {
	f := &fakeRedactor{answers: map[string]error{
		"p2": &intercom.Error{StatusCode: http.StatusBadRequest},
		"p3": &intercom.Error{StatusCode: http.StatusUnprocessableEntity},
		"p4": &intercom.Error{StatusCode: http.StatusTooManyRequests},
		"p5": &intercom.Error{StatusCode: http.StatusBadGateway},
		"p6": &intercom.TransportError{Err: context.DeadlineExceeded},
		"p7": &intercom.Error{StatusCode: http.StatusNotFound, Errors: []intercom.ErrorDetail{{Code: "conversation_part_or_message_not_found"}}},
		"p8": &intercom.Error{StatusCode: http.StatusForbidden},
	}}
	parts := []Part{{ID: "p1"}, {ID: "p2"}, {ID: "p3"}, {ID: "p4"}, {ID: "p5"}, {ID: "p6"}, {ID: "p7"}, {ID: "p8"}, {ID: "s1", Source: true}}
	var got []PartOutcome
	for _, r := range Redact(context.Background(), f, "c1", parts, nil) {
		got = append(got, r.Outcome)
	}
	want := []PartOutcome{Redacted, NotRedactable, NotRedactable, RateLimited, RedactUnknown, RedactUnknown, PartNotFound, NotAllowed, PartNotTried}
	if !slices.Equal(got, want) {
		t.Errorf("outcomes %v\nwant     %v", got, want)
	}
	if len(f.tried) != 8 {
		t.Errorf("tried %v: every part up to the refused token, and not the source after it", f.tried)
	}
}

// Ctrl-C: no part is tried after it; the rest are not attempted.
func TestRedactStopsWhenInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &fakeRedactor{answers: map[string]error{}, cancel: func(id string) {
		if id == "p2" {
			cancel()
		}
	}}
	var lines []string
	res := Redact(ctx, f, "c1", []Part{{ID: "p1"}, {ID: "p2"}, {ID: "p3"}}, func(m string) { lines = append(lines, m) })
	if len(f.tried) != 2 || res[2].Outcome != PartNotTried || res[1].Outcome != Redacted {
		t.Fatalf("tried %v, results %+v", f.tried, res)
	}
	if !slices.Contains(lines, "part 2 of 3 of conversation c1: redacted") {
		t.Errorf("progress %q", lines)
	}
}
