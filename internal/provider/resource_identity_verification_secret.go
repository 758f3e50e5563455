package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/framework"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
	"github.com/salestim/terraform-provider-intercom/internal/reconcile"
)

var (
	_ resource.ResourceWithConfigure      = (*secretResource)(nil)
	_ resource.ResourceWithImportState    = (*secretResource)(nil)
	_ resource.ResourceWithValidateConfig = (*secretResource)(nil)
	_ framework.BoundResource             = (*secretResource)(nil)
)

// NewIdentityVerificationSecretResource returns intercom_identity_verification_secret.
func NewIdentityVerificationSecretResource() resource.Resource {
	return framework.Wrap(&secretResource{})
}

// secretResource is one identity verification secret, on the published Preview
// endpoints /secure_mode_secrets. Intercom has no update call, and shows the secret's
// material only in the create answer: every argument forces a replacement, and the
// material is kept in state from that answer.
type secretResource struct {
	data *providerData
}

type secretModel struct {
	ID               types.String      `tfsdk:"id"`
	Name             types.String      `tfsdk:"name"`
	SupportsWeb      types.Bool        `tfsdk:"supports_web"`
	SupportsIOS      types.Bool        `tfsdk:"supports_ios"`
	SupportsAndroid  types.Bool        `tfsdk:"supports_android"`
	RotationTriggers types.Map         `tfsdk:"rotation_triggers"`
	CreatedAt        timetypes.RFC3339 `tfsdk:"created_at"`
	Secret           types.String      `tfsdk:"secret"`
}

func (r *secretResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_identity_verification_secret"
}

// secretResourceIdentityKeys is the identity's key beside workspace_id.
var secretResourceIdentityKeys = []framework.IdentityKey{{Identity: "id", State: "id", Description: "The secret's id in Intercom."}}

func (r *secretResource) IdentityKeys() []framework.IdentityKey { return secretResourceIdentityKeys }

