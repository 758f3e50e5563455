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
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/framework"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

var (
	_ resource.ResourceWithConfigure   = (*protectedAttributesResource)(nil)
	_ resource.ResourceWithImportState = (*protectedAttributesResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*protectedAttributesResource)(nil)
	_ framework.BoundResource          = (*protectedAttributesResource)(nil)
)

// NewProtectedAttributesResource returns intercom_protected_attributes.
func NewProtectedAttributesResource() resource.Resource {
	return framework.Wrap(&protectedAttributesResource{})
}

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

// privateUnknownWriteKey holds the name whose protecting write failed with an outcome not
// known: found protected later, it counts as protected by this resource.
const privateUnknownWriteKey = "protect_outcome_unknown"

func (r *protectedAttributesResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_protected_attributes"
}

// protectedAttributesResourceIdentityKeys is the identity's key beside workspace_id.
var protectedAttributesResourceIdentityKeys = []framework.IdentityKey{{Identity: "model", State: "model", Description: "`contact` or `company`."}}

func (r *protectedAttributesResource) IdentityKeys() []framework.IdentityKey {
	return protectedAttributesResourceIdentityKeys
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
	warnBecomeWritable(ctx, req, resp)
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
	r.refuseDeclaredTwice(plan.Model.ValueString(), names, &resp.Diagnostics)
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

// refuseDeclaredTwice refuses an attribute another intercom_protected_attributes of this
// plan names too: destroying (or shrinking) either would make it writable, or forget it,
// while the other still declares it. A resource claims with its whole list of names, so
// one resource planned twice (a replace) is not a conflict; two resources with exactly
// the same list cannot be told from one (see framework.PlanClaims).
func (r *protectedAttributesResource) refuseDeclaredTwice(model string, names []string, diags *diag.Diagnostics) {
	claimant := model + ":" + strings.Join(sortedCopy(names), "\x00")
	for _, name := range sortedCopy(names) {
		if other, found := r.data.protectedAttributePlans.Claim(model+"/"+name, claimant); found {
			_, otherNames, _ := strings.Cut(other, ":")
			diags.AddAttributeError(path.Root("names"), "Protected attribute declared twice",
				fmt.Sprintf("The %s attribute %q is named by two intercom_protected_attributes resources of this "+
					"configuration (the other names %s). Destroying or shrinking either would make it writable again, or "+
					"forget it, while the other still declares it. Name each attribute in one resource per model.",
					model, name, strings.Join(strings.Split(otherNames, "\x00"), ", ")))
		}
	}
}

// warnBecomeWritable says at plan time which attributes apply will make writable again:
// with reset_on_destroy, those this resource protected that a destroy, or a name taken
// out, releases. Apply must not be the first to say so.
func warnBecomeWritable(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return
	}
	var state protectedAttributesModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	recorded, _ := knownStrings(state.Names)
	released, reset := recorded, state.ResetOnDestroy.ValueBool()
	if !req.Plan.Raw.IsNull() {
		var plan protectedAttributesModel
		if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() || plan.Names.IsUnknown() {
			return
		}
		planned, _ := knownStrings(plan.Names)
		released = slices.DeleteFunc(slices.Clone(recorded), func(n string) bool { return slices.Contains(planned, n) })
		reset = plan.ResetOnDestroy.ValueBool()
	}
	ours := union(privateNames(ctx, req.Private, privateProtectedKey), privateNames(ctx, req.Private, privateUnknownWriteKey))
	var writable, stay []string
	for _, name := range sortedCopy(released) {
		if reset && slices.Contains(ours, name) {
			writable = append(writable, name)
		} else {
			stay = append(stay, name)
		}
	}
	model := state.Model.ValueString()
	if len(writable) > 0 {
		resp.Diagnostics.AddWarning("Attributes will become writable from the Messenger",
			fmt.Sprintf("With reset_on_destroy = true, apply makes the %s attribute(s) %s writable from the Messenger "+
				"again (this resource protected them)%s. Anyone with a browser console can then set them.",
				model, strings.Join(writable, ", "), stayClause(stay)))
	} else if len(stay) > 0 {
		resp.Diagnostics.AddWarning("Attributes will only be forgotten",
			fmt.Sprintf("Apply leaves the %s attribute(s) %s protected in Intercom and only stops managing them.", model, strings.Join(stay, ", ")))
	}
}

