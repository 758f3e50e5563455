package provider

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

var (
	_ action.ActionWithConfigure      = (*contactErasureAction)(nil)
	_ action.ActionWithValidateConfig = (*contactErasureAction)(nil)
)

// NewContactErasureAction returns intercom_contact_erasure (Terraform 1.14 and later).
func NewContactErasureAction() action.Action { return &contactErasureAction{} }

// contactErasureAction erases the contacts of a data-subject request (GDPR article 17)
// with DELETE /contacts/{id}, through the gdpr engine: this file only maps the
// configuration to a gdpr.Request and the engine's report to diagnostics. People's
// e-mail addresses reach it only through subjects_file, read when the action runs: they
// never enter configuration, plan, state, progress messages or logs. The request id (a
// ticket) is the only label it prints.
type contactErasureAction struct {
	data *providerData
}

type contactErasureModel struct {
	RequestID     types.String `tfsdk:"request_id"`
	ExternalIDs   types.List   `tfsdk:"external_ids"`
	ContactIDs    types.List   `tfsdk:"contact_ids"`
	SubjectsFile  types.String `tfsdk:"subjects_file"`
	Match         types.String `tfsdk:"match"`
	DryRun        types.Bool   `tfsdk:"dry_run"`
	ReceiptFile   types.String `tfsdk:"receipt_file"`
	VerifyReceipt types.String `tfsdk:"verify_receipt"`
}

// EnvReceiptKey holds the key of the identifiers' HMACs in a receipt.
const EnvReceiptKey = "INTERCOM_RECEIPT_KEY"

func (a *contactErasureAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact_erasure"
}

func (a *contactErasureAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	ids := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Erases the contacts (users and leads) of a data-subject request with `DELETE /contacts/{id}`, " +
			"and checks each is gone. Subjects are found by Intercom contact id, by external id, or by e-mail address: " +
			"e-mail addresses are given only in `subjects_file`, read when the action runs, so that no e-mail address " +
			"enters the configuration, the plan, the state, a progress message or a log line. Only a contact that carries " +
			"exactly the identifier given is erased. Every subject ends in one outcome: erased (and verified gone), already " +
			"absent, not found by this identifier (a warning), refused, outcome unknown, or not attempted (an interrupted " +
			"run); the last three are errors, so the CLI exits non-zero unless every subject was erased or proven absent. " +
			"Input is checked before the first call, and every problem is reported at once, by position, never by value. " +
			"Progress messages carry the request id and counts only.",
		Attributes: map[string]schema.Attribute{
			"request_id":   requestIDAttribute(),
			"external_ids": ids("External ids (your user ids) of the contacts to erase. Found with `POST /contacts/search`, so an id never travels in a URL."),
			"contact_ids":  ids("Intercom contact ids to erase. A merged contact's id leads to the contact it was merged into."),
			"subjects_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a JSON file `{\"emails\": [...], \"external_ids\": [...], \"contact_ids\": [...]}`, " +
					"read when the action runs. The only place for e-mail addresses. Keep the file out of version control. " +
					"It must be a regular file of at most 16 MiB holding exactly one JSON object with those keys only, each once; " +
					"entries are trimmed of surrounding whitespace (the progress says how many), duplicates are taken once " +
					"(e-mail addresses compared case-insensitively), and a null, blank or malformed entry refuses the whole " +
					"request before any call. The path must not hold an `@`.",
			},
			"match": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What an e-mail address carried by several contacts (a user and a lead) erases: `one` " +
					"(the default) refuses that subject and lists the contacts' ids and roles; `all` erases every contact with " +
					"exactly that address.",
				Validators: []validator.String{stringvalidator.OneOf(string(gdpr.MatchOne), string(gdpr.MatchAll))},
			},
			"dry_run": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Find the contacts and report how many would be erased, erasing nothing.",
			},
			"receipt_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a JSON receipt to write (mode 0600; never over an existing file, which is " +
					"refused before any call). It holds the request id, workspace id, provider version, start and end times, " +
					"and per subject, by position, its outcome, the Intercom contact ids and the HTTP statuses; never an " +
					"identifier. With the `" + EnvReceiptKey + "` environment variable set, it holds each identifier's " +
					"HMAC-SHA-256, so that whoever holds the key can confirm a given address was in the request. It names the " +
					"SHA-256 of the receipt that finished before it in the same folder, so a folder of receipts is tamper-evident.",
			},
			"verify_receipt": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Instead of erasing, read this receipt and check that every contact it records as " +
					"erased still answers 404: Intercom can restore a deleted contact for 7 days, so run it on day 8 or later. " +
					"A contact that answers again is an error. Set it alone, with `request_id`.",
			},
		},
	}
}

