package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/attribution"
	"github.com/salestim/terraform-provider-intercom/internal/framework"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
	"github.com/salestim/terraform-provider-intercom/internal/normalize"
	"github.com/salestim/terraform-provider-intercom/internal/normtypes"
)

var (
	_ resource.ResourceWithConfigure      = (*ipAllowlistResource)(nil)
	_ resource.ResourceWithImportState    = (*ipAllowlistResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*ipAllowlistResource)(nil)
	_ resource.ResourceWithValidateConfig = (*ipAllowlistResource)(nil)
	_ framework.DestroyPlanner            = (*ipAllowlistResource)(nil)
	_ framework.BoundResource             = (*ipAllowlistResource)(nil)
)

// NewIPAllowlistResource returns intercom_ip_allowlist.
func NewIPAllowlistResource() resource.Resource { return framework.Wrap(&ipAllowlistResource{}) }

// ipAllowlistResource is the workspace's IP allowlist, on the published /ip_allowlist
// (2.14 and later; the token needs the manage_ip_allowlist scope).
type ipAllowlistResource struct {
	data *providerData
}

type ipAllowlistModel struct {
	ID             types.String `tfsdk:"id"`
	Enabled        types.Bool   `tfsdk:"enabled"`
	IPRanges       types.Set    `tfsdk:"ip_ranges"`
	ResetOnDestroy types.Bool   `tfsdk:"reset_on_destroy"`
}

// ipAllowlistEvidence: the allowlist shares security_settings_change with the 2FA
// requirement.
var ipAllowlistEvidence = attribution.IPAllowlist

func (r *ipAllowlistResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ip_allowlist"
}

// ipAllowlistResourceIdentityKeys is the identity's key beside workspace_id.
var ipAllowlistResourceIdentityKeys = []framework.IdentityKey{}

func (r *ipAllowlistResource) IdentityKeys() []framework.IdentityKey {
	return ipAllowlistResourceIdentityKeys
}

func (r *ipAllowlistResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The workspace's IP allowlist: when enabled, teammates can reach the workspace only from " +
			"these addresses. One per workspace. Intercom refuses a change that would lock out the address the call " +
			"comes from, so include the address Terraform runs from.",
		Attributes: map[string]schema.Attribute{
			"id": singletonIDAttribute(),
			"enabled": schema.BoolAttribute{
				Required:            true,
				MarkdownDescription: "Whether the allowlist is enforced.",
			},
			"ip_ranges": schema.SetAttribute{
				Required:    true,
				ElementType: normtypes.IPRangeType{},
				MarkdownDescription: "IPv4 addresses (`198.51.100.7`) and CIDR ranges (`203.0.113.0/24`). " +
					"`198.51.100.7` and `198.51.100.7/32` are the same entry: the state keeps the configuration's spelling, " +
					"and changing only the spelling sends nothing to Intercom. A range must be written in its network " +
					"form (`203.0.113.0/24`, not `203.0.113.5/24`).",
				Validators: []validator.Set{normalisedSetValidator{normalise: normalize.IPRanges, what: "IP range"}},
			},
			"reset_on_destroy": resetOnDestroyAttribute(ipAllowlistDestroy.defaults),
		},
	}
}

// ValidateConfig refuses an enabled allowlist with no ranges, which apply would send and
// Intercom would have to refuse (it would let no one in, Terraform included). A set with
// an element not known yet is not empty, and is checked once it is known.
func (r *ipAllowlistResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg ipAllowlistModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Enabled.IsUnknown() || !cfg.Enabled.ValueBool() || cfg.IPRanges.IsUnknown() || cfg.IPRanges.IsNull() {
		return
	}
	if len(cfg.IPRanges.Elements()) == 0 {
		resp.Diagnostics.AddAttributeError(path.Root("ip_ranges"), "Enabled IP allowlist with no ranges",
			"An enabled allowlist with no ranges would let no teammate in, Terraform included: list the ranges teammates "+
				"work from (and the address Terraform runs from), or set enabled = false.")
	}
}

// ModifyPlan says when an update changes only the spelling of the ranges.
func (r *ipAllowlistResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	warnSpellingOnlySet(ctx, req, resp, "ip_ranges", normalize.IPRanges, "IP ranges")
}

func (r *ipAllowlistResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *ipAllowlistResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createSingleton[ipAllowlistModel, ipAllowlistPayload](ctx, r.data, req, resp, func(ctx context.Context) (ipAllowlistPayload, error) {
		got, err := r.data.client.GetIPAllowlist(ctx)
		if err != nil {
			return ipAllowlistPayload{}, err
		}
		return newIPAllowlistPayload(got.Enabled, got.Ranges)
	}, r.write)
}

