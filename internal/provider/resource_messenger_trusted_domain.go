package provider

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/framework"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
	"github.com/salestim/terraform-provider-intercom/internal/normalize"
	"github.com/salestim/terraform-provider-intercom/internal/normtypes"
)

var (
	_ resource.ResourceWithConfigure   = (*trustedDomainResource)(nil)
	_ resource.ResourceWithImportState = (*trustedDomainResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*trustedDomainResource)(nil)
	_ framework.BoundResource          = (*trustedDomainResource)(nil)
)

// NewMessengerTrustedDomainResource returns intercom_messenger_trusted_domain.
func NewMessengerTrustedDomainResource() resource.Resource {
	return framework.Wrap(&trustedDomainResource{})
}

// trustedDomainResource adds one domain to the trusted list, leaving the others alone.
// Intercom's PUT replaces the whole list, so every read-modify-write holds the
// workspace lock: parallel resources never lose each other's domains.
type trustedDomainResource struct {
	data *providerData
}

type trustedDomainModel struct {
	ID     types.String     `tfsdk:"id"`
	Domain normtypes.Domain `tfsdk:"domain"`
}

func (r *trustedDomainResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_messenger_trusted_domain"
}

// trustedDomainResourceIdentityKeys is the identity's key beside workspace_id.
var trustedDomainResourceIdentityKeys = []framework.IdentityKey{{Identity: "domain", State: "id", Description: "The trusted domain, normalised (lower case, punycode)."}}

func (r *trustedDomainResource) IdentityKeys() []framework.IdentityKey {
	return trustedDomainResourceIdentityKeys
}

func (r *trustedDomainResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Adds one domain to the Messenger's trusted domains, leaving the others alone: for teams " +
			"whose modules each own a domain. Do not combine it with `intercom_messenger_trusted_domains` (the whole, " +
			"authoritative list) in the same workspace: each would undo the other.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The domain, normalised (lower case, punycode).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"domain": schema.StringAttribute{
				Required:   true,
				CustomType: normtypes.DomainType{},
				MarkdownDescription: "A host name, e.g. `docs.salestim.com`, or `*.salestim.com` for its subdomains. " +
					"No scheme, port, path, IP address or `localhost`. Changing it replaces the resource.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(
					func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !sameDomain(req.StateValue.ValueString(), req.PlanValue.ValueString())
					},
					"Replaced when the domain changes (another spelling of the same domain is no change).",
					"Replaced when the domain changes (another spelling of the same domain is no change).",
				)},
				Validators: []validator.String{normalisedStringValidator{normalise: normalize.Domain, what: "trusted domain"}},
			},
		},
	}
}

// sameDomain reports two spellings of one domain.
func sameDomain(a, b string) bool {
	return normalize.SameCanonical(normalize.Domains, []string{a}, []string{b})
}

func (r *trustedDomainResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses one domain declared twice (in any spelling) and a configuration
// that also manages the whole list with intercom_messenger_trusted_domains, and stops
// the plan when this workspace's hosts do not serve the modelled endpoint.
func (r *trustedDomainResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data != nil && !req.Plan.Raw.IsNull() {
		var domain normtypes.Domain
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("domain"), &domain)...)
		if canonical, err := normalize.Domain(domain.ValueString()); err == nil && !domain.IsUnknown() {
			duplicateOf, mixed := r.data.trustedDomainPlans.planAdditive(canonical, domain.ValueString())
			if duplicateOf != "" {
				resp.Diagnostics.AddAttributeError(path.Root("domain"), "Trusted domain declared twice",
					fmt.Sprintf("%q and %q are the same trusted domain (%s): two intercom_messenger_trusted_domain "+
						"resources of this configuration declare it, and destroying either would remove it for both. "+
						"Declare each domain once (check for_each and count keys for two spellings of one domain).",
						duplicateOf, domain.ValueString(), canonical))
			}
			if mixed {
				resp.Diagnostics.AddError(mixedTrustedDomainsSummary, mixedTrustedDomainsDetail)
			}
		}
	}
	if !req.State.Raw.IsNull() && !req.Plan.Raw.IsNull() {
		var was, now normtypes.Domain
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("domain"), &was)...)
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("domain"), &now)...)
		if !was.IsNull() && !now.IsUnknown() && !now.IsNull() {
			warnSpellingOnlyString(resp, "domain", was.ValueString(), now.ValueString(), sameDomain(was.ValueString(), now.ValueString()), "domain")
		}
	}
	planModelled(ctx, r.data, modelledTrustedDomains, "intercom_messenger_trusted_domain", req, resp)
}

