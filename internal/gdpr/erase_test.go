package gdpr

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// fakeDirectory is Intercom as far as an erasure sees it, with faults per call.
type fakeDirectory struct {
	mu       sync.Mutex // the engine calls from several goroutines
	contacts map[string]intercom.Contact
	merged   map[string]string // merged id -> the contact it lives on as
	deleted  []string          // DELETEs that were carried out, in order
	calls    []string

	searchFault func(field, value string) error
	deleteFault func(id string) (err error, commit bool) // commit: carried out despite err
	getFault    func(id string, afterDelete bool) error
	onDelete    func(id string) // after a DELETE is carried out
}

func newDirectory(contacts ...intercom.Contact) *fakeDirectory {
	d := &fakeDirectory{contacts: map[string]intercom.Contact{}, merged: map[string]string{}}
	for _, c := range contacts {
		d.contacts[c.ID] = c
	}
	return d
}

func notFound() error {
	return &intercom.Error{StatusCode: http.StatusNotFound, Errors: []intercom.ErrorDetail{{Code: "not_found", Message: "User Not Found"}}}
}

func apiError(status int, msg string) error {
	return &intercom.Error{StatusCode: status, Method: "X", Path: "/contacts", Errors: []intercom.ErrorDetail{{Code: "server_error", Message: msg}}}
}

func (d *fakeDirectory) GetContact(_ context.Context, id string) (*intercom.Contact, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, "GET "+id)
	if d.getFault != nil {
		if err := d.getFault(id, slices.Contains(d.deleted, id)); err != nil {
			return nil, err
		}
	}
	if into, ok := d.merged[id]; ok {
		return nil, &intercom.Error{StatusCode: http.StatusGone, Link: "</contacts/" + into + `>; rel="canonical"`}
	}
	c, ok := d.contacts[id]
	if !ok {
		return nil, notFound()
	}
	return &c, nil
}

func (d *fakeDirectory) search(field, value string, match func(intercom.Contact) bool) ([]intercom.Contact, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, "SEARCH "+field)
	if d.searchFault != nil {
		if err := d.searchFault(field, value); err != nil {
			return nil, err
		}
	}
	var out []intercom.Contact
	for _, c := range d.contacts {
		if match(c) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b intercom.Contact) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func (d *fakeDirectory) SearchContactsByEmail(_ context.Context, email string) ([]intercom.Contact, error) {
	return d.search("email", email, func(c intercom.Contact) bool { return strings.EqualFold(c.Email, email) })
}

func (d *fakeDirectory) SearchContactsByExternalID(_ context.Context, ext string) ([]intercom.Contact, error) {
	return d.search("external_id", ext, func(c intercom.Contact) bool { return c.ExternalID == ext })
}

func (d *fakeDirectory) DeleteContact(_ context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, "DELETE "+id)
	var err error
	commit := true
	if d.deleteFault != nil {
		err, commit = d.deleteFault(id)
	}
	if commit {
		if _, ok := d.contacts[id]; !ok && err == nil {
			return notFound()
		}
		delete(d.contacts, id)
		d.deleted = append(d.deleted, id)
		if d.onDelete != nil {
			d.onDelete(id)
		}
	}
	return err
}

func request(t *testing.T, raw string) Request {
	t.Helper()
	req, problems := parse(t, raw)
	if len(problems) > 0 {
		t.Fatalf("refused: %v", problems)
	}
	return req
}

func outcomes(r Report) []Outcome {
	var out []Outcome
	for _, res := range r.Results {
		out = append(out, res.Outcome)
	}
	return out
}

// Counts reconcile: every subject has exactly one outcome.
func requireReconciled(t *testing.T, r Report, subjects int) {
	t.Helper()
	sum := 0
	for _, o := range Outcomes {
		sum += r.Count(o)
	}
	if sum != subjects || len(r.Results) != subjects {
		t.Fatalf("%d outcomes for %d subjects", sum, subjects)
	}
}

var (
	pat      = intercom.Contact{ID: "c1", Role: "user", Email: "p03@example.org", ExternalID: "u-3"}
	patLead  = intercom.Contact{ID: "c2", Role: "lead", Email: "P03@example.org"}
	bystandr = intercom.Contact{ID: "c9", Role: "lead"} // no e-mail address, no external id
	other    = intercom.Contact{ID: "c5", Role: "user", Email: "someone@example.org", ExternalID: "u-5"}
)

