package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/dsr"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

var (
	_ action.ActionWithConfigure      = (*contactExportAction)(nil)
	_ action.ActionWithValidateConfig = (*contactExportAction)(nil)
)

// NewContactExportAction returns intercom_contact_export (Terraform 1.14 and later).
func NewContactExportAction() action.Action { return &contactExportAction{} }

// contactExportAction answers an access request (GDPR article 15): it writes everything
// Intercom serves of each subject's contacts into a bundle, through the dsr package.
type contactExportAction struct {
	data *providerData
}

type contactExportModel struct {
	RequestID    types.String `tfsdk:"request_id"`
	ExternalIDs  types.List   `tfsdk:"external_ids"`
	ContactIDs   types.List   `tfsdk:"contact_ids"`
	SubjectsFile types.String `tfsdk:"subjects_file"`
	Match        types.String `tfsdk:"match"`
	OutputDir    types.String `tfsdk:"output_dir"`
	AgeRecipient types.String `tfsdk:"age_recipient"`
}

func (a *contactExportAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact_export"
}

func (a *contactExportAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := subjectAttributes("export")
	maps.Copy(attrs, map[string]schema.Attribute{
		"output_dir": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "Folder to write the bundle into: created (mode 0700) when missing, and refused before any " +
				"call when it holds any file, so a bundle is never written over another. It receives one `contact-<id>.json` " +
				"per contact (the contact, its companies, tags, notes, segments, subscriptions and tickets) and one " +
				"`conversation-<id>.json` per conversation with its parts, each mode 0600, and `" + gdpr.ManifestName + "`: " +
				"per subject by position its outcome and contact ids, per contact the counts, and every file's size and SHA-256, " +
				"with no personal data. The path must not hold an `@`.",
		},
		"age_recipient": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "An [age](https://age-encryption.org) public key (`age1…`). When set, every file of the " +
				"bundle but the manifest is encrypted to it (`.json.age`), so the bundle can travel to the data subject; " +
				"the manifest's SHA-256s are of the encrypted files.",
		},
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Answers an access request (GDPR article 15): writes everything Intercom serves of each " +
			"subject's contacts into `output_dir`. Reads only: nothing changes in Intercom. Subjects are named as for " +
			"`intercom_contact_erasure`; e-mail addresses only in `subjects_file`. Every subject ends in one outcome: exported, " +
			"already absent, not found by this identifier (a warning), refused, incomplete (the reason names what is missing, " +
			"for example the parts of a conversation beyond the 500 Intercom serves) or not attempted; the last three are " +
			"errors, so the CLI exits non-zero unless every subject was exported whole or proven absent. Personal data is " +
			"written into the bundle only: progress messages and diagnostics carry the request id, counts and Intercom ids. " +
			"Tickets are exported where the workspace's API serves them; the manifest says when it does not.",
		Attributes: attrs,
	}
}

func (a *contactExportAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *contactExportAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m contactExportModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	refuseEmailInRequestID(m.RequestID, &resp.Diagnostics)
	if m.ExternalIDs.IsNull() && m.ContactIDs.IsNull() && m.SubjectsFile.IsNull() {
		resp.Diagnostics.AddError("No subject to export", "Set external_ids, contact_ids or subjects_file.")
	}
	validateSubjectInputs(m.ExternalIDs, m.ContactIDs, m.SubjectsFile, map[string]types.String{"output_dir": m.OutputDir}, &resp.Diagnostics)
	if v := m.AgeRecipient; !v.IsNull() && !v.IsUnknown() {
		if err := gdpr.CheckRecipient(v.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("age_recipient"), "Invalid age_recipient", err.Error()+".")
		}
	}
}

func (a *contactExportAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m contactExportModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireConfigured(a.data, &resp.Diagnostics) {
		return
	}
	addFindings(&resp.Diagnostics, dsr.Export(ctx, a.data.requestEnv(ctx, resp, m.RequestID.ValueString()), dsr.Access{
		RequestID: m.RequestID.ValueString(), Subjects: subjectsOf(m.ExternalIDs, m.ContactIDs, m.SubjectsFile),
		Match: m.Match.ValueString(), OutputDir: m.OutputDir.ValueString(), AgeRecipient: m.AgeRecipient.ValueString(),
	}))
}
