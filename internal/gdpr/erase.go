package gdpr

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Finder is what every request needs of Intercom to find a subject's contacts;
// *intercom.Client is one.
type Finder interface {
	GetContact(ctx context.Context, id string) (*intercom.Contact, error)
	SearchContactsByEmail(ctx context.Context, email string) ([]intercom.Contact, error)
	SearchContactsByExternalID(ctx context.Context, externalID string) ([]intercom.Contact, error)
}

// Directory is what an erasure needs of Intercom; *intercom.Client is one.
type Directory interface {
	Finder
	DeleteContact(ctx context.Context, id string) error
}

// Outcome is how a subject's request ended.
type Outcome string

const (
	// Erased: every contact found for the subject was deleted and then answered 404.
	Erased Outcome = "erased"
	// AlreadyAbsent: the contact id answers 404: erased before, or never there.
	AlreadyAbsent Outcome = "already_absent"
	// NotFound: no contact carries this e-mail address or external id. It may have been
	// erased before, mistyped, or merged into a contact with another address.
	NotFound Outcome = "not_found"
	// Refused: nothing was erased for the subject, for the reason given.
	Refused Outcome = "refused"
	// Unknown: a DELETE was sent and whether the contact is gone is not proven.
	Unknown Outcome = "unknown"
	// NotAttempted: the run was interrupted before this subject's DELETE was sent.
	NotAttempted Outcome = "not_attempted"
	// Exported: every record Intercom serves of the subject's contacts is in the bundle.
	Exported Outcome = "exported"
	// Incomplete: the bundle holds part of the subject's records; the reason says which
	// part is missing.
	Incomplete Outcome = "incomplete"
	// OptedOut: every contact of the subject was unsubscribed from e-mail and attached to
	// the opt-out subscription types, and a read-back shows it.
	OptedOut Outcome = "opted_out"
)

// Outcomes in the order reports list them.
var Outcomes = []Outcome{Erased, AlreadyAbsent, NotFound, Refused, Unknown, NotAttempted}

// Result is one subject's outcome. Contacts holds the pseudonymous Intercom ids acted on.
type Result struct {
	Subject  Subject
	Outcome  Outcome
	Reason   string // scrubbed of every subject value
	Contacts []string
	Statuses []int // HTTP statuses of the DELETE and the verifying GET, per contact
}

// Report is a run's results, one per subject, in the order given.
type Report struct {
	Results []Result
	// Interrupted is set when the run was cancelled: Done of Planned contacts were acted on.
	Interrupted   bool
	Done, Planned int
	// Outcomes are those this kind of request gives, in the order reports list them; the
	// first is the one of a subject whose request was carried out.
	Outcomes []Outcome
}

// Count is how many subjects ended in o.
func (r Report) Count(o Outcome) int {
	n := 0
	for _, res := range r.Results {
		if res.Outcome == o {
			n++
		}
	}
	return n
}

// Complete reports whether every subject's request was carried out (erased, exported,
// opted out) or the subject was proven absent: the only run that may end without an error.
func (r Report) Complete() bool {
	done := Erased
	if len(r.Outcomes) > 0 {
		done = r.Outcomes[0]
	}
	for _, res := range r.Results {
		if res.Outcome != done && res.Outcome != AlreadyAbsent {
			return false
		}
	}
	return !r.Interrupted
}

// Match says what an e-mail address shared by several contacts (a user and a lead) erases.
type Match string

const (
	MatchOne Match = "one" // refuse the subject, listing the contacts' ids and roles
	MatchAll Match = "all" // erase every contact with exactly that address
)

// Options of a run.
type Options struct {
	Match    Match
	DryRun   bool             // find, erase nothing
	Progress func(msg string) // counts and pseudonymous ids only; called from one goroutine at a time
	// Workers is how many calls run at once (DefaultWorkers when 0). The client's pacer
	// keeps them all under Intercom's rate limit; more than one hides each call's latency.
	Workers int
	// Interrupted, when set, is handed the report as it stands the moment the run is
	// cancelled while acting (contacts in flight have an unknown outcome, those not started
	// were not attempted), before the calls in flight end: under Terraform, Ctrl-C may end
	// the process before the final report, and the caller writes this one at once. Called
	// at most once, and before the run returns.
	Interrupted func(Report)
}

// DefaultWorkers is how many lookups or erasures run at once by default.
const DefaultWorkers = 4