func (a *contactErasureAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *contactErasureAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m contactErasureModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	refuseEmailInRequestID(m.RequestID, &resp.Diagnostics)
	verifying := !m.VerifyReceipt.IsNull()
	switch {
	case verifying && (!m.ExternalIDs.IsNull() || !m.ContactIDs.IsNull() || !m.SubjectsFile.IsNull() || !m.ReceiptFile.IsNull() ||
		!m.DryRun.IsNull() || !m.Match.IsNull()):
		resp.Diagnostics.AddAttributeError(path.Root("verify_receipt"), "verify_receipt is set with an erasure's settings",
			"verify_receipt checks an earlier run's receipt and erases nothing: set it alone, with request_id.")
	case !verifying && m.ExternalIDs.IsNull() && m.ContactIDs.IsNull() && m.SubjectsFile.IsNull():
		resp.Diagnostics.AddError("No subject to erase", "Set external_ids, contact_ids or subjects_file (or verify_receipt, to check an earlier run).")
	}
	for _, attr := range []struct {
		name string
		v    types.String
	}{{"receipt_file", m.ReceiptFile}, {"verify_receipt", m.VerifyReceipt}} {
		if !attr.v.IsNull() && !attr.v.IsUnknown() && strings.Contains(attr.v.ValueString(), "@") {
			resp.Diagnostics.AddError("E-mail address in "+attr.name+"'s path",
				"The path of "+attr.name+" holds an @, like an e-mail address: the path is part of the configuration, which "+
					"Terraform prints and stores. Name the file after the ticket instead (e.g. DSR-2026-0142.receipt.json).")
		}
	}
	for _, attr := range []struct {
		name string
		list types.List
	}{{"external_ids", m.ExternalIDs}, {"contact_ids", m.ContactIDs}} {
		for i, v := range listStrings(attr.list) {
			if strings.Contains(v, "@") {
				// The value itself is never repeated: it may be an e-mail address. Attached to no
				// attribute, so that Terraform does not print the configuration's line either.
				resp.Diagnostics.AddError("E-mail address in the configuration",
					fmt.Sprintf("Entry %d of %s holds an @, like an e-mail address. E-mail addresses must not enter the "+
						"configuration, which Terraform prints and stores: put them in the subjects_file JSON, under \"emails\" "+
						"(or, for an external id that is an address, under \"external_ids\").", i+1, attr.name))
			}
		}
	}
	if !m.SubjectsFile.IsNull() && !m.SubjectsFile.IsUnknown() && strings.Contains(m.SubjectsFile.ValueString(), "@") {
		resp.Diagnostics.AddError("E-mail address in subjects_file's path",
			"subjects_file's path holds an @, like an e-mail address: the path is part of the configuration, which Terraform prints "+
				"and stores. Name the file after the ticket instead (e.g. DSR-2026-0142.json).")
	}
}

