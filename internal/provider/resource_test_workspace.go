package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/framework"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
	"github.com/salestim/terraform-provider-intercom/internal/reconcile"
)

var (
	_ resource.ResourceWithConfigure   = (*testWorkspaceResource)(nil)
	_ resource.ResourceWithImportState = (*testWorkspaceResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*testWorkspaceResource)(nil)
	_ framework.BoundResource          = (*testWorkspaceResource)(nil)
)

// NewTestWorkspaceResource returns intercom_test_workspace.
func NewTestWorkspaceResource() resource.Resource { return framework.Wrap(&testWorkspaceResource{}) }

// testWorkspaceResource is the production workspace's linked test workspace.
// Modelled endpoints: /test_workspaces.
type testWorkspaceResource struct {
	data *providerData
}

type testWorkspaceModel struct {
	ID        types.String      `tfsdk:"id"`
	IDCode    types.String      `tfsdk:"id_code"`
	Name      types.String      `tfsdk:"name"`
	Region    types.String      `tfsdk:"region"`
	CreatedAt timetypes.RFC3339 `tfsdk:"created_at"`
}

func (r *testWorkspaceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_test_workspace"
}

// testWorkspaceResourceIdentityKeys is the identity's key beside workspace_id.
var testWorkspaceResourceIdentityKeys = []framework.IdentityKey{{Identity: "id", State: "id", Description: "The test workspace's id code."}}

func (r *testWorkspaceResource) IdentityKeys() []framework.IdentityKey {
	return testWorkspaceResourceIdentityKeys
}

func (r *testWorkspaceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The production workspace's linked test workspace, to try settings before production. " +
			"A production workspace has at most one. Destroying it deletes the test workspace and its data, irreversibly. " +
			"Managing its own settings needs a token of the test workspace: a second provider alias.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, PlanModifiers: keep,
				MarkdownDescription: "Same as `id_code`.",
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The test workspace's name, e.g. `SalesTim [TEST]`. Updated in place.",
				Validators:          []validator.String{stringvalidator.LengthAtMost(255), notBlank{}},
			},
			"id_code": schema.StringAttribute{
				Computed: true, PlanModifiers: keep,
				MarkdownDescription: "The test workspace's own id code (its `app.id_code`).",
			},
			"region": schema.StringAttribute{
				Computed: true, PlanModifiers: keep,
				MarkdownDescription: "Where it is hosted, lower case; the production workspace's region.",
			},
			"created_at": schema.StringAttribute{
				Computed: true, PlanModifiers: keep, CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "When it was created, RFC 3339 in UTC.",
			},
		},
	}
}