func stayClause(stay []string) string {
	if len(stay) == 0 {
		return ""
	}
	return "; " + strings.Join(stay, ", ") + " stay protected (found protected already), and Terraform only forgets them"
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
	var plan protectedAttributesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	names, _ := knownStrings(plan.Names)
	done, ok := r.protect(ctx, plan.Model.ValueString(), names, nil, &resp.Diagnostics)
	if !ok {
		// Record what is true: the names protected so far, which this resource changed, and
		// the write whose outcome is not known. Nothing is put back.
		if len(done.protected) > 0 || done.unknown != "" {
			r.recordPartial(ctx, plan, done, nil, &resp.State, resp.Private, &resp.Diagnostics)
		}
		return
	}
	plan.ID = types.StringValue(r.data.me.App.IDCode + "/" + plan.Model.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setPrivateNames(ctx, resp.Private, privateProtectedKey, done.changed)...)
	resp.Diagnostics.Append(setPrivateNames(ctx, resp.Private, privateUnknownWriteKey, nil)...)
	resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
}

// protected is what a protect call proved.
type protected struct {
	protected []string // named attributes protected now: found so, or by this call
	changed   []string // those this call (or an earlier write whose outcome was unknown) turned protected
	unknown   string   // the name whose write failed, with an outcome not known; "" when none
}

// protect sets messenger_writable = false on each named attribute that is writable now,
// in name order, and sends nothing for those already protected. A name in pending (an
// earlier write whose outcome was not known) found protected counts as changed by this
// resource. On a failed write it stops and returns what it proved; it never puts back
// what it changed (a second write after an error would be a guess about Intercom's state).
func (r *protectedAttributesResource) protect(ctx context.Context, model string, names, pending []string, diags *diag.Diagnostics) (protected, bool) {
	var done protected
	attrs, err := r.data.client.ListDataAttributes(ctx, model)
	if err != nil {
		addAPIError(diags, "list the "+model+" data attributes", err)
		return done, false
	}
	if problems := unprotectable(names, attrs, model); len(problems) > 0 {
		for _, p := range problems {
			diags.AddAttributeError(path.Root("names"), p.summary, p.detail)
		}
		return done, false
	}
	// What the listing proves protected already, before any write.
	for _, name := range sortedCopy(names) {
		if !findAttribute(attrs, name).MessengerWritable {
			done.protected = append(done.protected, name)
			if slices.Contains(pending, name) {
				done.changed = append(done.changed, name)
			}
		}
	}
	for _, name := range sortedCopy(names) {
		a := findAttribute(attrs, name)
		if !a.MessengerWritable {
			continue
		}
		if _, err := r.data.client.SetMessengerWritable(ctx, a.ID, false); err != nil {
			done.unknown = name
			// The API error, with what the failed apply left in its detail.
			var apiErr diag.Diagnostics
			addAttributeAPIError(&apiErr, path.Root("names"), fmt.Sprintf("protect the %s attribute %q", model, name), err)
			for _, d := range apiErr {
				diags.AddAttributeError(path.Root("names"), d.Summary(), d.Detail()+"\n\n"+partialDetail(model, done, intercom.IsUnknownOutcome(err)))
			}
			return done, false
		}
		done.protected = append(done.protected, name)
		done.changed = append(done.changed, name)
	}
	slices.Sort(done.protected)
	return done, true
}

// partialDetail says what a failed protect left, as far as it is known.
func partialDetail(model string, done protected, outcomeUnknown bool) string {
	so := "none"
	if len(done.protected) > 0 {
		so = strings.Join(sortedCopy(done.protected), ", ")
	}
	detail := fmt.Sprintf("The apply stopped at the %s attribute %q. Protected now, and recorded in the state: %s. "+
		"Nothing was put back.", model, done.unknown, so)
	if outcomeUnknown {
		detail += fmt.Sprintf(" Whether Intercom applied the write for %q is not known: the next plan reads it, and "+
			"counts it as protected by this resource if it is.", done.unknown)
	} else {
		detail += fmt.Sprintf(" Intercom refused the write for %q: it is still writable.", done.unknown)
	}
	return detail
}

