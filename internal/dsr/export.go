package dsr

import (
	"context"
	"fmt"
	"strings"

	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

// Access is an access request's inputs (GDPR article 15), as intercom_contact_export
// takes them.
type Access struct {
	RequestID    string
	Subjects     Subjects
	Match        string
	OutputDir    string
	AgeRecipient string // "" for plain files
}

// Export writes the bundle of the request's contacts and says what became of each
// subject: an error unless every subject was exported whole or proven absent.
func Export(ctx context.Context, env Env, in Access) Findings {
	var fs Findings
	started := env.now()
	request, ok := in.Subjects.request(in.RequestID, "exported", &fs)
	if !ok {
		return fs
	}
	refuse := func(err error) Findings {
		attr := "output_dir"
		if strings.HasPrefix(err.Error(), "age_recipient") {
			attr = "age_recipient"
		}
		fs.errorf(attr, "Data-subject request "+in.RequestID+" refused: nothing was called", "%s. Nothing was looked up or exported.", err)
		return fs
	}
	if err := gdpr.CheckBundle(in.OutputDir, in.AgeRecipient); err != nil {
		return refuse(err)
	}
	env.progress("checking %d subject(s) (%d entr(ies) trimmed of surrounding whitespace, %d duplicate(s) taken once)",
		len(request.Subjects), request.Trimmed, request.Duplicates)
	if !checkToken(ctx, env, in.RequestID, &fs) {
		return fs
	}
	bundle, err := gdpr.CreateBundle(in.OutputDir, in.AgeRecipient)
	if err != nil {
		return refuse(err)
	}
	report := gdpr.Export(ctx, env.Client, request, gdpr.Options{Match: matchOf(in.Match),
		Progress: func(msg string) { env.progress("%s", msg) },
		// At Ctrl-C, the manifest of what is written so far at once: Terraform may end
		// this process before the exports in flight end.
		Interrupted: func(at gdpr.Report) {
			_, _ = bundle.Finish(gdpr.NewReceipt(at, env.receiptMeta(gdpr.ManifestKind, in.RequestID, started, false)))
		}}, bundle)
	m, err := bundle.Finish(gdpr.NewReceipt(report, env.receiptMeta(gdpr.ManifestKind, in.RequestID, started, false)))
	if err != nil {
		fs.errorf("output_dir", "Manifest of data-subject request "+in.RequestID+" not written",
			"The bundle was written (%s), but its manifest could not be: %v. The bundle cannot be checked without it: run the "+
				"request again into a new folder.", ExportSummary(report), err)
	} else {
		env.progress("bundle written: %d file(s), manifest.json%s", len(m.Files), map[bool]string{true: " (files encrypted)", false: ""}[bundle.Encrypted()])
	}
	notFoundWarning(&fs, in.RequestID, report)
	if err == nil {
		var shared []string
		for _, c := range m.Contacts {
			for _, conv := range c.SharedConversations {
				shared = append(shared, "- conversation "+conv+", exported for contact "+c.ContactID)
			}
		}
		if len(shared) > 0 {
			fs.warnf(fmt.Sprintf("Data-subject request %s: %d conversation(s) include other people", in.RequestID, len(shared)),
				"%s\n\nOther contacts take part in these conversations, so their files hold those people's messages. An access "+
					"request must not disclose other people's data (GDPR article 15(4)): review or redact these files before "+
					"the bundle is handed over. The manifest lists them under shared_conversations.", strings.Join(shared, "\n"))
		}
	}
	failed := subjectLines(report, gdpr.Refused, gdpr.Incomplete, gdpr.NotAttempted)
	if report.Interrupted {
		failed = append([]string{fmt.Sprintf("- the run was interrupted after %d of %d export(s)", report.Done, report.Planned)}, failed...)
	}
	if len(failed) > 0 {
		fs.errorf("", "Data-subject request "+in.RequestID+" not completed",
			"%s\n\n%s. The bundle holds what was exported; it is not the whole answer to the request. Run the request "+
				"again into a new folder once the causes are fixed.", strings.Join(failed, "\n"), ExportSummary(report))
	}
	env.progress("%s", ExportSummary(report))
	return fs
}

// ExportSummary is an access request's final progress line.
func ExportSummary(r gdpr.Report) string {
	return fmt.Sprintf("%d subject(s): %d exported, %d already absent, %d not found by their identifier, %d refused, "+
		"%d incomplete, %d not attempted", len(r.Results), r.Count(gdpr.Exported), r.Count(gdpr.AlreadyAbsent),
		r.Count(gdpr.NotFound), r.Count(gdpr.Refused), r.Count(gdpr.Incomplete), r.Count(gdpr.NotAttempted))
}