// A search that answers a contact other than the one named (an empty value matching the
// contacts without an address, say) erases nothing of it: only exact carriers are erased.
func TestEraseActsOnlyOnTheExactSubject(t *testing.T) {
	d := newDirectory(bystandr, other)
	d.searchFault = nil
	sloppy := &sloppyDirectory{d}
	req := request(t, `{"emails": ["p03@example.org"], "external_ids": ["u-3"]}`)
	r := Erase(context.Background(), sloppy, req, Options{})
	requireReconciled(t, r, 2)
	if len(d.deleted) != 0 {
		t.Fatalf("erased %v, which carry neither identifier", d.deleted)
	}
	if got := outcomes(r); !slices.Equal(got, []Outcome{NotFound, NotFound}) {
		t.Errorf("outcomes %v, want not_found twice", got)
	}
	if r.Complete() {
		t.Error("a run with subjects not found says it is complete")
	}
}

// sloppyDirectory answers every search with every contact, as a search that ignored its
// filter would.
type sloppyDirectory struct{ *fakeDirectory }

func (s *sloppyDirectory) SearchContactsByEmail(context.Context, string) ([]intercom.Contact, error) {
	return s.search("email", "", func(intercom.Contact) bool { return true })
}

func (s *sloppyDirectory) SearchContactsByExternalID(context.Context, string) ([]intercom.Contact, error) {
	return s.search("external_id", "", func(intercom.Contact) bool { return true })
}

// A user and a lead share an address: by default the subject is refused, naming their
// pseudonymous ids and roles; with match = "all" both are erased. The other subject of
// the request is erased either way, and the address is found in another case.
func TestEraseASharedAddress(t *testing.T) {
	req := request(t, `{"emails": ["p03@EXAMPLE.org", "someone@example.org"]}`)

	d := newDirectory(pat, patLead, other)
	r := Erase(context.Background(), d, req, Options{})
	requireReconciled(t, r, 2)
	if got := outcomes(r); !slices.Equal(got, []Outcome{Refused, Erased}) {
		t.Fatalf("outcomes %v, want refused then erased", got)
	}
	if reason := r.Results[0].Reason; !strings.Contains(reason, "c1 (user)") || !strings.Contains(reason, "c2 (lead)") || !strings.Contains(reason, `match = "all"`) {
		t.Errorf("the refusal does not list the contacts or the way out: %s", reason)
	}
	if !slices.Equal(d.deleted, []string{"c5"}) {
		t.Errorf("deleted %v, want only c5", d.deleted)
	}

	d = newDirectory(pat, patLead, other)
	r = Erase(context.Background(), d, req, Options{Match: MatchAll})
	if got := outcomes(r); !slices.Equal(got, []Outcome{Erased, Erased}) || !r.Complete() {
		t.Fatalf("outcomes %v with match all, want erased twice", got)
	}
	if !slices.Equal(r.Results[0].Contacts, []string{"c1", "c2"}) {
		t.Errorf("the result lists %v, want both contacts", r.Results[0].Contacts)
	}
}

// One person named by address, external id and contact id is erased once; a contact id
// that answers 404 is already absent; a merged contact's id leads to the one it lives on as.
func TestEraseOncePerContactAndFollowMerges(t *testing.T) {
	d := newDirectory(pat, other)
	d.merged["old-lead"] = "c5"
	req := request(t, `{"emails": ["p03@example.org"], "external_ids": ["u-3"], "contact_ids": ["c1", "gone", "old-lead"]}`)
	r := Erase(context.Background(), d, req, Options{})
	requireReconciled(t, r, 5)
	if got := outcomes(r); !slices.Equal(got, []Outcome{Erased, Erased, Erased, AlreadyAbsent, Erased}) {
		t.Fatalf("outcomes %v", got)
	}
	if got := slices.Sorted(slices.Values(d.deleted)); !slices.Equal(got, []string{"c1", "c5"}) {
		t.Errorf("deleted %v, want c1 once and c5", d.deleted)
	}
	if !r.Complete() {
		t.Error("a run where every subject was erased or absent is not complete")
	}
}

// A dry run finds and erases nothing.
func TestEraseDryRunErasesNothing(t *testing.T) {
	d := newDirectory(pat)
	r := Erase(context.Background(), d, request(t, `{"emails": ["p03@example.org"]}`), Options{DryRun: true})
	if len(d.deleted) != 0 || r.Planned != 1 {
		t.Fatalf("dry run deleted %v, planned %d", d.deleted, r.Planned)
	}
}

