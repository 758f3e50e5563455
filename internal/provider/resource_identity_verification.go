package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/attribution"
	"github.com/salestim/terraform-provider-intercom/internal/framework"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

var (
	_ resource.ResourceWithConfigure   = (*identityVerificationResource)(nil)
	_ resource.ResourceWithImportState = (*identityVerificationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*identityVerificationResource)(nil)
	_ framework.DestroyPlanner         = (*identityVerificationResource)(nil)
	_ framework.BoundResource          = (*identityVerificationResource)(nil)
)

// NewIdentityVerificationResource returns intercom_identity_verification.
func NewIdentityVerificationResource() resource.Resource {
	return framework.Wrap(&identityVerificationResource{})
}

// identityVerificationResource enforces identity verification per Messenger platform.
// Modelled endpoint: GET/PUT /messenger/identity_verification.
type identityVerificationResource struct {
	data *providerData
}

type identityVerificationModel struct {
	ID             types.String `tfsdk:"id"`
	Web            types.Bool   `tfsdk:"web"`
	IOS            types.Bool   `tfsdk:"ios"`
	Android        types.Bool   `tfsdk:"android"`
	ResetOnDestroy types.Bool   `tfsdk:"reset_on_destroy"`
}

var identityVerificationEvidence = attribution.IdentityVerification

// platformAttributes maps the API's fields to the attributes, for errors naming a field.
var platformAttributes = map[string]string{
	"enforced_on_web":     "web",
	"enforced_on_ios":     "ios",
	"enforced_on_android": "android",
}

func (r *identityVerificationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_identity_verification"
}

// identityVerificationResourceIdentityKeys is the identity's key beside workspace_id.
var identityVerificationResourceIdentityKeys = []framework.IdentityKey{}

func (r *identityVerificationResource) IdentityKeys() []framework.IdentityKey {
	return identityVerificationResourceIdentityKeys
}

func (r *identityVerificationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	platform := func(name string) schema.BoolAttribute {
		return schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(false),
			MarkdownDescription: fmt.Sprintf("Enforce identity verification on %s: the Messenger then accepts only users "+
				"signed with a `user_hash` or JWT. Needs a live secret that supports %s (`intercom_identity_verification_secret`). Default `false`.", name, name),
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Enforces identity verification (Messenger security) per platform, step 3 of Intercom's " +
			"security checklist. One per workspace. Make it depend on the secrets it needs.",
		Attributes: map[string]schema.Attribute{
			"id":               singletonIDAttribute(),
			"web":              platform("web"),
			"ios":              platform("iOS"),
			"android":          platform("Android"),
			"reset_on_destroy": resetOnDestroyAttribute(identityVerificationDestroy.defaults),
		},
	}
}

func (r *identityVerificationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan stops the plan when this workspace's hosts do not serve the modelled endpoint.
func (r *identityVerificationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planModelled(ctx, r.data, modelledIdentityVerification, "intercom_identity_verification", req, resp)
}

func (r *identityVerificationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createSingleton[identityVerificationModel, intercom.IdentityVerificationSettings](ctx, r.data, req, resp,
		func(ctx context.Context) (intercom.IdentityVerificationSettings, error) {
			got, err := r.data.client.GetIdentityVerification(ctx)
			if err != nil {
				return intercom.IdentityVerificationSettings{}, err
			}
			return *got, nil
		}, r.write)
}

func (r *identityVerificationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateSingleton[identityVerificationModel, intercom.IdentityVerificationSettings](ctx, r.data, req, resp, r.write)
}

// request is what a write sends Intercom.
func (m *identityVerificationModel) request() intercom.IdentityVerificationSettings {
	return intercom.IdentityVerificationSettings{
		EnforcedOnWeb: m.Web.ValueBool(), EnforcedOnIOS: m.IOS.ValueBool(), EnforcedOnAndroid: m.Android.ValueBool(),
	}
}

// payload is the settingModel view of request; it cannot fail.
func (m *identityVerificationModel) payload() (intercom.IdentityVerificationSettings, error) { //nolint:unparam // settingModel
	return m.request(), nil
}

func (r *identityVerificationResource) write(ctx context.Context, m *identityVerificationModel, diags diagAdder) bool {
	got, err := r.data.client.UpdateIdentityVerification(ctx, m.request())
	if err != nil {
		addIdentityVerificationError(diags, err)
		return false
	}
	m.ID = types.StringValue(r.data.me.App.IDCode)
	m.Web, m.IOS, m.Android = types.BoolValue(got.EnforcedOnWeb), types.BoolValue(got.EnforcedOnIOS), types.BoolValue(got.EnforcedOnAndroid)
	return true
}

// addIdentityVerificationError makes Intercom's refusal to enforce a platform without a
// secret readable, pinned to that platform's attribute.
func addIdentityVerificationError(diags diagAdder, err error) {
	var apiErr *intercom.Error
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnprocessableEntity {
		if attr, ok := platformAttributes[apiErr.Field()]; ok {
			_, detail := describeAPIError("update identity verification", err)
			diags.AddAttributeError(path.Root(attr), "No identity verification secret supports "+attr,
				fmt.Sprintf("Intercom refuses to enforce identity verification on %s while no live secret supports it. "+
					"Create an intercom_identity_verification_secret with supports_%s = true and add it to this resource's "+
					"depends_on, or set %s = false.\n\n%s", attr, attr, attr, detail))
			return
		}
	}
	addAPIError(diags, "update identity verification", err)
}

func (r *identityVerificationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireServed(ctx, r.data, modelledIdentityVerification, "intercom_identity_verification", &resp.Diagnostics) {
		return
	}
	var state identityVerificationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	got, err := r.data.client.GetIdentityVerification(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read identity verification", err)
		return
	}
	remote := identityVerificationModel{
		Web: types.BoolValue(got.EnforcedOnWeb), IOS: types.BoolValue(got.EnforcedOnIOS), Android: types.BoolValue(got.EnforcedOnAndroid),
	}
	if drifted(state.Web, remote.Web) || drifted(state.IOS, remote.IOS) || drifted(state.Android, remote.Android) {
		warnDrift(ctx, r.data, lastSynced(ctx, req.Private), "Identity verification", identityVerificationEvidence, &resp.Diagnostics)
	} else {
		resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
	}
	state.ID = types.StringValue(r.data.me.App.IDCode)
	state.Web, state.IOS, state.Android = remote.Web, remote.IOS, remote.Android
	if state.ResetOnDestroy.IsNull() {
		state.ResetOnDestroy = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *identityVerificationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	destroySingleton(ctx, r.data, req.State, &resp.Diagnostics, identityVerificationDestroy,
		func(ctx context.Context) error {
			_, err := r.data.client.UpdateIdentityVerification(ctx, intercom.IdentityVerificationSettings{})
			return err
		})
}

// identityVerificationDestroy is what destroy does, said at plan time (framework.DestroyPlanner) and at apply.
var identityVerificationDestroy = singletonDestroy{resourceType: "intercom_identity_verification", keeps: "identity verification enforced where it is", defaults: "enforced on no platform"}

// DestroyEffect says in the destroy plan whether the setting is reset or only forgotten.
func (r *identityVerificationResource) DestroyEffect(ctx context.Context, state tfsdk.State) (string, string) {
	return identityVerificationDestroy.effect(ctx, state)
}

func (r *identityVerificationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importSingleton(ctx, r.data, req, resp)
}
