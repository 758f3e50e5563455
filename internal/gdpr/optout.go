package gdpr

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Subscriber is what an objection to direct marketing (GDPR article 21) needs of
// Intercom; *intercom.Client is one.
type Subscriber interface {
	Finder
	ListSubscriptionTypes(ctx context.Context) ([]intercom.SubscriptionType, error)
	UnsubscribeFromEmails(ctx context.Context, contactID string) error
	AttachOptOut(ctx context.Context, contactID, typeID string) error
	EmailOptOutOf(ctx context.Context, contactID string) (intercom.EmailOptOut, error)
	ContactSubscriptionIDs(ctx context.Context, contactID string) ([]string, error)
}

// OptOutOutcomes are an objection's outcomes, in the order reports list them.
var OptOutOutcomes = []Outcome{OptedOut, AlreadyAbsent, NotFound, Refused, Unknown, NotAttempted}

// OptOutTypes checks the subscription types an objection attaches, before any write: the
// ids named, each of which must be an opt-out type (attaching an opt-in type would opt
// the contact in), or, when none is named, every live opt-out type. Problems name the
// entry by position.
func OptOutTypes(ctx context.Context, src Subscriber, named []string) ([]string, []Problem, error) {
	types, err := src.ListSubscriptionTypes(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(named) == 0 {
		var ids []string
		for _, t := range types {
			if t.ConsentType == "opt_out" && t.State == "live" {
				ids = append(ids, t.ID)
			}
		}
		return ids, nil, nil
	}
	var problems []Problem
	var ids []string
	for i, id := range named {
		where := fmt.Sprintf("subscription_type_ids entry %d of %d", i+1, len(named))
		j := slices.IndexFunc(types, func(t intercom.SubscriptionType) bool { return t.ID == id })
		switch {
		case j < 0:
			problems = append(problems, Problem{where, "is no subscription type of this workspace (GET /subscription_types lists them)"})
		case types[j].ConsentType != "opt_out":
			problems = append(problems, Problem{where, fmt.Sprintf("is an %s type: attaching it would opt the contact in, not out", types[j].ConsentType)})
		case !slices.Contains(ids, id):
			ids = append(ids, id)
		}
	}
	return ids, problems, nil
}

// OptOut finds the contacts of every subject, unsubscribes each from e-mail and attaches
// it to every subscription type in typeIDs (opt-out types: attached means opted out),
// then reads each contact back: a subject is opted out only when the read-back shows all
// of it.
func OptOut(ctx context.Context, src Subscriber, req Request, opts Options, typeIDs []string) Report {
	scrub := scrubberFor(req)
	return run(ctx, src, req, opts, operation{
		outcomes: OptOutOutcomes, doneWhat: "opted out and verified", wouldWhat: "would be opted out", noun: "opt-out(s)", mixed: Unknown,
		apply: func(ctx context.Context, id string) contactOutcome { return optOutOne(ctx, src, id, typeIDs, scrub) },
	})
}

func optOutOne(ctx context.Context, src Subscriber, id string, typeIDs []string, scrub func(string) string) contactOutcome {
	var writeErrs []string
	out := contactOutcome{}
	note := func(what string, err error) {
		out.statuses = append(out.statuses, status(err))
		if err != nil {
			writeErrs = append(writeErrs, what+" failed ("+scrub(err.Error())+")")
		}
	}
	note("PUT unsubscribed_from_emails", src.UnsubscribeFromEmails(ctx, id))
	attached, err := src.ContactSubscriptionIDs(ctx, id)
	out.statuses = append(out.statuses, status(err))
	for _, t := range typeIDs {
		if err == nil && slices.Contains(attached, t) {
			continue // opted out of it already
		}
		note("attaching subscription type "+t, src.AttachOptOut(ctx, id, t))
	}

	// The read-back runs even after Ctrl-C: it is a read, and it decides what is reported.
	verify := context.WithoutCancel(ctx)
	optOut, getErr := src.EmailOptOutOf(verify, id)
	out.statuses = append(out.statuses, status(getErr))
	after, listErr := src.ContactSubscriptionIDs(verify, id)
	out.statuses = append(out.statuses, status(listErr))
	var notShown []string
	switch {
	case getErr != nil:
		notShown = append(notShown, "the contact could not be read back ("+scrub(getErr.Error())+")")
	case !optOut.UnsubscribedFromEmails:
		notShown = append(notShown, "it is still subscribed to e-mail")
	}
	if listErr != nil {
		notShown = append(notShown, "its subscriptions could not be read back ("+scrub(listErr.Error())+")")
	} else {
		for _, t := range typeIDs {
			if !slices.Contains(after, t) {
				notShown = append(notShown, "subscription type "+t+" is not attached")
			}
		}
	}
	if len(notShown) == 0 {
		out.outcome = OptedOut
		return out
	}
	out.outcome = Unknown
	out.reason = fmt.Sprintf("contact %s: %s", id, strings.Join(append(notShown, writeErrs...), "; "))
	return out
}
