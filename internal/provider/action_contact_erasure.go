package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/dsr"
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
					"or of a CSV file named `*.csv`, read when the action runs. The only place for e-mail addresses. Keep the file " +
					"out of version control. It must be a regular file of at most 16 MiB holding exactly one JSON object with those " +
					"keys only, each once, or a CSV file whose header row names every column `email`, `external_id` or `contact_id` " +
					"(commas or semicolons, one subject per non-empty cell, problems named by row); " +
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
	validateSubjectInputs(m.ExternalIDs, m.ContactIDs, m.SubjectsFile, map[string]types.String{
		"receipt_file": m.ReceiptFile, "verify_receipt": m.VerifyReceipt}, &resp.Diagnostics)
}

func (a *contactErasureAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m contactErasureModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireConfigured(a.data, &resp.Diagnostics) {
		return
	}
	env := a.data.requestEnv(ctx, resp, m.RequestID.ValueString())
	if !m.VerifyReceipt.IsNull() {
		addFindings(&resp.Diagnostics, dsr.VerifyReceipt(ctx, env, m.RequestID.ValueString(), m.VerifyReceipt.ValueString()))
		return
	}
	addFindings(&resp.Diagnostics, dsr.Erase(ctx, env, dsr.Erasure{
		RequestID: m.RequestID.ValueString(), Subjects: subjectsOf(m.ExternalIDs, m.ContactIDs, m.SubjectsFile),
		Match: m.Match.ValueString(), DryRun: m.DryRun.ValueBool(), ReceiptFile: m.ReceiptFile.ValueString(),
	}))
}