func (r *testWorkspaceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan stops the plan when this workspace's hosts do not serve the modelled endpoint.
func (r *testWorkspaceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planModelled(ctx, r.data, modelledTestWorkspaces, "intercom_test_workspace", req, resp)
}

// The name is kept as recorded when Intercom's spells it the same but for the white space
// Intercom trims; any other difference is Intercom's answer, and shows as drift.
func setTestWorkspace(m *testWorkspaceModel, tw *intercom.TestWorkspace) {
	m.ID = types.StringValue(tw.IDCode)
	m.IDCode = types.StringValue(tw.IDCode)
	if m.Name.IsNull() || m.Name.IsUnknown() || strings.TrimSpace(m.Name.ValueString()) != strings.TrimSpace(tw.Name) {
		m.Name = types.StringValue(tw.Name)
	}
	m.Region = types.StringValue(strings.ToLower(tw.Region))
	m.CreatedAt = rfc3339FromUnix(tw.CreatedAt)
}

func (r *testWorkspaceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan testWorkspaceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	tw, err := r.create(ctx, plan.Name.ValueString())
	if err != nil {
		r.addCreateError(ctx, &resp.Diagnostics, err)
		return
	}
	recordAsPlanned(&plan, tw, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
}

// recordAsPlanned records Intercom's answer with the name the plan asked for, which
// Terraform requires of a create or update. Should Intercom have stored another name, it
// says so; the next refresh reads Intercom's name, and the plan shows the difference.
func recordAsPlanned(plan *testWorkspaceModel, tw *intercom.TestWorkspace, diags *diag.Diagnostics) {
	asked := plan.Name
	setTestWorkspace(plan, tw)
	if plan.Name != asked {
		diags.AddAttributeWarning(path.Root("name"), "Intercom stored another name",
			fmt.Sprintf("Intercom stored the test workspace %s as %q, not %q as planned: the next plan shows the difference.",
				tw.IDCode, tw.Name, asked.ValueString()))
		plan.Name = asked
	}
}

// create makes the test workspace. After a create with an unknown outcome it adopts the
// test workspace that call made, rather than asking for a second one (which Intercom
// would refuse anyway).
func (r *testWorkspaceResource) create(ctx context.Context, name string) (*intercom.TestWorkspace, error) {
	client := r.data.client
	return reconcile.Create(ctx, r.data.createPolicy(),
		func(ctx context.Context) (*intercom.TestWorkspace, error) {
			return client.CreateTestWorkspace(ctx, name)
		},
		func(ctx context.Context) (*intercom.TestWorkspace, error) {
			list, err := client.ListTestWorkspaces(ctx)
			if err != nil {
				return nil, err
			}
			for i := range list {
				if list[i].Name == name {
					return &list[i], nil
				}
			}
			return nil, nil
		})
}

// addCreateError explains Intercom's one-test-workspace rule with what to do about it.
func (r *testWorkspaceResource) addCreateError(ctx context.Context, diags diagAdder, err error) {
	var apiErr *intercom.Error
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnprocessableEntity {
		if list, listErr := r.data.client.ListTestWorkspaces(ctx); listErr == nil && len(list) > 0 {
			_, detail := describeAPIError("create the test workspace", err)
			diags.AddAttributeError(path.Root("name"), "Workspace already has a test workspace",
				fmt.Sprintf("Workspace %s already has its one test workspace, %q (id_code %s). Import it instead:\n\n"+
					"  terraform import <address of this resource> %s\n\n%s",
					r.data.me.App.IDCode, list[0].Name, list[0].IDCode, list[0].IDCode, detail))
			return
		}
	}
	addAPIError(diags, "create the test workspace", err)
}

func (r *testWorkspaceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireServed(ctx, r.data, modelledTestWorkspaces, "intercom_test_workspace", &resp.Diagnostics) {
		return
	}
	var state testWorkspaceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	list, err := r.data.client.ListTestWorkspaces(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read test workspaces", err)
		return
	}
	for i := range list {
		if list[i].IDCode == state.ID.ValueString() {
			recorded := state.Name
			setTestWorkspace(&state, &list[i])
			if drifted(recorded, state.Name) {
				warnDrift(ctx, r.data, lastSynced(ctx, req.Private), "Test workspace name", testWorkspaceEvidence(state.ID.ValueString(), "app_name_change"), &resp.Diagnostics)
			} else {
				resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
			}
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			return
		}
	}
	resp.Diagnostics.AddWarning("Test workspace deleted outside Terraform",
		"Test workspace "+state.ID.ValueString()+" no longer exists: it is removed from the state and the plan creates a new one. "+
			whoChanged(ctx, r.data, lastSynced(ctx, req.Private), testWorkspaceEvidence(state.ID.ValueString(), "app_data_deletion")))
	resp.State.RemoveResource(ctx)
}

func (r *testWorkspaceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state testWorkspaceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	tw, err := r.data.client.RenameTestWorkspace(ctx, state.ID.ValueString(), plan.Name.ValueString())
	if err != nil {
		addAttributeAPIError(&resp.Diagnostics, path.Root("name"), "rename the test workspace", err)
		return
	}
	recordAsPlanned(&plan, tw, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
}

func (r *testWorkspaceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state testWorkspaceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	// A 404 from hosts that do not serve the route says nothing about the test workspace:
	// forgetting it then (destroy -refresh=false on Intercom's hosts today) would drop a
	// workspace that still exists from the state. Every instance reports it, since one
	// that returns without an error is removed from the state.
	if served, _ := r.data.modelled.isServed(ctx, r.data.client, modelledTestWorkspaces); !served {
		resp.Diagnostics.AddError("Test workspace not deleted: the route is not served",
			fmt.Sprintf("This workspace's Intercom hosts do not serve %s (Intercom has not published it yet), so test "+
				"workspace %s was neither deleted nor proven gone, and the state keeps it. Delete it in Intercom (%s), then "+
				"remove it from the state with a removed block or terraform state rm.", modelledTestWorkspaces.path,
				state.ID.ValueString(), modelledTestWorkspaces.page))
		return
	}
	err := r.data.client.DeleteTestWorkspace(ctx, state.ID.ValueString())
	if err != nil && !intercom.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "delete test workspace "+state.ID.ValueString(), err)
	}
}

// ImportState takes the test workspace's id_code.
func (r *testWorkspaceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := importedBy(ctx, r.data, req, &resp.Diagnostics, "id")
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// testWorkspaceEvidence: the provider reads the production workspace's log, whose
// app_name_change and app_data_deletion entries are about the production workspace
// unless one names the test workspace's id code.
func testWorkspaceEvidence(idCode, activityType string) evidence {
	return evidence{What: "test workspace " + idCode, Types: []string{activityType}, Names: []string{idCode}}
}