// Faults at each step: the outcome says exactly what is known.
func TestEraseUnderFaults(t *testing.T) {
	timeout := &intercom.TransportError{Method: "DELETE", Path: "/contacts/{id}", Err: context.DeadlineExceeded}
	for name, tc := range map[string]struct {
		setup       func(d *fakeDirectory)
		want        []Outcome
		wantDeleted []string
	}{
		"a search answers 503 after retries": {
			setup: func(d *fakeDirectory) {
				d.searchFault = func(field, _ string) error {
					if field == "email" {
						return apiError(503, "unavailable")
					}
					return nil
				}
			},
			want: []Outcome{Refused, Erased}, wantDeleted: []string{"c5"},
		},
		"the DELETE's answer is lost, and it was carried out": {
			setup: func(d *fakeDirectory) {
				d.deleteFault = func(string) (error, bool) { return timeout, true }
			},
			want: []Outcome{Erased, Erased}, wantDeleted: []string{"c1", "c5"},
		},
		"the DELETE answers 503 and was not carried out": {
			setup: func(d *fakeDirectory) {
				d.deleteFault = func(id string) (error, bool) {
					if id == "c1" {
						return apiError(503, "unavailable"), false
					}
					return nil, true
				}
			},
			want: []Outcome{Unknown, Erased}, wantDeleted: []string{"c5"},
		},
		"the verifying GET fails after a DELETE that was carried out": {
			setup: func(d *fakeDirectory) {
				d.getFault = func(id string, afterDelete bool) error {
					if id == "c1" && afterDelete {
						return apiError(502, "bad gateway")
					}
					return nil
				}
			},
			want: []Outcome{Unknown, Erased}, wantDeleted: []string{"c1", "c5"},
		},
		"the contact is still served after a DELETE that answered": {
			setup: func(d *fakeDirectory) {
				d.deleteFault = func(id string) (error, bool) { return nil, id != "c1" }
			},
			want: []Outcome{Unknown, Erased}, wantDeleted: []string{"c5"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			d := newDirectory(pat, other)
			tc.setup(d)
			r := Erase(context.Background(), d, request(t, `{"emails": ["p03@example.org"], "external_ids": ["u-5"]}`), Options{})
			requireReconciled(t, r, 2)
			if got := outcomes(r); !slices.Equal(got, tc.want) {
				t.Errorf("outcomes %v, want %v (reasons: %q, %q)", got, tc.want, r.Results[0].Reason, r.Results[1].Reason)
			}
			if got := slices.Sorted(slices.Values(d.deleted)); !slices.Equal(got, tc.wantDeleted) {
				t.Errorf("deleted %v, want %v", d.deleted, tc.wantDeleted)
			}
			if r.Complete() != slices.Equal(tc.want, []Outcome{Erased, Erased}) {
				t.Errorf("Complete() = %v for outcomes %v", r.Complete(), tc.want)
			}
		})
	}
}

// An error that echoes a subject, in another case or inside other text, reaches the
// report scrubbed; so does anything shaped like an e-mail address.
func TestEraseScrubsEchoedSubjects(t *testing.T) {
	d := newDirectory(pat)
	d.searchFault = func(_, value string) error {
		return apiError(400, "no user with email "+strings.ToUpper(value)+" or external id U-3 (cc admin@corp.example)")
	}
	r := Erase(context.Background(), d, request(t, `{"emails": ["p03@example.org"], "external_ids": ["u-3"]}`), Options{})
	for _, res := range r.Results {
		for _, leak := range []string{"P03@EXAMPLE.ORG", "U-3", "admin@corp.example"} {
			if strings.Contains(strings.ToUpper(res.Reason), strings.ToUpper(leak)) {
				t.Errorf("the reason holds %q: %s", leak, res.Reason)
			}
		}
		if res.Outcome != Refused || res.Reason == "" {
			t.Errorf("outcome %s (%q), want refused with a reason", res.Outcome, res.Reason)
		}
	}
}

