package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Workspace-wide settings (2FA, trusted domains, identity verification, IP allowlist) are
// singletons: one object per workspace, which Terraform can manage but never create or
// delete. What they share lives here: the id, import, the per-workspace lock and what
// destroy does.

// singletonIDAttribute is the id of a workspace setting: the workspace's id_code.
func singletonIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "The id code of the workspace the setting belongs to.",
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// resetOnDestroyAttribute lets a user choose that destroy restores Intercom's default.
func resetOnDestroyAttribute(defaultDescription string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
		MarkdownDescription: "What `terraform destroy` does. `false` (default): the workspace keeps the setting as it is " +
			"and Terraform only forgets it, so destroying never weakens security silently. `true`: restore Intercom's " +
			"default (" + defaultDescription + "). It lives only in Terraform: changing it sends nothing to Intercom.",
	}
}

// importSingleton accepts the workspace's id_code as import id, and refuses any other
// so that an import never adopts another workspace's setting by mistake.
func importSingleton(ctx context.Context, data *providerData, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !requireConfigured(data, &resp.Diagnostics) {
		return
	}
	want := data.me.App.IDCode
	id, ok := importedBy(ctx, data, req, &resp.Diagnostics, "")
	if !ok {
		return
	}
	if !strings.EqualFold(strings.TrimSpace(id), want) {
		resp.Diagnostics.AddError("Wrong import id",
			fmt.Sprintf("This setting belongs to the whole workspace: import it with the workspace's id code, %q "+
				"(the workspace of the provider's access token), not %q.", want, id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), want)...)
}

// warnLeftAsIs says that destroy forgot a setting without changing it.
func warnLeftAsIs(diags *diag.Diagnostics, resourceType, what string) {
	diags.AddWarning("Setting left as it is in Intercom",
		fmt.Sprintf("%s was removed from Terraform's state only: the workspace keeps %s. "+
			"Set reset_on_destroy = true before destroying to restore Intercom's default instead.", resourceType, what))
}

// writeSingleton is Create and Update of a workspace setting: read the plan, write it
// with write (which reports the API's errors and returns false on failure), record the
// result in state, and note when Terraform last saw the setting as recorded.
func writeSingleton[M any](ctx context.Context, data *providerData, plan tfsdk.Plan, state *tfsdk.State,
	private privateSetter, diags *diag.Diagnostics, write func(context.Context, *M, diagAdder) bool,
) {
	var m M
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() || !requireConfigured(data, diags) {
		return
	}
	if !write(ctx, &m, diags) {
		return
	}
	diags.Append(state.Set(ctx, &m)...)
	diags.Append(markSynced(ctx, private, time.Now())...)
}

// settingModel is the model of a workspace setting: payload is what a write sends
// Intercom, in Intercom's canonical form, as a comparable value. Two models with equal
// payloads hold the same setting, whatever their spellings or Terraform-only attributes
// (reset_on_destroy).
type settingModel[M any, P comparable] interface {
	*M
	payload() (P, error)
}

// createSingleton is Create of a workspace setting. When Intercom holds the planned
// setting already (current, in canonical form), nothing is sent, so no activity-log entry
// is written either: the state records the plan.
func createSingleton[M any, P comparable, PM settingModel[M, P]](ctx context.Context, data *providerData, req resource.CreateRequest,
	resp *resource.CreateResponse, current func(context.Context) (P, error), write func(context.Context, *M, diagAdder) bool,
) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireConfigured(data, &resp.Diagnostics) {
		return
	}
	if planned, err := PM(&plan).payload(); err == nil {
		if held, err := current(ctx); err == nil && held == planned {
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), data.me.App.IDCode)...)
			resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
			return
		}
	}
	writeSingleton(ctx, data, req.Plan, &resp.State, resp.Private, &resp.Diagnostics, write)
}

// updateSingleton is Update of a workspace setting. A plan whose payload equals the
// state's (another spelling, or only reset_on_destroy changed) sends nothing to
// Intercom, so it writes no activity-log entry either: the state takes the plan as it is.
func updateSingleton[M any, P comparable, PM settingModel[M, P]](ctx context.Context, data *providerData, req resource.UpdateRequest,
	resp *resource.UpdateResponse, write func(context.Context, *M, diagAdder) bool,
) {
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	planned, errPlan := PM(&plan).payload()
	recorded, errState := PM(&state).payload()
	if errPlan == nil && errState == nil && planned == recorded {
		resp.State.Raw = req.Plan.Raw
		return
	}
	writeSingleton(ctx, data, req.Plan, &resp.State, resp.Private, &resp.Diagnostics, write)
}

// singletonDestroy is what destroying a workspace setting does: the workspace keeps it
// (keeps names it), or, with reset_on_destroy, gets Intercom's default (defaults).
type singletonDestroy struct {
	resourceType, keeps, defaults string
}

// effect says, for the destroy plan, whether the setting is reset or only forgotten: a
// plan that counts "N to destroy" must not leave the user to learn which after apply.
func (d singletonDestroy) effect(ctx context.Context, state tfsdk.State) (string, string) {
	var resetOnDestroy types.Bool
	if diags := state.GetAttribute(ctx, path.Root("reset_on_destroy"), &resetOnDestroy); diags.HasError() {
		return "", ""
	}
	if resetOnDestroy.ValueBool() {
		return d.resourceType + " will be reset to Intercom's default",
			"Destroy writes Intercom's default to the workspace: " + d.defaults + "."
	}
	return d.resourceType + " will only be forgotten",
		"Destroy removes it from Terraform's state only and sends nothing: the workspace keeps " + d.keeps + ". To " +
			"restore Intercom's default (" + d.defaults + ") instead, set reset_on_destroy = true and apply before destroying."
}

// destroySingleton is Delete of a workspace setting: without reset_on_destroy it only
// warns that the setting stays as it is; with it, reset restores Intercom's default
// (Delete runs under the workspace lock: see internal/framework).
func destroySingleton(ctx context.Context, data *providerData, state tfsdk.State, diags *diag.Diagnostics,
	d singletonDestroy, reset func(context.Context) error,
) {
	resourceType, keeps := d.resourceType, d.keeps
	var resetOnDestroy types.Bool
	diags.Append(state.GetAttribute(ctx, path.Root("reset_on_destroy"), &resetOnDestroy)...)
	if diags.HasError() {
		return
	}
	if !resetOnDestroy.ValueBool() {
		warnLeftAsIs(diags, resourceType, keeps)
		return
	}
	if !requireConfigured(data, diags) {
		return
	}
	if err := reset(ctx); err != nil {
		addAPIError(diags, "reset "+resourceType+" to Intercom's default", err)
	}
}