func (a *contactErasureAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m contactErasureModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireConfigured(a.data, &resp.Diagnostics) {
		return
	}
	requestID := m.RequestID.ValueString()
	progress := progressOf(ctx, resp, requestID)
	if !m.VerifyReceipt.IsNull() {
		a.verify(ctx, &resp.Diagnostics, requestID, m.VerifyReceipt.ValueString(), progress)
		return
	}
	started := time.Now()

	var b gdpr.Builder
	b.Add("the configuration", gdpr.ExternalID, listEntries(m.ExternalIDs))
	b.Add("the configuration", gdpr.ContactID, listEntries(m.ContactIDs))
	if !m.SubjectsFile.IsNull() {
		gdpr.ReadFile(&b, m.SubjectsFile.ValueString())
	}
	request, problems := b.Result()
	if len(problems) > 0 {
		lines := make([]string, len(problems))
		for i, p := range problems {
			lines[i] = "- " + p.String()
		}
		resp.Diagnostics.AddError("Data-subject request "+requestID+" refused: nothing was called",
			fmt.Sprintf("%d problem(s) with the subjects, all of them:\n%s\n\nFix them and run the action again. "+
				"Nothing was looked up or erased.", len(problems), strings.Join(lines, "\n")))
		return
	}
	progress("checking %d subject(s) (%d entr(ies) trimmed of surrounding whitespace, %d duplicate(s) taken once)",
		len(request.Subjects), request.Trimmed, request.Duplicates)
	var receipt *gdpr.ReceiptFile
	if !m.ReceiptFile.IsNull() {
		var err error
		if receipt, err = gdpr.CreateReceiptFile(m.ReceiptFile.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("receipt_file"), "Data-subject request "+requestID+" refused: nothing was called",
				"receipt_file "+err.Error()+". Nothing was looked up or erased.")
			return
		}
	}

	match := gdpr.MatchOne
	if m.Match.ValueString() == string(gdpr.MatchAll) {
		match = gdpr.MatchAll
	}
	report := gdpr.Erase(ctx, a.data.client, request, gdpr.Options{
		Match: match, DryRun: m.DryRun.ValueBool(), Progress: func(msg string) { progress("%s", msg) },
	})
	// The receipt first: after Ctrl-C, Terraform may end the run (and this process) at any
	// moment, and the receipt is the record that does not depend on what it shows.
	if receipt != nil {
		rc := gdpr.NewReceipt(report, gdpr.ReceiptMeta{RequestID: requestID, WorkspaceID: a.data.WorkspaceID(),
			ProviderVersion: a.data.version, StartedAt: started, FinishedAt: time.Now(), DryRun: m.DryRun.ValueBool(),
			Key: []byte(os.Getenv(EnvReceiptKey))})
		if err := receipt.Write(rc); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("receipt_file"), "Receipt of data-subject request "+requestID+" not written",
				fmt.Sprintf("The request ran (%s), but its receipt could not be written: %v. Keep this output as its record.",
					erasureSummary(report, m.DryRun.ValueBool()), err))
		} else {
			progress("receipt written (%d subject(s))", len(rc.Subjects))
		}
	}
	reportErasure(&resp.Diagnostics, requestID, report, m.DryRun.ValueBool())
	progress("%s", erasureSummary(report, m.DryRun.ValueBool()))
}

// verify checks an earlier run's receipt: every contact it records as erased must still
// answer 404.
func (a *contactErasureAction) verify(ctx context.Context, diags *diag.Diagnostics, requestID, file string, progress func(string, ...any)) {
	rc, err := gdpr.ReadReceipt(file)
	if err != nil {
		diags.AddAttributeError(path.Root("verify_receipt"), "Cannot read verify_receipt", "verify_receipt "+err.Error()+".")
		return
	}
	if ws := a.data.WorkspaceID(); rc.WorkspaceID != ws {
		diags.AddAttributeError(path.Root("verify_receipt"), "Receipt of another workspace",
			fmt.Sprintf("The receipt records workspace %s; the token is of workspace %s. Nothing was checked.", rc.WorkspaceID, ws))
		return
	}
	v := gdpr.Reverify(ctx, a.data.client, rc)
	checked := len(v.StillGone) + len(v.CameBack) + len(v.Unchecked)
	progress("receipt of %s (finished %s): %d erased contact(s); %d still answer 404, %d answer again, %d could not be checked",
		rc.RequestID, rc.FinishedAt.Format(time.RFC3339), checked, len(v.StillGone), len(v.CameBack), len(v.Unchecked))
	if len(v.CameBack) > 0 {
		diags.AddError(fmt.Sprintf("Data-subject request %s: %d erased contact(s) answer again", requestID, len(v.CameBack)),
			fmt.Sprintf("Contact(s) %s were erased by request %s and are served again (Intercom can restore a deleted contact "+
				"for 7 days). Erase them again with contact_ids, and find out who restored them.", strings.Join(v.CameBack, ", "), rc.RequestID))
	}
	if len(v.Unchecked) > 0 {
		var lines []string
		for id, why := range v.Unchecked {
			lines = append(lines, "- contact "+id+": "+why)
		}
		slices.Sort(lines)
		diags.AddError(fmt.Sprintf("Data-subject request %s: %d erased contact(s) could not be checked", requestID, len(v.Unchecked)),
			strings.Join(lines, "\n")+"\n\nRun the verification again.")
	}
}

