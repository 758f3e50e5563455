package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

var (
	_ resource.ResourceWithConfigure   = (*protectedAttributesResource)(nil)
	_ resource.ResourceWithImportState = (*protectedAttributesResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*protectedAttributesResource)(nil)
	_ resource.ResourceWithIdentity    = (*protectedAttributesResource)(nil)
)

// NewProtectedAttributesResource returns intercom_protected_attributes.
func NewProtectedAttributesResource() resource.Resource { return &protectedAttributesResource{} }

// protectedAttributesResource keeps custom data attributes of one model out of the
// Messenger's reach (messenger_writable = false), on the published /data_attributes: an
// attribute the Messenger may write can be set by anyone with a browser console, so an
// attribute that drives access or pricing must not be.
type protectedAttributesResource struct {
	data *providerData
}

type protectedAttributesModel struct {
	ID             types.String `tfsdk:"id"`
	Model          types.String `tfsdk:"model"`
	Names          types.Set    `tfsdk:"names"`
	ResetOnDestroy types.Bool   `tfsdk:"reset_on_destroy"`
}

// privateProtectedKey holds the names this resource turned from writable to protected:
// what reset_on_destroy restores, and nothing else.
const privateProtectedKey = "protected_by_terraform"

func (r *protectedAttributesResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_protected_attributes"
}

// protectedAttributesResourceIdentityKeys is the identity's key beside workspace_id.
var protectedAttributesResourceIdentityKeys = []identityKey{{identity: "model", state: "model", description: "`contact` or `company`."}}

func (r *protectedAttributesResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(protectedAttributesResourceIdentityKeys...)
}

func (r *protectedAttributesResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Custom data attributes that the Messenger may not write (`messenger_writable = false`). " +
			"An attribute the Messenger may write can be set by anyone from a browser, so one that drives access, " +
			"pricing or routing must be protected, and set only from your servers through Intercom's API. " +
			"One resource per model (`contact` or `company`); apply writes only the attributes still writable.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<workspace id code>/<model>`, e.g. `abc12345/contact`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"model": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(intercom.ModelContact),
				MarkdownDescription: "Whose attributes: `contact` (users and leads, the default) or `company`. Changing it replaces the resource.",
				Validators:          []validator.String{stringvalidator.OneOf(intercom.ModelContact, intercom.ModelCompany)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"names": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Names of custom attributes to protect, as Intercom's API names them (`plan`, not " +
					"`custom_attributes.plan`). Each must exist, be custom and not archived: the plan fails otherwise, " +
					"naming the nearest existing custom attributes. Removing a name leaves that attribute as it is " +
					"(or restores it, with `reset_on_destroy`).",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1), notBlank{}),
				},
			},
			"reset_on_destroy": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "What `terraform destroy` (or removing a name) does. `false` (default): the attributes " +
					"stay protected and Terraform only forgets them. `true`: make writable again exactly the attributes this " +
					"resource protected, none it found protected already. It lives only in Terraform: changing it sends nothing.",
			},
		},
	}
}

