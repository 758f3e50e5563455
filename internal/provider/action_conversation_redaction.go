package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

var (
	_ action.ActionWithConfigure      = (*conversationRedactionAction)(nil)
	_ action.ActionWithValidateConfig = (*conversationRedactionAction)(nil)
)

// NewConversationRedactionAction returns intercom_conversation_redaction (Terraform 1.14
// and later).
func NewConversationRedactionAction() action.Action { return &conversationRedactionAction{} }

// conversationRedactionAction redacts parts of a conversation (POST /conversations/redact):
// a data-subject request that keeps the conversation but not what someone wrote in it.
type conversationRedactionAction struct {
	data *providerData
}

type conversationRedactionModel struct {
	RequestID      types.String `tfsdk:"request_id"`
	ConversationID types.String `tfsdk:"conversation_id"`
	PartIDs        types.List   `tfsdk:"conversation_part_ids"`
	SourceID       types.String `tfsdk:"source_id"`
}

func (a *conversationRedactionAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_conversation_redaction"
}

func (a *conversationRedactionAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Redacts parts of a conversation with `POST /conversations/redact`: the parts named in " +
			"`conversation_part_ids`, and the conversation's first message when `source_id` is given. Intercom keeps the " +
			"conversation and replaces what was written. Progress messages carry the request id and counts only.",
		Attributes: map[string]schema.Attribute{
			"request_id": requestIDAttribute(),
			"conversation_id": schema.StringAttribute{
				Required: true, MarkdownDescription: "The conversation's id.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"conversation_part_ids": schema.ListAttribute{
				Optional: true, ElementType: types.StringType, MarkdownDescription: "Ids of the conversation parts to redact.",
			},
			"source_id": schema.StringAttribute{
				Optional: true, MarkdownDescription: "The id of the conversation's source (its first message), to redact it.",
			},
		},
	}
}

func (a *conversationRedactionAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *conversationRedactionAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m conversationRedactionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	refuseEmailInRequestID(m.RequestID, &resp.Diagnostics)
	if m.PartIDs.IsNull() && m.SourceID.IsNull() {
		resp.Diagnostics.AddError("Nothing to redact", "Set conversation_part_ids, source_id, or both.")
	}
}

func (a *conversationRedactionAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m conversationRedactionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireConfigured(a.data, &resp.Diagnostics) {
		return
	}
	requestID, conversation := m.RequestID.ValueString(), m.ConversationID.ValueString()
	progress := progressOf(ctx, resp, requestID)
	var parts []gdpr.Part
	for _, p := range listStrings(m.PartIDs) {
		parts = append(parts, gdpr.Part{ID: p})
	}
	if !m.SourceID.IsNull() {
		parts = append(parts, gdpr.Part{ID: m.SourceID.ValueString(), Source: true})
	}
	results := gdpr.Redact(ctx, a.data.client, conversation, parts, func(msg string) { progress("%s", msg) })
	reportRedaction(&resp.Diagnostics, requestID, conversation, results)
}

// reportRedaction says what became of every part: one error lists each part that was not
// redacted, with what Intercom's answer means, and the parts not attempted.
func reportRedaction(diags diagAdder, requestID, conversation string, results []gdpr.PartResult) {
	meaning := map[gdpr.PartOutcome]string{
		gdpr.NotRedactable: "Intercom will not redact it (400/422: some parts, such as those of a bot or an integration, cannot be); redact it in Intercom's inbox, or delete the conversation",
		gdpr.PartNotFound:  "Intercom knows no such part in this conversation (or no such conversation): check the ids",
		gdpr.NotAllowed:    "the token was refused (401/403): it needs the scope to write conversations",
		gdpr.RateLimited:   "rate limited (429) after the client's retries: run the action again later",
		gdpr.RedactUnknown: "no answer, or a server error: it may or may not have been redacted; run the action again",
		gdpr.PartNotTried:  "not attempted",
	}
	var lines []string
	redacted := 0
	for _, r := range results {
		what := "conversation part " + r.Part.ID
		if r.Part.Source {
			what = "the source (first message) " + r.Part.ID
		}
		if r.Outcome == gdpr.Redacted {
			redacted++
			continue
		}
		line := "- " + what + ": " + meaning[r.Outcome]
		if r.Detail != "" {
			line += " (" + r.Detail + ")"
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return
	}
	diags.AddAttributeError(path.Root("conversation_part_ids"),
		fmt.Sprintf("Redaction for %s: %d of %d part(s) of conversation %s not redacted", requestID, len(lines), len(results), conversation),
		fmt.Sprintf("%d of %d part(s) were redacted. The others:\n%s", redacted, len(results), strings.Join(lines, "\n")))
}
