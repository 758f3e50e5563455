package provider

import (
	"context"
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
	_ resource.ResourceWithConfigure   = (*trustedDomainsResource)(nil)
	_ resource.ResourceWithImportState = (*trustedDomainsResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*trustedDomainsResource)(nil)
	_ framework.DestroyPlanner         = (*trustedDomainsResource)(nil)
	_ framework.BoundResource          = (*trustedDomainsResource)(nil)
)

// NewMessengerTrustedDomainsResource returns intercom_messenger_trusted_domains.
func NewMessengerTrustedDomainsResource() resource.Resource {
	return framework.Wrap(&trustedDomainsResource{})
}

// trustedDomainsResource owns the whole list of domains the Messenger may load on.
// Modelled endpoint: GET/PUT /messenger/trusted_domains.
type trustedDomainsResource struct {
	data *providerData
}

type trustedDomainsModel struct {
	ID             types.String `tfsdk:"id"`
	Domains        types.Set    `tfsdk:"domains"`
	ResetOnDestroy types.Bool   `tfsdk:"reset_on_destroy"`
}

var trustedDomainsEvidence = attribution.TrustedDomains

// trustedDomainsValidator is shared by both trusted-domain resources' plan-time checks.
var trustedDomainsValidator = normalisedSetValidator{normalise: normalize.Domains, what: "trusted domain"}

func (r *trustedDomainsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_messenger_trusted_domains"
}

// trustedDomainsResourceIdentityKeys is the identity's key beside workspace_id.
var trustedDomainsResourceIdentityKeys = []framework.IdentityKey{}

func (r *trustedDomainsResource) IdentityKeys() []framework.IdentityKey {
	return trustedDomainsResourceIdentityKeys
}

func (r *trustedDomainsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The whole list of domains the Intercom Messenger may load on (step 2 of Intercom's " +
			"security checklist), authoritative: domains added by hand in Intercom show as drift. One per workspace. " +
			"Do not combine it with `intercom_messenger_trusted_domain`, which adds single domains: each would undo the other.",
		Attributes: map[string]schema.Attribute{
			"id": singletonIDAttribute(),
			"domains": schema.SetAttribute{
				Required:    true,
				ElementType: normtypes.DomainType{},
				MarkdownDescription: "Host names the Messenger may load on, e.g. `salestim.com`; `*.salestim.com` " +
					"for its subdomains. No scheme, port, path, IP address or `localhost`. Spellings are compared " +
					"after normalisation (lower case, trailing dot dropped, internationalised names as punycode), so " +
					"`SalesTim.com.` and `salestim.com` are the same entry: the state keeps the configuration's spelling, and " +
					"changing only the spelling sends nothing to Intercom. An empty set lets the Messenger load on any domain.",
				Validators: []validator.Set{trustedDomainsValidator},
			},
			"reset_on_destroy": resetOnDestroyAttribute(trustedDomainsDestroy.defaults),
		},
	}
}

func (r *trustedDomainsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan stops the plan when this workspace's hosts do not serve the modelled endpoint.
// It also refuses a configuration that manages the same list with
// intercom_messenger_trusted_domain too.
func (r *trustedDomainsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data != nil && !req.Plan.Raw.IsNull() && r.data.trustedDomainPlans.planAuthoritative() {
		resp.Diagnostics.AddError(mixedTrustedDomainsSummary, mixedTrustedDomainsDetail)
	}
	warnSpellingOnlySet(ctx, req, resp, "domains", normalize.Domains, "domains")
	planModelled(ctx, r.data, modelledTrustedDomains, "intercom_messenger_trusted_domains", req, resp)
}

func (r *trustedDomainsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createSingleton[trustedDomainsModel, string](ctx, r.data, req, resp, func(ctx context.Context) (string, error) {
		got, err := r.data.client.GetTrustedDomains(ctx)
		if err != nil {
			return "", err
		}
		canonical, err := normalize.Domains(got.Domains)
		return strings.Join(canonical, ","), err
	}, r.write)
}

// Update sends nothing when the plan names the same domains in other spellings
// (whatever Terraform-only attribute changed): see updateSingleton.
func (r *trustedDomainsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateSingleton[trustedDomainsModel, string](ctx, r.data, req, resp, r.write)
}

// request is what a write sends Intercom: the domains in their canonical form.
func (m *trustedDomainsModel) request() (intercom.TrustedDomains, error) {
	values, _ := knownStrings(m.Domains)
	canonical, err := normalize.Domains(values)
	return intercom.TrustedDomains{Domains: canonical}, err
}

// payload is the canonical list, sorted and joined: a comparable value.
func (m *trustedDomainsModel) payload() (string, error) {
	in, err := m.request()
	return strings.Join(in.Domains, ","), err
}

// write sends the canonical list; state keeps the spellings of the plan.
func (r *trustedDomainsResource) write(ctx context.Context, m *trustedDomainsModel, diags diagAdder) bool {
	in, err := m.request()
	if err != nil {
		diags.AddAttributeError(path.Root("domains"), "Invalid trusted domain", err.Error())
		return false
	}
	defer r.data.trustedDomains.invalidate()
	if _, err := r.data.client.UpdateTrustedDomains(ctx, in); err != nil {
		addAttributeAPIError(diags, path.Root("domains"), "update the Messenger's trusted domains", err)
		return false
	}
	m.ID = types.StringValue(r.data.me.App.IDCode)
	return true
}

func (r *trustedDomainsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireServed(ctx, r.data, modelledTrustedDomains, "intercom_messenger_trusted_domains", &resp.Diagnostics) {
		return
	}
	var state trustedDomainsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	got, err := r.data.client.GetTrustedDomains(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the Messenger's trusted domains", err)
		return
	}
	// Intercom's spellings go into the state; the domain type's semantic equality keeps the
	// recorded spellings where they name the same domains.
	recorded, _ := knownStrings(state.Domains)
	switch {
	case state.Domains.IsNull():
		// Imported: take Intercom's list as it is.
	case normalize.SameCanonical(normalize.Domains, recorded, got.Domains):
		resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
	default:
		warnDrift(ctx, r.data, lastSynced(ctx, req.Private), "Messenger trusted domains", trustedDomainsEvidence, &resp.Diagnostics)
	}
	domains, diags := setFromStrings(normtypes.DomainType{}, got.Domains)
	resp.Diagnostics.Append(diags...)
	state.ID = types.StringValue(r.data.me.App.IDCode)
	state.Domains = domains
	if state.ResetOnDestroy.IsNull() {
		state.ResetOnDestroy = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *trustedDomainsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	destroySingleton(ctx, r.data, req.State, &resp.Diagnostics, trustedDomainsDestroy,
		func(ctx context.Context) error {
			defer r.data.trustedDomains.invalidate()
			_, err := r.data.client.UpdateTrustedDomains(ctx, intercom.TrustedDomains{Domains: []string{}})
			return err
		})
}

// trustedDomainsDestroy is what destroy does, said at plan time (framework.DestroyPlanner) and at apply.
var trustedDomainsDestroy = singletonDestroy{resourceType: "intercom_messenger_trusted_domains", keeps: "its list of trusted domains", defaults: "an empty list: the Messenger loads on any domain"}

// DestroyEffect says in the destroy plan whether the setting is reset or only forgotten.
func (r *trustedDomainsResource) DestroyEffect(ctx context.Context, state tfsdk.State) (string, string) {
	return trustedDomainsDestroy.effect(ctx, state)
}

func (r *trustedDomainsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importSingleton(ctx, r.data, req, resp)
}
