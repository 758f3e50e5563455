package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/attribution"
	"github.com/salestim/terraform-provider-intercom/internal/framework"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

var (
	_ resource.ResourceWithConfigure   = (*twoFactorResource)(nil)
	_ resource.ResourceWithImportState = (*twoFactorResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*twoFactorResource)(nil)
	_ framework.DestroyPlanner         = (*twoFactorResource)(nil)
	_ framework.BoundResource          = (*twoFactorResource)(nil)
)

// NewTwoFactorAuthenticationResource returns intercom_two_factor_authentication.
func NewTwoFactorAuthenticationResource() resource.Resource {
	return framework.Wrap(&twoFactorResource{})
}

// twoFactorResource requires (or not) two-factor authentication of every teammate.
// Modelled endpoint: GET/PUT /security/two_factor.
type twoFactorResource struct {
	data *providerData
}

type twoFactorModel struct {
	ID             types.String `tfsdk:"id"`
	Required       types.Bool   `tfsdk:"required"`
	ResetOnDestroy types.Bool   `tfsdk:"reset_on_destroy"`
}

// twoFactorActivityTypes are the activity log entries a 2FA change writes.
// twoFactorEvidence: the workspace requirement shares security_settings_change with the
// IP allowlist. admin_two_factor_auth_change is a teammate's own enrolment, no evidence
// about the workspace's requirement.
var twoFactorEvidence = attribution.TwoFactor

func (r *twoFactorResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_two_factor_authentication"
}

// twoFactorResourceIdentityKeys is the identity's key beside workspace_id.
var twoFactorResourceIdentityKeys = []framework.IdentityKey{}

func (r *twoFactorResource) IdentityKeys() []framework.IdentityKey {
	return twoFactorResourceIdentityKeys
}

func (r *twoFactorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Requires two-factor authentication for every teammate of the workspace " +
			"(step 1 of Intercom's security checklist). One per workspace.",
		Attributes: map[string]schema.Attribute{
			"id": singletonIDAttribute(),
			"required": schema.BoolAttribute{
				Required:            true,
				MarkdownDescription: "Whether every teammate must sign in with two-factor authentication.",
			},
			"reset_on_destroy": resetOnDestroyAttribute(twoFactorDestroy.defaults),
		},
	}
}

func (r *twoFactorResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan stops the plan when this workspace's hosts do not serve the modelled endpoint.
func (r *twoFactorResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planModelled(ctx, r.data, modelledTwoFactor, "intercom_two_factor_authentication", req, resp)
}

func (r *twoFactorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createSingleton[twoFactorModel, intercom.TwoFactorSettings](ctx, r.data, req, resp, func(ctx context.Context) (intercom.TwoFactorSettings, error) {
		got, err := r.data.client.GetTwoFactor(ctx)
		if err != nil {
			return intercom.TwoFactorSettings{}, err
		}
		return *got, nil
	}, r.write)
}

func (r *twoFactorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateSingleton[twoFactorModel, intercom.TwoFactorSettings](ctx, r.data, req, resp, r.write)
}

// request is what a write sends Intercom.
func (m *twoFactorModel) request() intercom.TwoFactorSettings {
	return intercom.TwoFactorSettings{Required: m.Required.ValueBool()}
}

// payload is the settingModel view of request; it cannot fail.
func (m *twoFactorModel) payload() (intercom.TwoFactorSettings, error) { return m.request(), nil } //nolint:unparam // settingModel

// write puts the planned setting and records what Intercom answered.
func (r *twoFactorResource) write(ctx context.Context, m *twoFactorModel, diags diagAdder) bool {
	got, err := r.data.client.UpdateTwoFactor(ctx, m.request())
	if err != nil {
		addAttributeAPIError(diags, path.Root("required"), "update two-factor authentication", err)
		return false
	}
	m.ID = types.StringValue(r.data.me.App.IDCode)
	m.Required = types.BoolValue(got.Required)
	return true
}

func (r *twoFactorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireServed(ctx, r.data, modelledTwoFactor, "intercom_two_factor_authentication", &resp.Diagnostics) {
		return
	}
	var state twoFactorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	got, err := r.data.client.GetTwoFactor(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read two-factor authentication", err)
		return
	}
	if drifted(state.Required, types.BoolValue(got.Required)) {
		warnDrift(ctx, r.data, lastSynced(ctx, req.Private), "Two-factor authentication", twoFactorEvidence, &resp.Diagnostics)
	} else {
		resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
	}
	state.ID = types.StringValue(r.data.me.App.IDCode)
	state.Required = types.BoolValue(got.Required)
	if state.ResetOnDestroy.IsNull() {
		state.ResetOnDestroy = types.BoolValue(false) // after import
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *twoFactorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	destroySingleton(ctx, r.data, req.State, &resp.Diagnostics, twoFactorDestroy,
		func(ctx context.Context) error {
			_, err := r.data.client.UpdateTwoFactor(ctx, intercom.TwoFactorSettings{Required: false})
			return err
		})
}

// twoFactorDestroy is what destroy does, said at plan time (framework.DestroyPlanner) and at apply.
var twoFactorDestroy = singletonDestroy{resourceType: "intercom_two_factor_authentication", keeps: "its two-factor authentication requirement", defaults: "2FA not required"}

// DestroyEffect says in the destroy plan whether the setting is reset or only forgotten.
func (r *twoFactorResource) DestroyEffect(ctx context.Context, state tfsdk.State) (string, string) {
	return twoFactorDestroy.effect(ctx, state)
}

func (r *twoFactorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importSingleton(ctx, r.data, req, resp)
}
