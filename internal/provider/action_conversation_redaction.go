package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
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
	if !resp.Diagnostics.HasError() && m.PartIDs.IsNull() && m.SourceID.IsNull() {
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
	type target struct {
		id     string
		source bool
	}
	var targets []target
	parts := listStrings(m.PartIDs)
	for _, p := range parts {
		targets = append(targets, target{id: p})
	}
	if !m.SourceID.IsNull() {
		targets = append(targets, target{id: m.SourceID.ValueString(), source: true})
	}
	for i, t := range targets {
		err := a.data.client.RedactConversationPart(ctx, conversation, t.id, t.source)
		if err != nil {
			what := "conversation part " + t.id
			if t.source {
				what = "the source (first message) " + t.id
			}
			addRedactionError(&resp.Diagnostics, requestID, conversation, what, i, len(targets), err)
			return
		}
		progress("redacted %d of %d part(s) of conversation %s", i+1, len(targets), conversation)
	}
}

// addRedactionError says what Intercom refused, and what was done before.
func addRedactionError(diags diagAdder, requestID, conversation, what string, done, total int, err error) {
	var apiErr *intercom.Error
	_, detail := describeAPIError("redact "+what+" of conversation "+conversation, err)
	summary := "Redaction for " + requestID + " stopped"
	switch {
	case intercom.IsNotFound(err):
		detail = fmt.Sprintf("Intercom knows no %s in conversation %s (or no such conversation): check the ids.\n\n%s", what, conversation, detail)
	case errors.As(err, &apiErr) && apiErr.StatusCode >= http.StatusBadRequest && apiErr.StatusCode < http.StatusInternalServerError:
		summary = "Intercom will not redact " + what
		detail = fmt.Sprintf("Intercom refused to redact %s of conversation %s (not redactable: some parts, such as "+
			"those of a bot or an integration, cannot be). Redact it in Intercom's inbox, or delete the conversation.\n\n%s", what, conversation, detail)
	}
	diags.AddAttributeError(path.Root("conversation_part_ids"), summary,
		fmt.Sprintf("%d of %d part(s) were redacted before this one.\n\n%s", done, total, detail))
}