// Erase finds the contacts of every subject, then deletes and verifies each once, and
// gives every subject one outcome. Nothing is deleted for a subject whose lookup failed
// or was refused. On cancellation it sends no further DELETE.
func Erase(ctx context.Context, dir Directory, req Request, opts Options) Report {
	scrub := scrubberFor(req)
	return run(ctx, dir, req, opts, operation{
		outcomes: Outcomes, doneWhat: "erased and verified gone", wouldWhat: "would be erased", noun: "erasure(s)", mixed: Unknown,
		apply: func(ctx context.Context, id string) contactOutcome { return eraseOne(ctx, dir, id, scrub) },
	})
}

// operation is what a request does to each contact found.
type operation struct {
	outcomes  []Outcome // this request's outcomes, the carried-out one first
	doneWhat  string    // progress for a contact carried out: "erased and verified gone"
	wouldWhat string    // a dry run's: "would be erased"
	noun      string    // "erasure(s)"
	// mixed is a subject's outcome when some of its contacts were acted on and some not.
	mixed Outcome
	// apply acts on one contact; it must give outcomes[0] only when it proved the result.
	apply func(ctx context.Context, id string) contactOutcome
}

// run finds the contacts of every subject, then applies op to each once, and gives every
// subject one outcome. Nothing is done for a subject whose lookup failed or was refused.
// On cancellation it starts op on no further contact.
func run(ctx context.Context, dir Finder, req Request, opts Options, op operation) Report {
	var mu sync.Mutex // serialises progress and the shared counts below
	progress := func(msg string) {
		if opts.Progress != nil {
			mu.Lock()
			defer mu.Unlock()
			opts.Progress(msg)
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = DefaultWorkers
	}
	scrub := scrubberFor(req)
	results := make([]Result, len(req.Subjects))
	forEach(len(results), workers, func(i int) {
		results[i] = resolve(ctx, dir, req.Subjects[i], opts.Match, scrub)
	})

	// Each contact once, in the order first found.
	var targets []string
	seen := map[string]bool{}
	for _, r := range results {
		for _, id := range r.Contacts {
			if !seen[id] {
				seen[id] = true
				targets = append(targets, id)
			}
		}
	}
	progress(fmt.Sprintf("found %d contact(s) for %d subject(s); %d not found by their identifier, %d already absent, %d refused",
		len(targets), len(results), countOf(results, NotFound), countOf(results, AlreadyAbsent), countOf(results, Refused)))
	report := Report{Results: results, Planned: len(targets), Outcomes: op.outcomes}
	if opts.DryRun {
		progress(fmt.Sprintf("dry run: %d contact(s) %s; nothing was changed", len(targets), op.wouldWhat))
		return report
	}

	outcomes := make([]*contactOutcome, len(targets))
	inFlight := make([]bool, len(targets))
	done := 0
	if opts.Interrupted != nil {
		handedOver := make(chan struct{})
		stop := context.AfterFunc(ctx, func() {
			defer close(handedOver)
			mu.Lock()
			at := settled(results, targets, outcomes, inFlight, op, report)
			mu.Unlock()
			opts.Interrupted(at)
		})
		defer func() {
			if !stop() {
				<-handedOver // it fired: the final report comes after it
			}
		}()
	}
	forEach(len(targets), workers, func(i int) {
		// Checked right before each contact: after Ctrl-C no further contact is acted on
		// (those already started finish, and are verified).
		mu.Lock()
		if ctx.Err() != nil {
			mu.Unlock()
			return
		}
		inFlight[i] = true
		mu.Unlock()
		out := op.apply(ctx, targets[i])
		mu.Lock()
		inFlight[i] = false
		outcomes[i] = &out
		done++
		n := done
		mu.Unlock()
		what := op.doneWhat
		if out.outcome != op.outcomes[0] {
			what = strings.ReplaceAll(string(out.outcome), "_", " ")
			if out.outcome == Unknown {
				what = "outcome unknown"
			}
		}
		if out.progress != "" {
			what += ": " + out.progress
		}
		progress(fmt.Sprintf("contact %d of %d: %s", n, len(targets), what))
	})
	final := settled(results, targets, outcomes, inFlight, op, report)
	if final.Interrupted {
		progress(fmt.Sprintf("interrupted after %d of %d %s: no further contact was acted on", final.Done, len(targets), op.noun))
	}
	return final
}

// settled is the report of the contacts acted on so far: a contact in flight has the
// mixed outcome (whether its call took effect is not known yet), one not started was not
// attempted. It copies what it reads, so the run may go on.
func settled(results []Result, targets []string, outcomes []*contactOutcome, inFlight []bool, op operation, report Report) Report {
	acted := make(map[string]contactOutcome, len(targets))
	for i, out := range outcomes {
		switch {
		case out != nil:
			acted[targets[i]] = *out
		case inFlight[i]:
			acted[targets[i]] = contactOutcome{outcome: op.mixed, reason: "contact " + targets[i] +
				": its call was in flight when the run was interrupted, so whether it took effect is not known"}
		}
	}
	report.Results = slices.Clone(results)
	for i := range report.Results {
		report.Results[i].Statuses = slices.Clone(results[i].Statuses) // settle appends to it
	}
	report.Done = len(acted)
	if report.Done < len(targets) || countOf(results, NotAttempted) > 0 || slices.Contains(inFlight, true) {
		report.Interrupted = true
	}
	for i := range report.Results {
		settle(&report.Results[i], acted, op)
	}
	return report
}

// forEach calls fn(0) … fn(n-1), at most workers at a time, handing out indices in order.
func forEach(n, workers int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

func countOf(results []Result, o Outcome) int { return Report{Results: results}.Count(o) }

// resolve finds the contacts that carry exactly the subject's identifier. It returns a
// result with Contacts set (to erase) or a final outcome.
func resolve(ctx context.Context, dir Finder, s Subject, match Match, scrub func(string) string) (r Result) {
	r = Result{Subject: s}
	defer func() {
		// A lookup cut short by Ctrl-C refused nothing: the subject was not attempted.
		if r.Outcome == Refused && ctx.Err() != nil {
			r.Outcome, r.Reason = NotAttempted, "the run was interrupted before it was looked up"
		}
	}()
	if ctx.Err() != nil {
		r.Outcome, r.Reason = NotAttempted, "the run was interrupted before it was looked up"
		return r
	}
	switch s.Kind {
	case ContactID:
		id, err := followMerges(ctx, dir, s.Value)
		switch {
		case intercom.IsNotFound(err):
			r.Outcome, r.Reason = AlreadyAbsent, "the contact id answers 404"
		case err != nil:
			r.Outcome, r.Reason = Refused, "the contact could not be looked up, so nothing was erased for it: "+scrub(err.Error())
		default:
			r.Contacts = []string{id}
		}
		return r
	case ExternalID:
		found, err := dir.SearchContactsByExternalID(ctx, s.Value)
		return pick(r, found, err, func(c intercom.Contact) bool { return c.ExternalID == s.Value }, MatchOne, scrub)
	default:
		found, err := dir.SearchContactsByEmail(ctx, s.Value)
		return pick(r, found, err, func(c intercom.Contact) bool { return strings.EqualFold(c.Email, s.Value) }, match, scrub)
	}
}

// pick keeps the contacts that carry exactly the identifier searched: a search may answer
// more (or other) contacts than the identifier names, and only those are erased.
func pick(r Result, found []intercom.Contact, err error, exact func(intercom.Contact) bool, match Match, scrub func(string) string) Result {
	if err != nil {
		r.Outcome, r.Reason = Refused, "the search failed, so nothing was erased for it: "+scrub(err.Error())
		return r
	}
	var hits []intercom.Contact
	for _, c := range found {
		if exact(c) {
			hits = append(hits, c)
		}
	}
	switch {
	case len(hits) == 0:
		r.Outcome, r.Reason = NotFound, "no contact carries this identifier"
	case len(hits) > 1 && match != MatchAll:
		var who []string
		for _, c := range hits {
			who = append(who, c.ID+" ("+c.Role+")")
		}
		r.Outcome = Refused
		r.Reason = fmt.Sprintf("%d contacts carry this identifier: %s. Erasing them all could erase someone else: "+
			"give the right one in contact_ids, or set match = \"all\" to erase every one", len(hits), strings.Join(who, ", "))
	default:
		for _, c := range hits {
			r.Contacts = append(r.Contacts, c.ID)
		}
	}
	return r
}

// followMerges resolves a contact id to the contact it lives on as: a merged contact's
// 410 names it in its Link (Intercom resolves chains of up to three merges).
func followMerges(ctx context.Context, dir Finder, id string) (string, error) {
	for range 4 {
		_, err := dir.GetContact(ctx, id)
		next, merged := intercom.MergedInto(err)
		if !merged {
			return id, err
		}
		id = next
	}
	return "", errors.New("the contact id leads through more than three merges")
}

// contactOutcome is what became of one contact.
type contactOutcome struct {
	outcome  Outcome
	reason   string
	statuses []int
	progress string // counts to add to the progress line, never personal data
}

// eraseOne deletes a contact and reads it back: only a 404 after the DELETE proves it gone.
func eraseOne(ctx context.Context, dir Directory, id string, scrub func(string) string) contactOutcome {
	delErr := dir.DeleteContact(ctx, id)
	out := contactOutcome{statuses: []int{status(delErr)}}
	// The check runs even after a cancelled DELETE, which may have been carried out:
	// it is a read, and it decides what the receipt may say.
	_, getErr := dir.GetContact(context.WithoutCancel(ctx), id)
	out.statuses = append(out.statuses, status(getErr))
	switch {
	case intercom.IsNotFound(getErr):
		out.outcome = Erased
	case getErr == nil && delErr == nil:
		out.outcome, out.reason = Unknown, fmt.Sprintf("DELETE of contact %s answered, but the contact is still served", id)
	case getErr == nil:
		out.outcome, out.reason = Unknown, fmt.Sprintf("DELETE of contact %s failed (%s) and the contact is still served; "+
			"Intercom may still carry out the DELETE", id, scrub(delErr.Error()))
	default:
		out.outcome, out.reason = Unknown, fmt.Sprintf("contact %s was sent a DELETE, but whether it is gone could not be "+
			"checked: %s", id, scrub(getErr.Error()))
	}
	return out
}

// settle gives a subject its outcome from its contacts': carried out (doneOutcome) only
// if it was for every one.
func settle(r *Result, done map[string]contactOutcome, op operation) {
	if r.Outcome != "" {
		return
	}
	doneOutcome := op.outcomes[0]
	r.Outcome = doneOutcome
	var reasons []string
	for _, id := range r.Contacts {
		c, sent := done[id]
		if !sent {
			r.Outcome = NotAttempted
			reasons = append(reasons, "contact "+id+" was not acted on: the run was interrupted first")
			continue
		}
		r.Statuses = append(r.Statuses, c.statuses...)
		if c.outcome != doneOutcome {
			if r.Outcome == doneOutcome {
				r.Outcome = c.outcome
			}
			reasons = append(reasons, c.reason)
		}
	}
	if r.Outcome == NotAttempted && len(reasons) < len(r.Contacts) {
		r.Outcome = op.mixed // some of its contacts were acted on, some not
	}
	r.Reason = strings.Join(reasons, "; ")
}

// status is the HTTP status of a call's error: 0 for no answer, 200 for success.
func status(err error) int {
	var e *intercom.Error
	switch {
	case err == nil:
		return http.StatusOK
	case errors.As(err, &e):
		return e.StatusCode
	}
	return 0
}

var emailShaped = regexp.MustCompile(`[^\s@<>()"',;:\[\]]+@[^\s@<>()"',;:\[\]]+`)

// scrubberFor removes every subject value from text, in any case, and anything shaped like
// an e-mail address: Intercom or a proxy may echo a value in an error. The list of values
// is built on the first error, not for every request.
func scrubberFor(req Request) func(string) string {
	var once sync.Once
	var values []string
	return func(text string) string {
		once.Do(func() {
			for _, s := range req.Subjects {
				if s.Kind != ContactID {
					values = append(values, s.Value)
				}
			}
			// Longest first, so that a value inside another is not left half-replaced.
			slices.SortFunc(values, func(a, b string) int { return len(b) - len(a) })
		})
		for _, v := range values {
			text = replaceFold(text, v, "[subject]")
		}
		return emailShaped.ReplaceAllString(text, "[e-mail address]")
	}
}

// replaceFold replaces every case-insensitive occurrence of old in s.
func replaceFold(s, old, repl string) string {
	if old == "" {
		return s
	}
	lowerS, lowerOld := strings.ToLower(s), strings.ToLower(old)
	if len(lowerS) != len(s) || len(lowerOld) != len(old) {
		// Lower-casing changed byte lengths (some non-ASCII letters): fall back to a regexp.
		return regexp.MustCompile("(?i)"+regexp.QuoteMeta(old)).ReplaceAllString(s, repl)
	}
	var b strings.Builder
	for {
		i := strings.Index(lowerS, lowerOld)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lowerS = s[i+len(old):], lowerS[i+len(old):]
	}
}