func (r *trustedDomainResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan trustedDomainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	domain, err := normalize.Domain(plan.Domain.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Invalid trusted domain", err.Error())
		return
	}
	alreadyTrusted := false
	err = r.edit(ctx, func(list []string) []string {
		if slices.Contains(list, domain) {
			alreadyTrusted = true
			return nil
		}
		return append(list, domain)
	}, func(list []string) bool { return slices.Contains(list, domain) })
	if alreadyTrusted {
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Domain already trusted",
			fmt.Sprintf("%s is already in the workspace's Messenger trusted domains, added outside this resource. "+
				"intercom_messenger_trusted_domain never takes over a domain it did not add, because destroying it would "+
				"remove the domain for whoever added it. To manage it here on purpose, adopt it:\n\n"+
				"  terraform import <address of this resource> %s\n\n"+
				"or an import block with id = %q.", domain, domain, domain))
		return
	}
	if err != nil {
		addAttributeAPIError(&resp.Diagnostics, path.Root("domain"), "add "+domain+" to the Messenger's trusted domains", err)
		return
	}
	plan.ID = types.StringValue(domain)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
}

// editAttempts bounds the read-modify-writes of one edit. Intercom's PUT replaces the
// whole list, so a writer the workspace lock cannot see (another machine, a teammate in
// the UI) may write between our read and our write and drop our entry.
const editAttempts = 3

// edit applies change to the workspace's canonical list, and writes it back unless change
// returns nil (nothing to do). It then reads the list again: when done does not hold (a
// concurrent writer replaced our write), it redoes the read-modify-write, up to
// editAttempts times, and then fails rather than report a write that did not stick.
func (r *trustedDomainResource) edit(ctx context.Context, change func([]string) []string, done func([]string) bool) error {
	// A read-modify-write starts from Intercom's list as it is now, never a shared read.
	r.data.trustedDomains.invalidate()
	defer r.data.trustedDomains.invalidate()
	read := func() ([]string, error) {
		got, err := r.data.client.GetTrustedDomains(ctx)
		if err != nil {
			return nil, err
		}
		list := make([]string, 0, len(got.Domains)+1)
		for _, d := range got.Domains {
			if c, err := normalize.Domain(d); err == nil {
				d = c
			}
			list = append(list, d)
		}
		return list, nil
	}
	list, err := read()
	for attempt := 1; err == nil; attempt++ {
		next := change(list)
		if next == nil {
			return nil
		}
		if _, err = r.data.client.UpdateTrustedDomains(ctx, intercom.TrustedDomains{Domains: next}); err != nil {
			return err
		}
		if list, err = read(); err != nil || done(list) {
			return err
		}
		if attempt == editAttempts {
			return fmt.Errorf("after %d writes, the list read back still does not show this change: another writer "+
				"(another machine or a teammate) replaced the list each time. Nothing else was changed; run apply again", attempt)
		}
	}
	return err
}

func (r *trustedDomainResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireServed(ctx, r.data, modelledTrustedDomains, "intercom_messenger_trusted_domain", &resp.Diagnostics) {
		return
	}
	// Attribute by attribute, not State.Get/Set of the model: a refresh reads every one of
	// these resources, and the framework's struct conversion compiles a regular
	// expression per field per call (BENCHMARKS.md). A domain still held leaves the state
	// as it was, which the framework has already copied into resp.State.
	var id types.String
	var domain normtypes.Domain
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("domain"), &domain)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	held, found, err := r.data.trustedDomains.find(ctx, r.data.client, id.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the Messenger's trusted domains", err)
		return
	}
	if found {
		if domain.IsNull() {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("domain"), normtypes.NewDomain(held))...) // imported
		}
		resp.Diagnostics.Append(markSynced(ctx, resp.Private, time.Now())...)
		return
	}
	// A change of the list is evidence about this domain only when the entry names it.
	warnDrift(ctx, r.data, lastSynced(ctx, req.Private), "Messenger trusted domain "+id.ValueString(), evidence{
		What: "trusted domain " + id.ValueString(), Types: trustedDomainsEvidence.Types,
		Names: []string{id.ValueString()}, UnnamedTells: true,
	}, &resp.Diagnostics)
	resp.State.RemoveResource(ctx)
}

// Update only ever sees another spelling of the same domain (any other change replaces).
func (r *trustedDomainResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state trustedDomainModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	plan.ID = state.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *trustedDomainResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state trustedDomainModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	domain := state.ID.ValueString()
	err := r.edit(ctx, func(list []string) []string {
		i := slices.Index(list, domain)
		if i < 0 {
			return nil
		}
		return slices.Delete(list, i, i+1)
	}, func(list []string) bool { return !slices.Contains(list, domain) })
	if err != nil {
		addAPIError(&resp.Diagnostics, "remove "+domain+" from the Messenger's trusted domains", err)
	}
}

// ImportState takes the domain.
func (r *trustedDomainResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := importedBy(ctx, r.data, req, &resp.Diagnostics, "domain")
	if !ok {
		return
	}
	domain, err := normalize.Domain(id)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", "Import this resource with the trusted domain itself, e.g. docs.salestim.com: "+err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), domain)...)
}
