package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
	"github.com/salestim/terraform-provider-intercom/internal/posture"
)

// Four of the checklist's settings rest on endpoints Intercom has not published yet
// (modelled, see docs/guides/intercom-api.md): on Intercom's hosts they answer 404 today.
// Rather than failing at apply, after other resources were already written, a resource on
// such an endpoint probes it while planning (one GET per provider instance and endpoint)
// and stops the plan with one error per resource type that says what to do instead.

// modelledSetting describes one modelled endpoint and where Intercom's UI sets it.
type modelledSetting struct {
	name string // "two-factor authentication enforcement"
	path string // the GET that probes it
	page string // where a teammate sets it by hand in Intercom
	// postureCheck is the key of the intercom_security_posture check that watches it,
	// or "" when no check does (test workspaces).
	postureCheck string
	probe        func(context.Context, *intercom.Client) error
}

var (
	modelledTwoFactor = modelledSetting{
		name: "two-factor authentication enforcement", path: "/security/two_factor",
		page:         "Settings > Workspace > Security, \"Require two-factor authentication\"",
		postureCheck: posture.KeyTwoFactor,
		probe: func(ctx context.Context, c *intercom.Client) error {
			_, err := c.GetTwoFactor(ctx)
			return err
		},
	}
	modelledTrustedDomains = modelledSetting{
		name: "Messenger trusted domains", path: "/messenger/trusted_domains",
		page:         "Settings > Channels > Messenger > Security, \"Trusted domains\"",
		postureCheck: posture.KeyTrustedDomains,
		probe: func(ctx context.Context, c *intercom.Client) error {
			_, err := c.GetTrustedDomains(ctx)
			return err
		},
	}
	modelledIdentityVerification = modelledSetting{
		name: "identity verification enforcement", path: "/messenger/identity_verification",
		page:         "Settings > Channels > Messenger > Security, \"Enforce identity verification\" per platform (web, iOS, Android)",
		postureCheck: posture.KeyIdentity,
		probe: func(ctx context.Context, c *intercom.Client) error {
			_, err := c.GetIdentityVerification(ctx)
			return err
		},
	}
	modelledTestWorkspaces = modelledSetting{
		name: "test workspaces", path: "/test_workspaces",
		page: "Settings > Workspace > General, \"Create a test workspace\"",
		probe: func(ctx context.Context, c *intercom.Client) error {
			_, err := c.ListTestWorkspaces(ctx)
			return err
		},
	}
)

// modelledProbes remembers, per provider instance, which modelled endpoints the
// workspace's hosts serve, and which resource types have already reported that one does not.
type modelledProbes struct {
	mu       sync.Mutex
	served   map[string]bool // by path; absent until a definite answer
	reported map[string]bool // by resource type
}

// isServed probes the endpoint once and remembers a definite answer: served (2xx) or not
// (Intercom's 404 for a modelled endpoint). Any other outcome (a network error, a 500) is
// not remembered and counts as served: the resource's own call then reports it as usual.
func (p *modelledProbes) isServed(ctx context.Context, client *intercom.Client, s modelledSetting) (bool, *intercom.Error) {
	p.mu.Lock()
	defer p.mu.Unlock() // held across the probe: parallel resources wait for one GET
	if served, ok := p.served[s.path]; ok {
		return served, nil
	}
	err := s.probe(ctx, client)
	var apiErr *intercom.Error
	switch {
	case err == nil:
		p.remember(s.path, true)
		return true, nil
	case errors.As(err, &apiErr) && apiErr.NotExposed():
		p.remember(s.path, false)
		return false, apiErr
	}
	return true, nil
}

func (p *modelledProbes) remember(path string, served bool) {
	if p.served == nil {
		p.served = map[string]bool{}
	}
	p.served[path] = served
}

// firstReport reports whether resourceType has not reported yet, and marks it reported.
func (p *modelledProbes) firstReport(resourceType string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.reported == nil {
		p.reported = map[string]bool{}
	}
	if p.reported[resourceType] {
		return false
	}
	p.reported[resourceType] = true
	return true
}

// requireServed reports whether resourceType can be planned or read: true when the
// workspace's hosts serve the modelled endpoint. When they do not, the first instance of
// the type adds the error; the others stay silent (the plan fails all the same), so a
// configuration with count = 50 shows one error, not fifty.
func requireServed(ctx context.Context, data *providerData, s modelledSetting, resourceType string, diags *diag.Diagnostics) bool {
	if data == nil {
		return true // not configured yet: nothing to probe, and requireConfigured speaks later
	}
	served, apiErr := data.modelled.isServed(ctx, data.client, s)
	if served {
		return true
	}
	if data.modelled.firstReport(resourceType) {
		diags.AddError("Intercom has not published an API for "+s.name+" yet", notPublishedDetail(s, resourceType, apiErr))
	}
	return false
}

func notPublishedDetail(s modelledSetting, resourceType string, apiErr *intercom.Error) string {
	check := ""
	if s.postureCheck != "" {
		check = fmt.Sprintf("  - watch it with data \"intercom_security_posture\" (its %q check), which reports it as "+
			"unknown without failing;\n", s.postureCheck)
	}
	return fmt.Sprintf("%s rests on an endpoint Intercom configures in its web app but has not published in its API "+
		"yet (modelled: GET %s). This workspace's Intercom host answered HTTP 404 not_found%s, as Intercom's hosts do "+
		"today, so nothing was planned or written.\n\n"+
		"Until Intercom publishes it:\n"+
		"  - set it by hand in Intercom: %s;\n%s"+
		"  - remove %s from this configuration (a removed block or terraform state rm for existing state), or keep it "+
		"in a configuration run against the provider's emulator.",
		resourceType, s.path, requestIDSuffix(apiErr), s.page, check, resourceType)
}

// planModelled is the ModifyPlan step of a resource on a modelled endpoint: it probes the
// endpoint unless the plan destroys the resource (destroy calls no modelled endpoint
// unless reset_on_destroy, and must stay possible).
func planModelled(ctx context.Context, data *providerData, s modelledSetting, resourceType string, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	requireServed(ctx, data, s, resourceType, &resp.Diagnostics)
}
