package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/dsr"
)

var (
	_ action.ActionWithConfigure      = (*contactOptOutAction)(nil)
	_ action.ActionWithValidateConfig = (*contactOptOutAction)(nil)
)

// NewContactOptOutAction returns intercom_contact_opt_out (Terraform 1.14 and later).
func NewContactOptOutAction() action.Action { return &contactOptOutAction{} }

// contactOptOutAction carries out an objection to direct marketing (GDPR article 21),
// through the dsr package.
type contactOptOutAction struct {
	data *providerData
}

type contactOptOutModel struct {
	RequestID           types.String `tfsdk:"request_id"`
	ExternalIDs         types.List   `tfsdk:"external_ids"`
	ContactIDs          types.List   `tfsdk:"contact_ids"`
	SubjectsFile        types.String `tfsdk:"subjects_file"`
	Match               types.String `tfsdk:"match"`
	SubscriptionTypeIDs types.List   `tfsdk:"subscription_type_ids"`
	DryRun              types.Bool   `tfsdk:"dry_run"`
	ReceiptFile         types.String `tfsdk:"receipt_file"`
}

func (a *contactOptOutAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact_opt_out"
}

func (a *contactOptOutAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := subjectAttributes("opt out")
	maps.Copy(attrs, map[string]schema.Attribute{
		"subscription_type_ids": schema.ListAttribute{
			Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Ids of the opt-out subscription types to opt the contacts out of (`GET /subscription_types`). " +
				"When not set, every live opt-out type. An opt-in type or an id the workspace does not have refuses the whole " +
				"request before any write, by position: attaching an opt-in type would opt the contact in.",
		},
		"dry_run": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "Find the contacts and the subscription types and report what would change, changing nothing.",
		},
		"receipt_file": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Path of a JSON receipt to write (mode 0600; never over an existing file, which is refused " +
				"before any call), as `intercom_contact_erasure` writes one: per subject by position its outcome, contact ids " +
				"and the HTTP statuses of the writes and read-backs, never an identifier.",
		},
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Carries out an objection to direct marketing (GDPR article 21): sets " +
			"`unsubscribed_from_emails` on each subject's contacts and attaches them to the opt-out subscription types, then " +
			"reads each contact back. A subject is opted out only when the read-back shows all of it; otherwise its outcome is " +
			"unknown and the reason says what is not shown. Subjects are named as for `intercom_contact_erasure`, with the " +
			"same outcomes, exit status and receipts.",
		Attributes: attrs,
	}
}

func (a *contactOptOutAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *contactOptOutAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m contactOptOutModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	refuseEmailInRequestID(m.RequestID, &resp.Diagnostics)
	if m.ExternalIDs.IsNull() && m.ContactIDs.IsNull() && m.SubjectsFile.IsNull() {
		resp.Diagnostics.AddError("No subject to opt out", "Set external_ids, contact_ids or subjects_file.")
	}
	validateSubjectInputs(m.ExternalIDs, m.ContactIDs, m.SubjectsFile, map[string]types.String{"receipt_file": m.ReceiptFile}, &resp.Diagnostics)
	if !m.SubscriptionTypeIDs.IsNull() && !m.SubscriptionTypeIDs.IsUnknown() && len(m.SubscriptionTypeIDs.Elements()) == 0 {
		resp.Diagnostics.AddAttributeError(path.Root("subscription_type_ids"), "Empty subscription_type_ids",
			"subscription_type_ids is an empty list: name the opt-out types to attach, or leave the attribute out to opt out of "+
				"every live opt-out type.")
	}
}

func (a *contactOptOutAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m contactOptOutModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireConfigured(a.data, &resp.Diagnostics) {
		return
	}
	var typeIDs []*string
	if !m.SubscriptionTypeIDs.IsNull() {
		typeIDs = listEntries(m.SubscriptionTypeIDs)
	}
	addFindings(&resp.Diagnostics, dsr.OptOut(ctx, a.data.requestEnv(ctx, resp, m.RequestID.ValueString()), dsr.Objection{
		RequestID: m.RequestID.ValueString(), Subjects: subjectsOf(m.ExternalIDs, m.ContactIDs, m.SubjectsFile),
		Match: m.Match.ValueString(), SubscriptionTypeIDs: typeIDs, DryRun: m.DryRun.ValueBool(), ReceiptFile: m.ReceiptFile.ValueString(),
	}))
}
