// Package dsr carries out a data-subject request from its inputs to what is said of it:
// it checks the inputs, creates the receipt or bundle before the first call, runs the
// gdpr engine and turns its report into findings (errors and warnings). The provider's
// actions and the release's gdpr command are two thin fronts on it, so both take the
// same inputs and give the same outcomes, receipts and exit status.
//
// Findings name subjects by position and contacts by their pseudonymous Intercom ids:
// never an e-mail address, an external id or a name.
package dsr

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Severity of a finding.
type Severity int

const (
	Warning Severity = iota
	Error
)

// Finding is one thing a run says: an error makes the run fail (the CLI exits non-zero).
type Finding struct {
	Severity  Severity
	Attribute string // the input it is about ("receipt_file"), or ""
	Summary   string
	Detail    string
}

// Findings of one run.
type Findings []Finding

// HasError reports whether any finding is an error.
func (fs Findings) HasError() bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == Error })
}

func (fs *Findings) errorf(attr, summary, format string, args ...any) {
	*fs = append(*fs, Finding{Severity: Error, Attribute: attr, Summary: summary, Detail: fmt.Sprintf(format, args...)})
}

func (fs *Findings) warnf(summary, format string, args ...any) {
	*fs = append(*fs, Finding{Severity: Warning, Summary: summary, Detail: fmt.Sprintf(format, args...)})
}

// Env is what a run is given besides its inputs.
type Env struct {
	Client          *intercom.Client
	WorkspaceID     string
	AdminID         string // the token's teammate, from GET /me
	ProviderVersion string
	ReceiptKey      []byte                           // INTERCOM_RECEIPT_KEY, or nil
	Progress        func(format string, args ...any) // counts and pseudonymous ids only
	Now             func() time.Time                 // time.Now when nil
}

func (e Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e Env) progress(format string, args ...any) {
	if e.Progress != nil {
		e.Progress(format, args...)
	}
}

// Subjects are a request's subjects as given: lists from the configuration (nil entries
// stand for nulls) and the subjects file.
type Subjects struct {
	ExternalIDs, ContactIDs []*string
	SubjectsFile            string
}

// Given reports whether any subject is named.
func (s Subjects) Given() bool {
	return s.ExternalIDs != nil || s.ContactIDs != nil || s.SubjectsFile != ""
}

// request checks the subjects: every problem at once, by position, before any call.
func (s Subjects) request(requestID, verb string, fs *Findings) (gdpr.Request, bool) {
	var b gdpr.Builder
	b.Add("the configuration", gdpr.ExternalID, s.ExternalIDs)
	b.Add("the configuration", gdpr.ContactID, s.ContactIDs)
	if s.SubjectsFile != "" {
		gdpr.ReadFile(&b, s.SubjectsFile)
	}
	req, problems := b.Result()
	if len(problems) > 0 {
		fs.errorf("", "Data-subject request "+requestID+" refused: nothing was called",
			"%d problem(s) with the subjects, all of them:\n%s\n\nFix them and run the action again. Nothing was looked up or %s.",
			len(problems), problemLines(problems), verb)
		return req, false
	}
	return req, true
}

func problemLines(problems []gdpr.Problem) string {
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = "- " + p.String()
	}
	return strings.Join(lines, "\n")
}

// checkToken is the token's health before a request: the teammate it acts as must still
// be one of the workspace's teammates (a DSR platform documents that a token tied to a
// removed teammate makes every later request fail). Intercom publishes no way to read a
// token's scopes: a missing scope shows as a refused call, reported per subject.
func checkToken(ctx context.Context, env Env, requestID string, fs *Findings) bool {
	if env.AdminID == "" {
		return true
	}
	admins, err := env.Client.ListAdmins(ctx)
	if err != nil {
		fs.errorf("", "Data-subject request "+requestID+" refused: nothing was changed",
			"The token's teammate could not be checked (GET /admins: %v). Nothing was looked up or changed.", err)
		return false
	}
	if !slices.ContainsFunc(admins, func(a intercom.Admin) bool { return a.ID == env.AdminID }) {
		fs.errorf("", "Data-subject request "+requestID+" refused: nothing was changed",
			"The access token acts as teammate %s, who is no longer among the workspace's teammates (GET /admins). Intercom "+
				"may refuse its calls part-way through a request. Use the token of an app whose teammate is active. Nothing "+
				"was looked up or changed.", env.AdminID)
		return false
	}
	return true
}

// subjectLines lists the results with one of outcomes, by position, with their reasons.
func subjectLines(r gdpr.Report, outcomes ...gdpr.Outcome) []string {
	var lines []string
	for _, res := range r.Results {
		if slices.Contains(outcomes, res.Outcome) {
			line := "- " + res.Subject.Where() + ": " + string(res.Outcome)
			if res.Reason != "" {
				line += ": " + res.Reason
			}
			lines = append(lines, line)
		}
	}
	return lines
}

// notFoundWarning is the warning for subjects no contact carries.
func notFoundWarning(fs *Findings, requestID string, r gdpr.Report) {
	if lines := subjectLines(r, gdpr.NotFound); len(lines) > 0 {
		fs.warnf(fmt.Sprintf("Data-subject request %s: %d subject(s) not found by their identifier", requestID, len(lines)),
			"%s\n\nNo contact carries these identifiers. Each may have been erased before, mistyped, or merged into a "+
				"contact with another address or external id: a merged contact is found only by its contact id (see the "+
				"GDPR guide). Decide for each whether the request is done.", strings.Join(lines, "\n"))
	}
}

// receiptMeta is what a receipt records of the run beyond its report.
func (e Env) receiptMeta(kind, requestID string, started time.Time, dryRun bool) gdpr.ReceiptMeta {
	return gdpr.ReceiptMeta{Kind: kind, RequestID: requestID, WorkspaceID: e.WorkspaceID, ProviderVersion: e.ProviderVersion,
		StartedAt: started, FinishedAt: e.now(), DryRun: dryRun, Key: e.ReceiptKey}
}

// receiptAtInterruption writes, the moment a run is interrupted, the receipt of what is
// true then (nil without a receipt): under Terraform, Ctrl-C may end this process before
// the calls in flight end and the final receipt replaces it. A failure here is left to
// the final write, which reports its own.
func (e Env) receiptAtInterruption(receipt *gdpr.ReceiptFile, kind, requestID string, started time.Time) func(gdpr.Report) {
	if receipt == nil {
		return nil
	}
	return func(at gdpr.Report) {
		_ = receipt.Write(gdpr.NewReceipt(at, e.receiptMeta(kind, requestID, started, false)))
	}
}

// writeReceipt writes a run's final receipt (nil: none) over the one written at an
// interruption: an error finding, which carries the run's summary, when it cannot be.
func (e Env) writeReceipt(fs *Findings, receipt *gdpr.ReceiptFile, rc gdpr.Receipt, summary string) {
	if receipt == nil {
		return
	}
	if err := receipt.Write(rc); err != nil {
		fs.errorf("receipt_file", "Receipt of data-subject request "+rc.RequestID+" not written",
			"The request ran (%s), but its receipt could not be written: %v. Keep this output as its record.", summary, err)
		return
	}
	e.progress("receipt written (%d subject(s))", len(rc.Subjects))
}

// matchOf is the match setting, "one" unless "all" is given.
func matchOf(s string) gdpr.Match {
	if s == string(gdpr.MatchAll) {
		return gdpr.MatchAll
	}
	return gdpr.MatchOne
}
