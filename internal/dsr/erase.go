package dsr

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

// Erasure is an erasure's inputs (GDPR article 17), as intercom_contact_erasure takes them.
type Erasure struct {
	RequestID   string
	Subjects    Subjects
	Match       string // "one" (default) or "all"
	DryRun      bool
	ReceiptFile string // "" for none
}

// Erase erases the request's contacts and says what became of each subject: an error
// unless every subject was erased or proven absent.
func Erase(ctx context.Context, env Env, in Erasure) Findings {
	var fs Findings
	started := env.now()
	request, ok := in.Subjects.request(in.RequestID, "erased", &fs)
	if !ok {
		return fs
	}
	env.progress("checking %d subject(s) (%d entr(ies) trimmed of surrounding whitespace, %d duplicate(s) taken once)",
		len(request.Subjects), request.Trimmed, request.Duplicates)
	if in.ReceiptFile != "" {
		if err := gdpr.CheckReceiptPath(in.ReceiptFile); err != nil {
			fs.errorf("receipt_file", "Data-subject request "+in.RequestID+" refused: nothing was called",
				"receipt_file %s. Nothing was looked up or erased.", err)
			return fs
		}
	}
	if !in.DryRun && !checkToken(ctx, env, in.RequestID, &fs) {
		return fs
	}
	var receipt *gdpr.ReceiptFile
	if in.ReceiptFile != "" {
		var err error
		if receipt, err = gdpr.CreateReceiptFile(in.ReceiptFile); err != nil {
			fs.errorf("receipt_file", "Data-subject request "+in.RequestID+" refused: nothing was erased",
				"receipt_file %s. Nothing was erased.", err)
			return fs
		}
	}
	report := gdpr.Erase(ctx, env.Client, request, gdpr.Options{
		Match: matchOf(in.Match), DryRun: in.DryRun, Progress: func(msg string) { env.progress("%s", msg) },
		Interrupted: env.receiptAtInterruption(receipt, gdpr.ReceiptKind, in.RequestID, started),
	})
	// The receipt first: after Ctrl-C, Terraform may end the run (and this process) at any
	// moment, and the receipt is the record that does not depend on what it shows.
	env.writeReceipt(&fs, receipt, gdpr.NewReceipt(report, env.receiptMeta(gdpr.ReceiptKind, in.RequestID, started, in.DryRun)),
		ErasureSummary(report, in.DryRun))
	reportErasure(&fs, in.RequestID, report, in.DryRun)
	env.progress("%s", ErasureSummary(report, in.DryRun))
	return fs
}

// ErasureSummary is the final progress line: subjects read = the sum of the outcomes.
func ErasureSummary(r gdpr.Report, dryRun bool) string {
	if dryRun {
		return fmt.Sprintf("dry run of %d subject(s): %d contact(s) would be erased; %d not found by their identifier, "+
			"%d already absent, %d refused; nothing was erased", len(r.Results), r.Planned, r.Count(gdpr.NotFound),
			r.Count(gdpr.AlreadyAbsent), r.Count(gdpr.Refused))
	}
	return fmt.Sprintf("%d subject(s): %d erased and verified gone, %d already absent, %d not found by their identifier, "+
		"%d refused, %d outcome unknown, %d not attempted", len(r.Results), r.Count(gdpr.Erased), r.Count(gdpr.AlreadyAbsent),
		r.Count(gdpr.NotFound), r.Count(gdpr.Refused), r.Count(gdpr.Unknown), r.Count(gdpr.NotAttempted))
}

// reportErasure turns the report into findings: subjects not found are a warning, by
// position; refused, unknown and not attempted ones are an error, so the CLI exits
// non-zero unless every subject was erased or proven absent.
func reportErasure(fs *Findings, requestID string, r gdpr.Report, dryRun bool) {
	notFoundWarning(fs, requestID, r)
	failed := subjectLines(r, gdpr.Refused, gdpr.Unknown, gdpr.NotAttempted)
	if r.Interrupted {
		failed = append([]string{fmt.Sprintf("- the run was interrupted after %d of %d erasure(s); no further contact was deleted", r.Done, r.Planned)}, failed...)
	}
	if len(failed) > 0 {
		verb := "not completed"
		if dryRun {
			verb = "would not complete"
		}
		fs.errorf("", fmt.Sprintf("Data-subject request %s %s", requestID, verb),
			"%s\n\n%s. Run the action again once the causes are fixed: contacts erased already answer 404 and count as "+
				"already absent.", strings.Join(failed, "\n"), ErasureSummary(r, dryRun))
	}
}

// VerifyReceipt checks an earlier erasure's receipt: every contact it records as erased
// must still answer 404 (Intercom can restore a deleted contact for 7 days).
func VerifyReceipt(ctx context.Context, env Env, requestID, file string) Findings {
	var fs Findings
	rc, err := gdpr.ReadReceipt(file)
	if err != nil {
		fs.errorf("verify_receipt", "Cannot read verify_receipt", "verify_receipt %s.", err)
		return fs
	}
	if rc.WorkspaceID != env.WorkspaceID {
		fs.errorf("verify_receipt", "Receipt of another workspace",
			"The receipt records workspace %s; the token is of workspace %s. Nothing was checked.", rc.WorkspaceID, env.WorkspaceID)
		return fs
	}
	v := gdpr.Reverify(ctx, env.Client, rc)
	checked := len(v.StillGone) + len(v.CameBack) + len(v.Unchecked)
	env.progress("receipt of %s (finished %s): %d erased contact(s); %d still answer 404, %d answer again, %d could not be checked",
		rc.RequestID, rc.FinishedAt.Format(time.RFC3339), checked, len(v.StillGone), len(v.CameBack), len(v.Unchecked))
	if len(v.CameBack) > 0 {
		fs.errorf("", fmt.Sprintf("Data-subject request %s: %d erased contact(s) answer again", requestID, len(v.CameBack)),
			"Contact(s) %s were erased by request %s and are served again (Intercom can restore a deleted contact "+
				"for 7 days). Erase them again with contact_ids, and find out who restored them.", strings.Join(v.CameBack, ", "), rc.RequestID)
	}
	if len(v.Unchecked) > 0 {
		var lines []string
		for id, why := range v.Unchecked {
			lines = append(lines, "- contact "+id+": "+why)
		}
		slices.Sort(lines)
		fs.errorf("", fmt.Sprintf("Data-subject request %s: %d erased contact(s) could not be checked", requestID, len(v.Unchecked)),
			"%s\n\nRun the verification again.", strings.Join(lines, "\n"))
	}
	return fs
}