func (r *secretResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	supports := func(platform string) schema.BoolAttribute {
		return schema.BoolAttribute{
			Optional:            true,
			Computed:            true,
			Default:             booldefault.StaticBool(false),
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			MarkdownDescription: "Whether the secret signs users of the " + platform + " Messenger. Changing it replaces the secret. At least one platform must be true.",
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An identity verification secret: the key that signs users' `user_hash` (HMAC) and " +
			"Messenger JWTs. Intercom has no update call, so every argument forces a replacement. Rotate without " +
			"downtime with one secret per key generation (`for_each`): add the new one, deploy it, wait for the longest " +
			"token lifetime, then remove the old one. `rotation_triggers` with `create_before_destroy` replaces it in one " +
			"apply, which signs out users whose tokens carry the old key.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Intercom's id of the secret.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "A name to tell secrets apart, e.g. `Production web`. Changing it replaces the secret.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtMost(255), notBlank{}},
			},
			"supports_web":     supports("web"),
			"supports_ios":     supports("iOS"),
			"supports_android": supports("Android"),
			"rotation_triggers": schema.MapAttribute{
				ElementType:   types.StringType,
				Optional:      true,
				PlanModifiers: []planmodifier.Map{rotateWhenTriggersChange()},
				MarkdownDescription: "Arbitrary values that replace the secret whenever they change, e.g. " +
					"`{ rotated = \"2026-11\" }` (the old secret is deleted in the same apply: not zero-downtime). Not sent to Intercom. After an import, which cannot know them, the " +
					"first triggers the configuration sets are recorded without replacing the live secret.",
			},
			"created_at": schema.StringAttribute{
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When Intercom created the secret, RFC 3339 in UTC.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"secret": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The secret's material (256-bit, base64url). Intercom returns it only when the secret is " +
					"created, so it is kept in state from then on: protect the state. Null after an import, which cannot recover it.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *secretResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg secretModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	flags := []types.Bool{cfg.SupportsWeb, cfg.SupportsIOS, cfg.SupportsAndroid}
	for _, f := range flags {
		if f.IsUnknown() || f.ValueBool() {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(path.Root("supports_web"), "Secret supports no platform",
		"An identity verification secret must support at least one platform: set supports_web, supports_ios or "+
			"supports_android to true.")
}

func (r *secretResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// request is what a create sends Intercom: every argument but rotation_triggers.
func (m *secretModel) request() intercom.NewIdentityVerificationSecret {
	return intercom.NewIdentityVerificationSecret{
		Name: m.Name.ValueString(), SupportsWeb: m.SupportsWeb.ValueBool(),
		SupportsIOS: m.SupportsIOS.ValueBool(), SupportsAndroid: m.SupportsAndroid.ValueBool(),
	}
}

func (r *secretResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	in := plan.request()
	created, lookalikes, watch, err := r.create(ctx, in)
	if err != nil {
		addAPIError(&resp.Diagnostics, "create the identity verification secret", err)
		return
	}
	// A lost create may still be committed after this one: look again now, and once more
	// at the next Read (see secret_late_commit.go).
	if watch != nil {
		r.lookAgainAfterALostCreate(ctx, *watch, created.ID, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(setLateCommitWatch(ctx, resp.Private, watch)...)
	if len(lookalikes) > 0 {
		resp.Diagnostics.AddWarning("Recent secret with the same name found", lookalikeDetail(r.data.client.BaseURL(), in.Name, lookalikes))
	}
	plan.ID = types.StringValue(created.ID)
	plan.CreatedAt = rfc3339FromUnix(created.CreatedAt)
	plan.Secret = types.StringValue(created.Secret)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
}

// create makes the secret. After a create with an unknown outcome it waits for the call
// to land (request_timeout), then deletes any secret that call made, before trying again
// and after the last try: without the lost answer its material is lost, and a live secret
// nobody tracks would stay. Creates are
// serialised within this process, so the secrets new since before are this call's own,
// never a sibling's with the same name. (Another process creating the same name at the
// same moment cannot be told apart.)
//
// It also returns the secrets that looked the same before it (name and platforms) and
// were created within lookalikeWindow: one may be the leftover of an interrupted run
// that could not clean up, which only its owner can tell.
func (r *secretResource) create(ctx context.Context, in intercom.NewIdentityVerificationSecret) (
	*intercom.IdentityVerificationSecret, []intercom.IdentityVerificationSecret, *lateCommitWatch, error,
) {
	before, err := r.data.client.ListIdentityVerificationSecrets(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	var lookalikes []intercom.IdentityVerificationSecret
	for _, s := range newSecrets(nil, before, in) {
		if time.Since(time.Unix(s.CreatedAt, 0)) < lookalikeWindow {
			lookalikes = append(lookalikes, s)
		}
	}
	client := r.data.client
	var lostAt time.Time
	created, err := reconcile.Create(ctx, r.data.createPolicy(),
		func(ctx context.Context) (*intercom.IdentityVerificationSecret, error) {
			sent := time.Now()
			s, err := client.CreateIdentityVerificationSecret(ctx, in)
			if intercom.IsUnknownOutcome(err) && lostAt.IsZero() {
				lostAt = sent
			}
			return s, err
		},
		func(ctx context.Context) (*intercom.IdentityVerificationSecret, error) {
			after, err := client.ListIdentityVerificationSecrets(ctx)
			if err != nil {
				return nil, err
			}
			for _, orphan := range newSecrets(before, after, in) {
				if err := client.DeleteIdentityVerificationSecret(ctx, orphan.ID); err != nil && !intercom.IsNotFound(err) {
					return nil, err
				}
			}
			return nil, nil
		})
	var watch *lateCommitWatch
	if err == nil && !lostAt.IsZero() {
		w := newLateCommitWatch(in, lostAt, before)
		watch = &w
	}
	return created, lookalikes, watch, err
}

// lookalikeWindow is how recent a same-named secret must be to be reported at create: an
// interrupted run's leftover is recent; a secret being rotated away usually is not.
const lookalikeWindow = time.Hour

// lookalikeDetail names recent same-named secrets and how to delete one nobody tracks.
func lookalikeDetail(baseURL, name string, lookalikes []intercom.IdentityVerificationSecret) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Before creating %q, Intercom already held secret(s) with the same name and platforms, created within "+
		"the last hour:\n", name)
	for _, s := range lookalikes {
		fmt.Fprintf(&b, "  - id %s, created %s\n", s.ID, unixToRFC3339(s.CreatedAt))
	}
	fmt.Fprintf(&b, "\nThis is expected when this apply replaces that secret (create_before_destroy deletes it next), or when "+
		"another configuration tracks it; the provider cannot tell which. Only if no Terraform state tracks it was it "+
		"left by an apply killed before it could clean up, a live signing key whose material nobody holds; then delete "+
		"it:\n\n  curl -X DELETE %s/secure_mode_secrets/%s -H \"Authorization: Bearer $INTERCOM_ACCESS_TOKEN\" "+
		"-H \"Intercom-Version: Preview\"\n\nor adopt it with terraform import to manage (and destroy) it. A name per key "+
		"generation (see the rotation example) avoids this warning.",
		strings.TrimRight(baseURL, "/"), lookalikes[0].ID)
	return b.String()
}

// newSecrets lists the secrets in after, not in before, that match in.
func newSecrets(before, after []intercom.IdentityVerificationSecret, in intercom.NewIdentityVerificationSecret) []intercom.IdentityVerificationSecret {
	known := make(map[string]bool, len(before))
	for _, s := range before {
		known[s.ID] = true
	}
	var out []intercom.IdentityVerificationSecret
	for _, s := range after {
		if !known[s.ID] && s.Name == in.Name && s.SupportsWeb == in.SupportsWeb &&
			s.SupportsIOS == in.SupportsIOS && s.SupportsAndroid == in.SupportsAndroid {
			out = append(out, s)
		}
	}
	return out
}

func (r *secretResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state secretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	list, err := r.data.client.ListIdentityVerificationSecrets(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read identity verification secrets", err)
		return
	}
	if watch, ok := readLateCommitWatch(ctx, req.Private); ok {
		if i := slices.IndexFunc(list, func(s intercom.IdentityVerificationSecret) bool { return s.ID == state.ID.ValueString() }); i >= 0 {
			// Deleting is a write: under the workspace lock, as every write.
			unlock, err := r.data.LockWorkspace(ctx)
			if err != nil {
				addAPIError(&resp.Diagnostics, "take the workspace lock to delete a late commit", err)
				return
			}
			ok := r.deleteLateCommits(ctx, watch, watch.lateCommits(list, state.ID.ValueString(), list[i].CreatedAt), state.ID.ValueString(), &resp.Diagnostics)
			unlock()
			if !ok {
				return
			}
		}
		resp.Diagnostics.Append(setLateCommitWatch(ctx, resp.Private, nil)...)
	}
	for _, s := range list {
		if s.ID != state.ID.ValueString() {
			continue
		}
		state.Name = types.StringValue(s.Name)
		state.SupportsWeb, state.SupportsIOS, state.SupportsAndroid = types.BoolValue(s.SupportsWeb), types.BoolValue(s.SupportsIOS), types.BoolValue(s.SupportsAndroid)
		state.CreatedAt = rfc3339FromUnix(s.CreatedAt)
		if state.RotationTriggers.IsUnknown() {
			state.RotationTriggers = types.MapNull(types.StringType)
		}
		if state.Secret.IsUnknown() {
			state.Secret = types.StringNull() // imported: Intercom never returns the material again
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
		return
	}
	resp.Diagnostics.AddWarning("Identity verification secret deleted outside Terraform",
		"Secret "+state.ID.ValueString()+" ("+state.Name.ValueString()+") no longer exists in Intercom: it is removed from "+
			"the state and the plan re-creates it. Users signed with the old secret fail verification until the new one is "+
			"rolled out. "+whoChanged(ctx, r.data, lastSynced(ctx, req.Private), evidence{
			What: "secret " + state.ID.ValueString(), Types: secretActivityTypes,
			Names: []string{state.ID.ValueString()}, UnnamedTells: true,
		}))
	resp.State.RemoveResource(ctx)
}

// secretActivityTypes are the activity log entries deleting a secret writes.
var secretActivityTypes = []string{"messenger_api_secret_deletion"}

// privateImportedKey marks a secret imported and not yet given its rotation_triggers.
const privateImportedKey = "imported_without_triggers"

// rotateWhenTriggersChange replaces the secret whenever rotation_triggers change, except
// for the first triggers set after an import: the import could not know them, and
// replacing would revoke a live secret that nobody asked to rotate.
func rotateWhenTriggersChange() planmodifier.Map {
	const desc = "Changing the triggers replaces the secret, except the first ones set after an import."
	return mapplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
		imported, diags := req.Private.GetKey(ctx, privateImportedKey)
		resp.Diagnostics.Append(diags...)
		resp.RequiresReplace = !req.StateValue.IsNull() || len(imported) == 0
	}, desc, desc)
}

// Update records a change of rotation_triggers that replaces nothing (see
// rotateWhenTriggersChange); it sends nothing to Intercom. Every other argument forces a
// replacement, since Intercom has no update call for secrets.
func (r *secretResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.request() != state.request() {
		resp.Diagnostics.AddError("Identity verification secrets cannot be updated",
			"Intercom has no update call for secrets; every argument but rotation_triggers forces a replacement. "+
				"This is a bug in the provider: please report it.")
		return
	}
	resp.State.Raw = req.Plan.Raw
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImportedKey, nil)...)
}

func (r *secretResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state secretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	// The check holds until the delete is done (the kit's workspace lock): a parallel
	// delete of a sibling secret, or an enforcement write, from any alias on this machine,
	// waits, so the check is never made on a state about to change.
	refusal, err := checkSecretDeletable(ctx, r.data.client, state.ID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "check that deleting secret "+state.ID.ValueString()+" leaves every enforced platform a secret", err)
		return
	}
	if refusal != "" {
		resp.Diagnostics.AddError("Secret still needed by identity verification", refusal)
		return
	}
	err = r.data.client.DeleteIdentityVerificationSecret(ctx, state.ID.ValueString())
	if err != nil && !intercom.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "delete identity verification secret "+state.ID.ValueString(), err)
		return
	}
	// The secret is gone either way: the error says loudly what the workspace now needs,
	// and the state records the truth (destroyed), so no later plan calls it drift.
	if problem := checkAfterSecretDelete(ctx, r.data.client, state.ID.ValueString()); problem != "" {
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddError("Enforced platform left without a secret", problem)
	}
}

// ImportState takes Intercom's id of the secret. Its material cannot be imported.
func (r *secretResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := importedBy(ctx, r.data, req, &resp.Diagnostics, "id")
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImportedKey, []byte(`true`))...)
}