func (r *protectedAttributesResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, before anything is written, names apply could not protect: one
// that does not exist, a standard attribute, an archived one. It is a function of the
// configuration and one read of the attributes, so Terraform's re-plans agree.
func (r *protectedAttributesResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan protectedAttributesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Model.IsUnknown() {
		return
	}
	names, known := knownStrings(plan.Names)
	if !known || plan.Names.IsUnknown() {
		return
	}
	// Nothing to apply: the refresh has just read these names, and apply will not touch
	// them, so there is nothing to validate and no second list to make.
	if !req.State.Raw.IsNull() {
		var state protectedAttributesModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if state.Model.Equal(plan.Model) && state.Names.Equal(plan.Names) {
			return
		}
	}
	attrs, err := r.data.client.ListDataAttributes(ctx, plan.Model.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the "+plan.Model.ValueString()+" data attributes", err)
		return
	}
	for _, problem := range unprotectable(names, attrs, plan.Model.ValueString()) {
		resp.Diagnostics.AddAttributeError(path.Root("names"), problem.summary, problem.detail)
	}
}

type planProblem struct{ summary, detail string }

// unprotectable explains each name that cannot be protected through the API.
func unprotectable(names []string, attrs []intercom.DataAttribute, model string) []planProblem {
	var problems []planProblem
	for _, name := range sortedCopy(names) {
		a := findAttribute(attrs, name)
		switch {
		case a == nil:
			detail := fmt.Sprintf("Intercom has no %s attribute named %q.", model, name)
			near := nearestCustom(attrs, name, 3)
			close := slices.DeleteFunc(slices.Clone(near), func(n string) bool {
				return editDistance(strings.ToLower(name), strings.ToLower(n)) > max(2, len([]rune(name))/3)
			})
			switch {
			case len(close) > 0:
				detail += " The nearest existing custom attribute(s): " + strings.Join(close, ", ") + "."
			case len(near) > 0:
				detail += " None is close; the workspace's custom " + model + " attributes include: " +
					strings.Join(sortedCopy(nearestCustom(attrs, name, 10)), ", ") + "."
			default:
				detail += " The workspace has no custom " + model + " attribute that is not archived."
			}
			problems = append(problems, planProblem{"No such data attribute", detail + " Nothing was changed."})
		case !a.Custom:
			problems = append(problems, planProblem{"Standard attribute cannot be protected",
				fmt.Sprintf("%q is one of Intercom's standard %s attributes: only custom attributes can be protected "+
					"through Intercom's API (standard ones have no id to update). Remove it from names. Nothing was changed.", name, model)})
		case a.Archived:
			problems = append(problems, planProblem{"Archived data attribute",
				fmt.Sprintf("The custom %s attribute %q is archived. Unarchive it in Intercom (Settings > Data > People "+
					"data or Company data) or remove it from names. Nothing was changed.", model, name)})
		}
	}
	return problems
}

func findAttribute(attrs []intercom.DataAttribute, name string) *intercom.DataAttribute {
	for i := range attrs {
		if attrs[i].Name == name {
			return &attrs[i]
		}
	}
	return nil
}

// nearestCustom names up to n custom, unarchived attributes closest to name by edit
// distance (ties by name), so a typo's fix is on the screen.
func nearestCustom(attrs []intercom.DataAttribute, name string, n int) []string {
	type candidate struct {
		name     string
		distance int
	}
	var cs []candidate
	for _, a := range attrs {
		if a.Custom && !a.Archived {
			cs = append(cs, candidate{a.Name, editDistance(strings.ToLower(name), strings.ToLower(a.Name))})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].distance != cs[j].distance {
			return cs[i].distance < cs[j].distance
		}
		return cs[i].name < cs[j].name
	})
	out := []string{}
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, by runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func sortedCopy(values []string) []string {
	out := slices.Clone(values)
	slices.Sort(out)
	return out
}

func (r *protectedAttributesResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer func() {
		syncIdentity(ctx, r.data, resp.State, resp.Identity, &resp.Diagnostics, protectedAttributesResourceIdentityKeys...)
	}()
	var plan protectedAttributesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	names, _ := knownStrings(plan.Names)
	changed, ok := r.protect(ctx, plan.Model.ValueString(), names, &resp.Diagnostics)
	if !ok {
		return
	}
	plan.ID = types.StringValue(r.data.me.App.IDCode + "/" + plan.Model.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setProtectedByTerraform(ctx, resp.Private, changed)...)
	resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
}

// protect sets messenger_writable = false on each named attribute that is writable now,
// and returns the names it changed. It sends nothing for attributes already protected.
// When a write fails, it puts back the ones it changed in this call, so a failed apply
// leaves the workspace as it found it.
func (r *protectedAttributesResource) protect(ctx context.Context, model string, names []string, diags *diag.Diagnostics) ([]string, bool) {
	attrs, err := r.data.client.ListDataAttributes(ctx, model)
	if err != nil {
		addAPIError(diags, "list the "+model+" data attributes", err)
		return nil, false
	}
	if problems := unprotectable(names, attrs, model); len(problems) > 0 {
		for _, p := range problems {
			diags.AddAttributeError(path.Root("names"), p.summary, p.detail)
		}
		return nil, false
	}
	var changed []string
	for _, name := range sortedCopy(names) {
		a := findAttribute(attrs, name)
		if !a.MessengerWritable {
			continue
		}
		if _, err := r.data.client.SetMessengerWritable(ctx, a.ID, false); err != nil {
			addAttributeAPIError(diags, path.Root("names"), fmt.Sprintf("protect the %s attribute %q", model, name), err)
			r.rollBack(ctx, model, attrs, changed, diags)
			return nil, false
		}
		changed = append(changed, name)
	}
	return changed, true
}

// rollBack makes writable again the attributes a failed apply protected.
func (r *protectedAttributesResource) rollBack(ctx context.Context, model string, attrs []intercom.DataAttribute, changed []string, diags *diag.Diagnostics) {
	var failed []string
	for _, name := range changed {
		if _, err := r.data.client.SetMessengerWritable(ctx, findAttribute(attrs, name).ID, true); err != nil {
			failed = append(failed, name)
		}
	}
	switch {
	case len(failed) > 0:
		diags.AddWarning("Some attributes stay protected",
			fmt.Sprintf("The apply failed, and putting back the %s attributes it had protected failed for %s: they are "+
				"protected now, which Terraform does not record. Apply again, or make them writable in Intercom.", model, strings.Join(failed, ", ")))
	case len(changed) > 0:
		diags.AddWarning("Changes put back",
			fmt.Sprintf("The apply failed after protecting %s; they were made writable again, so the workspace is as it was.", strings.Join(changed, ", ")))
	}
}

func (r *protectedAttributesResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer func() {
		syncIdentity(ctx, r.data, stateOrPrior(resp.State, req.State), resp.Identity, &resp.Diagnostics, protectedAttributesResourceIdentityKeys...)
	}()
	var state protectedAttributesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	model := state.Model.ValueString()
	attrs, err := r.data.client.ListDataAttributes(ctx, model)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the "+model+" data attributes", err)
		return
	}
	var protected []string
	if state.Names.IsNull() {
		// An import: adopt what is protected now.
		for _, a := range attrs {
			if a.Custom && !a.Archived && !a.MessengerWritable {
				protected = append(protected, a.Name)
			}
		}
	} else {
		recorded, _ := knownStrings(state.Names)
		var writable, gone []string
		for _, name := range sortedCopy(recorded) {
			switch a := findAttribute(attrs, name); {
			case a == nil || !a.Custom || a.Archived:
				gone = append(gone, name)
			case a.MessengerWritable:
				writable = append(writable, name)
			default:
				protected = append(protected, name)
			}
		}
		if len(writable)+len(gone) == 0 {
			resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
		} else {
			resp.Diagnostics.AddWarning("Protected attributes changed outside Terraform", protectedDriftDetail(model, writable, gone))
		}
	}
	names, diags := setFromStrings(types.StringType, sortedCopy(protected))
	resp.Diagnostics.Append(diags...)
	state.Names = names
	state.ID = types.StringValue(r.data.me.App.IDCode + "/" + model)
	if state.ResetOnDestroy.IsNull() {
		state.ResetOnDestroy = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// protectedDriftDetail says what changed. Intercom's activity log lists no event type for
// data attribute changes (its published list of 114 types has none), so who changed it
// cannot be read from the log, and the warning says so rather than guess.
func protectedDriftDetail(model string, writable, gone []string) string {
	var parts []string
	if len(writable) > 0 {
		parts = append(parts, fmt.Sprintf("the Messenger may write the %s attribute(s) %s again", model, strings.Join(writable, ", ")))
	}
	if len(gone) > 0 {
		parts = append(parts, fmt.Sprintf("%s no longer exist as custom, unarchived %s attribute(s)", strings.Join(gone, ", "), model))
	}
	return "Intercom holds other values than Terraform's state: " + strings.Join(parts, "; ") + ". The plan shows the " +
		"difference, and apply protects them again. Who changed them is not known: Intercom's activity log has no " +
		"event type for data attribute changes."
}

func (r *protectedAttributesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer func() {
		syncIdentity(ctx, r.data, resp.State, resp.Identity, &resp.Diagnostics, protectedAttributesResourceIdentityKeys...)
	}()
	var plan, state protectedAttributesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	model := plan.Model.ValueString()
	ours := protectedByTerraform(ctx, req.Private)
	planned, _ := knownStrings(plan.Names)
	changed, ok := r.protect(ctx, model, planned, &resp.Diagnostics)
	if !ok {
		return
	}
	ours = union(ours, changed)
	// Names taken out of the configuration: left protected, or, with reset_on_destroy,
	// made writable again when this resource protected them.
	recorded, _ := knownStrings(state.Names)
	var released []string
	for _, name := range recorded {
		if !slices.Contains(planned, name) {
			released = append(released, name)
		}
	}
	if len(released) > 0 {
		restored, ok := r.release(ctx, model, released, ours, plan.ResetOnDestroy.ValueBool(), &resp.Diagnostics)
		if !ok {
			return
		}
		ours = slices.DeleteFunc(ours, func(n string) bool { return slices.Contains(restored, n) || slices.Contains(released, n) })
	}
	plan.ID = types.StringValue(r.data.me.App.IDCode + "/" + model)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setProtectedByTerraform(ctx, resp.Private, ours)...)
	resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
}

// release gives up names: with reset, those this resource protected are made writable
// again (those it found protected stay so); without, it only warns that they stay.
func (r *protectedAttributesResource) release(ctx context.Context, model string, names, ours []string, reset bool, diags *diag.Diagnostics) ([]string, bool) {
	if !reset {
		diags.AddWarning("Attributes left protected",
			fmt.Sprintf("Terraform no longer manages the %s attribute(s) %s: they stay protected in Intercom. Set "+
				"reset_on_destroy = true to make writable again the attributes this resource protected.", model, strings.Join(sortedCopy(names), ", ")))
		return nil, true
	}
	attrs, err := r.data.client.ListDataAttributes(ctx, model)
	if err != nil {
		addAPIError(diags, "list the "+model+" data attributes", err)
		return nil, false
	}
	var restored []string
	for _, name := range sortedCopy(names) {
		a := findAttribute(attrs, name)
		if !slices.Contains(ours, name) || a == nil || a.ID == 0 || a.MessengerWritable {
			continue
		}
		if _, err := r.data.client.SetMessengerWritable(ctx, a.ID, true); err != nil {
			addAPIError(diags, fmt.Sprintf("make the %s attribute %q writable again", model, name), err)
			return restored, false
		}
		restored = append(restored, name)
	}
	return restored, true
}

func (r *protectedAttributesResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state protectedAttributesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	names, _ := knownStrings(state.Names)
	if !state.ResetOnDestroy.ValueBool() {
		r.release(ctx, state.Model.ValueString(), names, nil, false, &resp.Diagnostics)
		return
	}
	if !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	_, _ = r.release(ctx, state.Model.ValueString(), names, protectedByTerraform(ctx, req.Private), true, &resp.Diagnostics)
}

// ImportState takes "<workspace id code>/<model>" (or the model alone): the attributes
// protected now become the state's names.
func (r *protectedAttributesResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	want := r.data.me.App.IDCode
	id, ok := importedBy(ctx, r.data, req, &resp.Diagnostics, "model")
	if !ok {
		return
	}
	workspace, model, found := strings.Cut(strings.TrimSpace(id), "/")
	if !found {
		workspace, model = want, workspace
	}
	if !strings.EqualFold(workspace, want) || (model != intercom.ModelContact && model != intercom.ModelCompany) {
		resp.Diagnostics.AddError("Wrong import id",
			fmt.Sprintf("Import protected attributes as <workspace id code>/<model>, e.g. %q or %q (the workspace of the "+
				"provider's access token is %q), not %q.", want+"/contact", want+"/company", want, req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), want+"/"+model)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("model"), model)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("reset_on_destroy"), false)...)
}

func protectedByTerraform(ctx context.Context, p privateGetter) []string {
	if p == nil {
		return nil
	}
	b, diags := p.GetKey(ctx, privateProtectedKey)
	if diags.HasError() || len(b) == 0 {
		return nil
	}
	var names []string
	if json.Unmarshal(b, &names) != nil {
		return nil
	}
	return names
}

func setProtectedByTerraform(ctx context.Context, p privateSetter, names []string) diag.Diagnostics {
	if names == nil {
		names = []string{}
	}
	b, _ := json.Marshal(sortedCopy(names))
	return p.SetKey(ctx, privateProtectedKey, b)
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, v := range b {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