// erasureSummary is the final progress line: subjects read = the sum of the outcomes.
func erasureSummary(r gdpr.Report, dryRun bool) string {
	if dryRun {
		return fmt.Sprintf("dry run of %d subject(s): %d contact(s) would be erased; %d not found by their identifier, "+
			"%d already absent, %d refused; nothing was erased", len(r.Results), r.Planned, r.Count(gdpr.NotFound),
			r.Count(gdpr.AlreadyAbsent), r.Count(gdpr.Refused))
	}
	return fmt.Sprintf("%d subject(s): %d erased and verified gone, %d already absent, %d not found by their identifier, "+
		"%d refused, %d outcome unknown, %d not attempted", len(r.Results), r.Count(gdpr.Erased), r.Count(gdpr.AlreadyAbsent),
		r.Count(gdpr.NotFound), r.Count(gdpr.Refused), r.Count(gdpr.Unknown), r.Count(gdpr.NotAttempted))
}

// reportErasure turns the report into diagnostics: subjects not found are a warning, by
// position; refused, unknown and not attempted ones are an error, so the CLI exits
// non-zero unless every subject was erased or proven absent.
func reportErasure(diags *diag.Diagnostics, requestID string, r gdpr.Report, dryRun bool) {
	list := func(outcomes ...gdpr.Outcome) []string {
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
	if lines := list(gdpr.NotFound); len(lines) > 0 {
		diags.AddWarning(fmt.Sprintf("Data-subject request %s: %d subject(s) not found by their identifier", requestID, len(lines)),
			strings.Join(lines, "\n")+"\n\nNo contact carries these identifiers. Each may have been erased before, "+
				"mistyped, or merged into a contact with another address or external id: a merged contact is found "+
				"only by its contact id (see the GDPR guide). Decide for each whether the request is done.")
	}
	failed := list(gdpr.Refused, gdpr.Unknown, gdpr.NotAttempted)
	if r.Interrupted {
		failed = append([]string{fmt.Sprintf("- the run was interrupted after %d of %d erasure(s); no further contact was deleted", r.Done, r.Planned)}, failed...)
	}
	if len(failed) > 0 {
		verb := "not completed"
		if dryRun {
			verb = "would not complete"
		}
		diags.AddError(fmt.Sprintf("Data-subject request %s %s", requestID, verb),
			strings.Join(failed, "\n")+"\n\n"+erasureSummary(r, dryRun)+". Run the action again once the causes are "+
				"fixed: contacts erased already answer 404 and count as already absent.")
	}
}

// listEntries is a configured list's entries for the gdpr engine, null ones as nil.
func listEntries(l types.List) []*string {
	var out []*string
	for _, e := range l.Elements() {
		s, ok := e.(types.String)
		switch {
		case !ok || s.IsUnknown():
			continue
		case s.IsNull():
			out = append(out, nil)
		default:
			v := s.ValueString()
			out = append(out, &v)
		}
	}
	return out
}

// refuseEmailInRequestID refuses a request_id with an @: the request id is printed in every
// progress message and log line. The diagnostic is attached to no attribute, so that
// Terraform does not print the configuration's line, which holds the value.
func refuseEmailInRequestID(v types.String, diags *diag.Diagnostics) {
	if !v.IsNull() && !v.IsUnknown() && strings.Contains(v.ValueString(), "@") {
		diags.AddError("E-mail address as request id",
			"request_id holds an @, like an e-mail address. It is printed in every progress message and log line: give "+
				"the ticket id of the request (e.g. DSR-2026-0142), never a person's e-mail address.")
	}
}

// requestIDAttribute is the request_id of the GDPR actions: a ticket id, never an e-mail
// address, and the only label their progress messages carry.
func requestIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Required: true,
		MarkdownDescription: "The data-subject request's ticket id, e.g. `DSR-2026-0142`: the only label the action " +
			"prints. Not an e-mail address.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1), notBlank{}},
	}
}

// listStrings is the known strings of a list (an action's configuration is known when it
// runs; at validation, values not known yet are checked once they are).
func listStrings(l types.List) []string {
	var out []string
	for _, e := range l.Elements() {
		if s, ok := e.(types.String); ok && !s.IsUnknown() && !s.IsNull() {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// progressOf reports an action's progress, labelled with the request id alone: to
// Terraform (a progress message) and to the log. Callers pass counts and pseudonymous ids
// only, never a person's e-mail address or name.
func progressOf(ctx context.Context, resp *action.InvokeResponse, requestID string) func(format string, args ...any) {
	return func(format string, args ...any) {
		msg := requestID + ": " + fmt.Sprintf(format, args...)
		tflog.Info(ctx, msg)
		// Once the run is cancelled (Ctrl-C), Terraform no longer reads progress, and a send
		// could block the action before it records where it stopped: the log line stays.
		if resp.SendProgress != nil && ctx.Err() == nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
}