// Ctrl-C during the deletions: no DELETE after the cancellation, the rest not attempted,
// and the report says where it stopped.
func TestEraseStopsBeforeTheNextDeleteWhenInterrupted(t *testing.T) {
	contacts := []intercom.Contact{}
	raw := `{"contact_ids": [`
	for i := range 17 {
		id := "c" + string(rune('a'+i))
		contacts = append(contacts, intercom.Contact{ID: id, Role: "user"})
		if i > 0 {
			raw += ","
		}
		raw += `"` + id + `"`
	}
	raw += "]}"
	d := newDirectory(contacts...)
	ctx, cancel := context.WithCancel(context.Background())
	d.onDelete = func(string) {
		if len(d.deleted) == 6 {
			cancel()
		}
	}
	var lines []string
	r := Erase(ctx, d, request(t, raw), Options{Workers: 1, Progress: func(m string) { lines = append(lines, m) }})
	requireReconciled(t, r, 17)
	if len(d.deleted) != 6 || !r.Interrupted || r.Done != 6 || r.Planned != 17 {
		t.Fatalf("deleted %d (report: interrupted %v, %d of %d)", len(d.deleted), r.Interrupted, r.Done, r.Planned)
	}
	if r.Count(Erased) != 6 || r.Count(NotAttempted) != 11 || r.Complete() {
		t.Errorf("erased %d, not attempted %d, complete %v", r.Count(Erased), r.Count(NotAttempted), r.Complete())
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "interrupted after 6 of 17") {
		t.Errorf("the last progress line does not say where it stopped: %q", last)
	}
	if errors.Is(ctx.Err(), context.Canceled) && slices.ContainsFunc(d.calls[len(d.calls)-1:], func(c string) bool { return strings.HasPrefix(c, "DELETE") }) {
		t.Error("the last call after the cancellation was a DELETE")
	}
}

// The scrubber replaces a value inside a longer one whole (longest first), at the start of
// the text, and in scripts whose lower case is longer than their upper case.
func TestScrubberReplacesEveryValueWhole(t *testing.T) {
	scrub := scrubberFor(request(t, `{"emails": ["p03@example.org"], "external_ids": ["p03", "İstanbul-7"]}`))
	for in, want := range map[string]string{
		"P03@EXAMPLE.ORG is unknown":      "[subject] is unknown",
		"no user İSTANBUL-7 here":         "no user [subject] here",
		"p03 and P03 and p03@Example.Org": "[subject] and [subject] and [subject]",
	} {
		if got := scrub(in); got != want {
			t.Errorf("scrub(%q) = %q, want %q", in, got, want)
		}
	}
}

// Progress says what became of each contact: a DELETE that answered is not yet an erasure.
func TestEraseReportsProgressPerDeletion(t *testing.T) {
	d := newDirectory(pat, other)
	d.deleteFault = func(id string) (error, bool) { return nil, id != "c5" } // c5 answers, and stays
	var lines []string
	Erase(context.Background(), d, request(t, `{"contact_ids": ["c1", "c5"]}`), Options{Workers: 1, Progress: func(m string) { lines = append(lines, m) }})
	for _, want := range []string{"contact 1 of 2: erased and verified gone", "contact 2 of 2: outcome unknown"} {
		if !slices.Contains(lines, want) {
			t.Errorf("progress %q lacks %q", lines, want)
		}
	}
}

// With several workers, Ctrl-C still stops every worker before its next DELETE: only the
// DELETEs already under way finish, and every subject still has one outcome.
func TestEraseWithWorkersStopsWhenInterrupted(t *testing.T) {
	var contacts []intercom.Contact
	var ids []string
	for i := range 200 {
		id := fmt.Sprintf("c%03d", i)
		contacts = append(contacts, intercom.Contact{ID: id, Role: "user"})
		ids = append(ids, `"`+id+`"`)
	}
	d := newDirectory(contacts...)
	ctx, cancel := context.WithCancel(context.Background())
	d.onDelete = func(string) {
		if len(d.deleted) == 50 {
			cancel()
		}
	}
	r := Erase(ctx, d, request(t, `{"contact_ids": [`+strings.Join(ids, ",")+`]}`), Options{Workers: 8})
	requireReconciled(t, r, 200)
	// At the cancellation at most the other 7 workers were inside a DELETE.
	if n := len(d.deleted); n < 50 || n > 57 || r.Done != n || !r.Interrupted {
		t.Fatalf("deleted %d, report says %d (interrupted %v); want 50 to 57", n, r.Done, r.Interrupted)
	}
	if r.Count(Erased) != len(d.deleted) || r.Count(NotAttempted) != 200-len(d.deleted) {
		t.Errorf("erased %d, not attempted %d, after %d deletions", r.Count(Erased), r.Count(NotAttempted), len(d.deleted))
	}
}