// Update sends nothing when the ranges are the same in other spellings, with the same
// enabled (whatever Terraform-only attribute changed): see updateSingleton.
func (r *ipAllowlistResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateSingleton[ipAllowlistModel, ipAllowlistPayload](ctx, r.data, req, resp, r.write)
}

// request is what a write sends Intercom: the ranges in their canonical form.
func (m *ipAllowlistModel) request() (intercom.IPAllowlist, error) {
	values, _ := knownStrings(m.IPRanges)
	canonical, err := normalize.IPRanges(values)
	return intercom.IPAllowlist{Enabled: m.Enabled.ValueBool(), Ranges: canonical}, err
}

// ipAllowlistPayload is a write's content as a comparable value: the canonical ranges,
// sorted and joined.
type ipAllowlistPayload struct {
	enabled bool
	ranges  string
}

func newIPAllowlistPayload(enabled bool, ranges []string) (ipAllowlistPayload, error) {
	canonical, err := normalize.IPRanges(ranges)
	return ipAllowlistPayload{enabled: enabled, ranges: strings.Join(canonical, ",")}, err
}

func (m *ipAllowlistModel) payload() (ipAllowlistPayload, error) {
	values, _ := knownStrings(m.IPRanges)
	return newIPAllowlistPayload(m.Enabled.ValueBool(), values)
}

func (r *ipAllowlistResource) write(ctx context.Context, m *ipAllowlistModel, diags diagAdder) bool {
	in, err := m.request()
	if err != nil {
		diags.AddAttributeError(path.Root("ip_ranges"), "Invalid IP range", err.Error())
		return false
	}
	_, err = r.data.client.UpdateIPAllowlist(ctx, in)
	if err != nil {
		addIPAllowlistError(diags, err)
		return false
	}
	m.ID = types.StringValue(r.data.me.App.IDCode)
	return true
}

// addIPAllowlistError turns Intercom's lockout protection into what to do about it.
func addIPAllowlistError(diags diagAdder, err error) {
	var apiErr *intercom.Error
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnprocessableEntity && strings.Contains(strings.ToLower(apiErr.Message()), "lock you out") {
		_, detail := describeAPIError("update the IP allowlist", err)
		diags.AddAttributeError(path.Root("ip_ranges"), "IP allowlist would lock Terraform out",
			fmt.Sprintf("Intercom refused the change, and changed nothing, because the address Terraform calls from is not "+
				"in ip_ranges: saving it would lock this token out of the workspace. Add the address Terraform runs "+
				"from (the one in Intercom's message below) to ip_ranges, then apply again.\n\n%s", detail))
		return
	}
	addAttributeAPIError(diags, path.Root("ip_ranges"), "update the IP allowlist", err)
}

func (r *ipAllowlistResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state ipAllowlistModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	got, err := r.data.client.GetIPAllowlist(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the IP allowlist", err)
		return
	}
	// Intercom's spellings go into the state; the range type's semantic equality keeps the
	// recorded spellings where they name the same ranges.
	recorded, _ := knownStrings(state.IPRanges)
	sameRanges := !state.IPRanges.IsNull() && normalize.SameCanonical(normalize.IPRanges, recorded, got.Ranges)
	if state.IPRanges.IsNull() || (sameRanges && !drifted(state.Enabled, types.BoolValue(got.Enabled))) {
		resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
	} else {
		warnDrift(ctx, r.data, lastSynced(ctx, req.Private), "IP allowlist", ipAllowlistEvidence, &resp.Diagnostics)
	}
	set, diags := setFromStrings(normtypes.IPRangeType{}, got.Ranges)
	resp.Diagnostics.Append(diags...)
	state.ID = types.StringValue(r.data.me.App.IDCode)
	state.Enabled = types.BoolValue(got.Enabled)
	state.IPRanges = set
	if state.ResetOnDestroy.IsNull() {
		state.ResetOnDestroy = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *ipAllowlistResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	destroySingleton(ctx, r.data, req.State, &resp.Diagnostics, ipAllowlistDestroy,
		func(ctx context.Context) error {
			_, err := r.data.client.UpdateIPAllowlist(ctx, intercom.IPAllowlist{Enabled: false, Ranges: []string{}})
			return err
		})
}

// ipAllowlistDestroy is what destroy does, said at plan time (framework.DestroyPlanner) and at apply.
var ipAllowlistDestroy = singletonDestroy{resourceType: "intercom_ip_allowlist", keeps: "its IP allowlist", defaults: "disabled, with an empty list"}

// DestroyEffect says in the destroy plan whether the setting is reset or only forgotten.
func (r *ipAllowlistResource) DestroyEffect(ctx context.Context, state tfsdk.State) (string, string) {
	return ipAllowlistDestroy.effect(ctx, state)
}

func (r *ipAllowlistResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importSingleton(ctx, r.data, req, resp)
}
