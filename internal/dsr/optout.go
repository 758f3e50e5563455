package dsr

import (
	"context"
	"fmt"
	"strings"

	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

// Objection is an objection's inputs (GDPR article 21), as intercom_contact_opt_out
// takes them.
type Objection struct {
	RequestID string
	Subjects  Subjects
	Match     string
	// SubscriptionTypeIDs are the opt-out types to attach; nil attaches every live one.
	SubscriptionTypeIDs []*string
	DryRun              bool
	ReceiptFile         string
}

// OptOut opts the request's contacts out of e-mail and of the subscription types, and
// says what became of each subject: an error unless every subject was opted out (proven
// by a read-back) or proven absent.
func OptOut(ctx context.Context, env Env, in Objection) Findings {
	var fs Findings
	started := env.now()
	request, ok := in.Subjects.request(in.RequestID, "changed", &fs)
	var named []string
	var blank []gdpr.Problem
	for i, id := range in.SubscriptionTypeIDs {
		if id == nil || strings.TrimSpace(*id) == "" {
			blank = append(blank, gdpr.Problem{Where: fmt.Sprintf("subscription_type_ids entry %d of %d", i+1, len(in.SubscriptionTypeIDs)),
				What: "is null or blank: give a subscription type id, or leave the list out to opt out of every live opt-out type"})
			continue
		}
		named = append(named, strings.TrimSpace(*id))
	}
	if len(blank) > 0 {
		fs.errorf("subscription_type_ids", "Data-subject request "+in.RequestID+" refused: nothing was called",
			"%d problem(s) with subscription_type_ids, all of them:\n%s\n\nNothing was looked up or changed.", len(blank), problemLines(blank))
		ok = false
	}
	if !ok {
		return fs
	}
	if in.ReceiptFile != "" {
		if err := gdpr.CheckReceiptPath(in.ReceiptFile); err != nil {
			fs.errorf("receipt_file", "Data-subject request "+in.RequestID+" refused: nothing was called",
				"receipt_file %s. Nothing was looked up or changed.", err)
			return fs
		}
	}
	types, problems, err := gdpr.OptOutTypes(ctx, env.Client, named)
	switch {
	case err != nil:
		fs.errorf("", "Data-subject request "+in.RequestID+" refused: nothing was changed",
			"The subscription types could not be read (GET /subscription_types: %v). Nothing was changed.", err)
	case len(problems) > 0:
		fs.errorf("subscription_type_ids", "Data-subject request "+in.RequestID+" refused: nothing was changed",
			"%d problem(s) with subscription_type_ids, all of them:\n%s\n\nNothing was looked up or changed.", len(problems), problemLines(problems))
	}
	if fs.HasError() || (!in.DryRun && !checkToken(ctx, env, in.RequestID, &fs)) {
		return fs
	}
	var receipt *gdpr.ReceiptFile
	if in.ReceiptFile != "" {
		if receipt, err = gdpr.CreateReceiptFile(in.ReceiptFile); err != nil {
			fs.errorf("receipt_file", "Data-subject request "+in.RequestID+" refused: nothing was changed",
				"receipt_file %s. Nothing was changed.", err)
			return fs
		}
	}
	env.progress("checking %d subject(s) (%d entr(ies) trimmed of surrounding whitespace, %d duplicate(s) taken once); "+
		"opting out of e-mail and %d subscription type(s): %s", len(request.Subjects), request.Trimmed, request.Duplicates,
		len(types), strings.Join(types, ", "))
	report := gdpr.OptOut(ctx, env.Client, request, gdpr.Options{Match: matchOf(in.Match), DryRun: in.DryRun,
		Progress:    func(msg string) { env.progress("%s", msg) },
		Interrupted: env.receiptAtInterruption(receipt, gdpr.OptOutReceiptKind, in.RequestID, started)}, types)
	env.writeReceipt(&fs, receipt, gdpr.NewReceipt(report, env.receiptMeta(gdpr.OptOutReceiptKind, in.RequestID, started, in.DryRun)),
		OptOutSummary(report, in.DryRun))
	notFoundWarning(&fs, in.RequestID, report)
	failed := subjectLines(report, gdpr.Refused, gdpr.Unknown, gdpr.NotAttempted)
	if report.Interrupted {
		failed = append([]string{fmt.Sprintf("- the run was interrupted after %d of %d opt-out(s)", report.Done, report.Planned)}, failed...)
	}
	if len(failed) > 0 {
		verb := "not completed"
		if in.DryRun {
			verb = "would not complete"
		}
		fs.errorf("", "Data-subject request "+in.RequestID+" "+verb,
			"%s\n\n%s. Run the action again once the causes are fixed: contacts opted out already are opted out again, "+
				"which changes nothing.", strings.Join(failed, "\n"), OptOutSummary(report, in.DryRun))
	}
	env.progress("%s", OptOutSummary(report, in.DryRun))
	return fs
}

// OptOutSummary is an objection's final progress line.
func OptOutSummary(r gdpr.Report, dryRun bool) string {
	if dryRun {
		return fmt.Sprintf("dry run of %d subject(s): %d contact(s) would be opted out; %d not found by their identifier, "+
			"%d already absent, %d refused; nothing was changed", len(r.Results), r.Planned, r.Count(gdpr.NotFound),
			r.Count(gdpr.AlreadyAbsent), r.Count(gdpr.Refused))
	}
	return fmt.Sprintf("%d subject(s): %d opted out and verified, %d already absent, %d not found by their identifier, "+
		"%d refused, %d outcome unknown, %d not attempted", len(r.Results), r.Count(gdpr.OptedOut), r.Count(gdpr.AlreadyAbsent),
		r.Count(gdpr.NotFound), r.Count(gdpr.Refused), r.Count(gdpr.Unknown), r.Count(gdpr.NotAttempted))
}