// Ctrl-C while the subjects are being looked up: nothing is deleted, and the subjects not
// looked up are not attempted, not refused.
func TestEraseInterruptedWhileLookingUp(t *testing.T) {
	d := newDirectory(pat, other)
	ctx, cancel := context.WithCancel(context.Background())
	d.searchFault = func(field, _ string) error {
		cancel()
		return &intercom.TransportError{Method: "POST", Path: "/contacts/search", Err: context.Canceled}
	}
	r := Erase(ctx, d, request(t, `{"emails": ["p03@example.org"], "external_ids": ["u-5"]}`), Options{Workers: 1})
	requireReconciled(t, r, 2)
	if r.Count(NotAttempted) != 2 || len(d.deleted) != 0 || !r.Interrupted {
		t.Fatalf("outcomes %v, deleted %v, interrupted %v", outcomes(r), d.deleted, r.Interrupted)
	}
}

// A report built without its request's outcomes (by a caller) is an erasure's: complete
// only when every subject was erased or proven absent.
func TestCompleteWithoutOutcomesIsAnErasures(t *testing.T) {
	t.Parallel()
	if !(Report{Results: []Result{{Outcome: Erased}, {Outcome: AlreadyAbsent}}}).Complete() {
		t.Error("an erased and an absent subject: not complete")
	}
	if (Report{Results: []Result{{Outcome: Exported}}}).Complete() {
		t.Error("an exported subject completes an erasure")
	}
}

// Ctrl-C under Terraform: Terraform may end the provider's process soon after, before the
// DELETEs in flight are answered and verified. The run hands over what is true at the
// moment of the interruption, at once (the caller writes it as the receipt): the contact
// whose DELETE is in flight has an unknown outcome, the others were not attempted. The
// final report, once the DELETE is verified, follows it.
func TestEraseHandsOverWhatIsTrueAtTheInterruption(t *testing.T) {
	d := newDirectory(intercom.Contact{ID: "ca", Role: "user"}, intercom.Contact{ID: "cb", Role: "user"}, intercom.Contact{ID: "cc", Role: "user"})
	ctx, cancel := context.WithCancel(context.Background())
	handedOver := make(chan Report, 2)
	d.onDelete = func(string) { cancel() }
	// The DELETE's verification waits until the interruption's report was handed over (or
	// a while), so that the report cannot be built after the verification.
	d.getFault = func(_ string, afterDelete bool) error {
		if afterDelete {
			d.mu.Unlock()
			select {
			case <-time.After(5 * time.Second):
			case r := <-handedOver:
				handedOver <- r
			}
			d.mu.Lock()
		}
		return nil
	}
	final := Erase(ctx, d, request(t, `{"contact_ids": ["ca", "cb", "cc"]}`), Options{Workers: 1,
		Interrupted: func(r Report) { handedOver <- r }})
	if len(handedOver) != 1 {
		t.Fatalf("%d reports handed over at the interruption, want 1", len(handedOver))
	}
	at := <-handedOver
	requireReconciled(t, at, 3)
	if !at.Interrupted || at.Complete() || at.Results[0].Outcome != Unknown || !strings.Contains(at.Results[0].Reason, "in flight") ||
		at.Results[1].Outcome != NotAttempted || at.Results[2].Outcome != NotAttempted {
		t.Errorf("at the interruption: interrupted %v, outcomes %v (%q)", at.Interrupted, outcomes(at), at.Results[0].Reason)
	}
	if final.Results[0].Outcome != Erased || final.Count(NotAttempted) != 2 || !final.Interrupted {
		t.Errorf("final: interrupted %v, outcomes %v", final.Interrupted, outcomes(final))
	}
	// A run that ends uninterrupted hands nothing over, even when cancelled afterwards.
	ctx2, cancel2 := context.WithCancel(context.Background())
	called := false
	Erase(ctx2, newDirectory(intercom.Contact{ID: "cd", Role: "user"}), request(t, `{"contact_ids": ["cd"]}`),
		Options{Interrupted: func(Report) { called = true }})
	cancel2()
	time.Sleep(10 * time.Millisecond)
	if called {
		t.Error("a run that was not interrupted handed over an interruption report")
	}
}