// recordPartial writes the state of a failed create or update: the names proved
// protected (with those it keeps from before), which of them this resource protected,
// and the name whose write has an unknown outcome.
func (r *protectedAttributesResource) recordPartial(ctx context.Context, plan protectedAttributesModel, done protected, ours []string,
	state *tfsdk.State, private privateSetter, diags *diag.Diagnostics,
) {
	names, d := setFromStrings(types.StringType, sortedCopy(done.protected))
	diags.Append(d...)
	plan.Names = names
	plan.ID = types.StringValue(r.data.me.App.IDCode + "/" + plan.Model.ValueString())
	diags.Append(state.Set(ctx, &plan)...)
	diags.Append(setPrivateNames(ctx, private, privateProtectedKey, union(ours, done.changed))...)
	var pending []string
	if done.unknown != "" {
		pending = []string{done.unknown}
	}
	diags.Append(setPrivateNames(ctx, private, privateUnknownWriteKey, pending)...)
}

func (r *protectedAttributesResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
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
	return "Intercom holds other values than Terraform's state: " + strings.Join(parts, "; ") + ". Where the " +
		"configuration still names them, the plan shows the change and apply protects them again. Who changed them is not known: Intercom's activity log has no " +
		"event type for data attribute changes."
}

func (r *protectedAttributesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state protectedAttributesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	model := plan.Model.ValueString()
	ours := privateNames(ctx, req.Private, privateProtectedKey)
	pending := privateNames(ctx, req.Private, privateUnknownWriteKey)
	planned, _ := knownStrings(plan.Names)
	recorded, _ := knownStrings(state.Names)
	done, ok := r.protect(ctx, model, planned, pending, &resp.Diagnostics)
	if !ok {
		// The names recorded before stay protected (nothing here released them); the state
		// adds those proved protected now.
		done.protected = union(done.protected, recorded)
		r.recordPartial(ctx, plan, done, ours, &resp.State, resp.Private, &resp.Diagnostics)
		return
	}
	ours = union(ours, done.changed)
	// Names taken out of the configuration: left protected, or, with reset_on_destroy,
	// made writable again when this resource protected them.
	var released []string
	for _, name := range recorded {
		if !slices.Contains(planned, name) {
			released = append(released, name)
		}
	}
	if len(released) > 0 {
		restored, ok := r.release(ctx, model, released, ours, plan.ResetOnDestroy.ValueBool(), &resp.Diagnostics)
		ours = slices.DeleteFunc(ours, func(n string) bool { return slices.Contains(restored, n) })
		if !ok {
			// Released names not yet made writable are still protected: keep them recorded.
			done.protected = union(done.protected, slices.DeleteFunc(slices.Clone(released), func(n string) bool { return slices.Contains(restored, n) }))
			done.changed = nil
			r.recordPartial(ctx, plan, done, ours, &resp.State, resp.Private, &resp.Diagnostics)
			return
		}
		ours = slices.DeleteFunc(ours, func(n string) bool { return slices.Contains(released, n) })
	}
	plan.ID = types.StringValue(r.data.me.App.IDCode + "/" + model)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setPrivateNames(ctx, resp.Private, privateProtectedKey, ours)...)
	resp.Diagnostics.Append(setPrivateNames(ctx, resp.Private, privateUnknownWriteKey, nil)...)
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
	ours := union(privateNames(ctx, req.Private, privateProtectedKey), privateNames(ctx, req.Private, privateUnknownWriteKey))
	restored, ok := r.release(ctx, state.Model.ValueString(), names, ours, true, &resp.Diagnostics)
	if !ok {
		// Record what is true: the names not yet made writable stay in the state.
		left := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return slices.Contains(restored, n) })
		set, d := setFromStrings(types.StringType, sortedCopy(left))
		resp.Diagnostics.Append(d...)
		state.Names = set
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		resp.Diagnostics.Append(setPrivateNames(ctx, resp.Private, privateProtectedKey,
			slices.DeleteFunc(ours, func(n string) bool { return slices.Contains(restored, n) }))...)
	}
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

// privateNames reads a list of attribute names from the private state.
func privateNames(ctx context.Context, p privateGetter, key string) []string {
	if p == nil {
		return nil
	}
	b, diags := p.GetKey(ctx, key)
	if diags.HasError() || len(b) == 0 {
		return nil
	}
	var names []string
	if json.Unmarshal(b, &names) != nil {
		return nil
	}
	return names
}

func setPrivateNames(ctx context.Context, p privateSetter, key string, names []string) diag.Diagnostics {
	if names == nil {
		names = []string{}
	}
	b, _ := json.Marshal(sortedCopy(names))
	return p.SetKey(ctx, key, b)
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
