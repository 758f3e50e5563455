package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/salestim/terraform-provider-intercom/internal/framework"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
	"github.com/salestim/terraform-provider-intercom/internal/reconcile"
)

// providerData is what a configured provider hands its resources and data sources.
type providerData struct {
	client *intercom.Client
	me     *intercom.Me // GET /me, called once per provider instance, at configure time
	// version is the provider's release version, for what it records (a GDPR receipt).
	version string
	// createAttempts bounds how often a create with an unknown outcome is reconciled
	// and tried again (1 + max_retries).
	createAttempts int
	// requestTimeout is how long after a create the client gave up on Intercom may still
	// commit it: the last reconcile looks that much later.
	requestTimeout time.Duration
	// workspaceLock serialises what must not interleave in one workspace, across the
	// provider configurations (aliases, so processes) of this machine: Intercom's PUTs replace whole objects, so
	// two edits of one list in parallel would lose one; a secret create's reconcile must
	// never mistake a sibling's new secret for its own orphan; and a secret's last-secret
	// check must hold until its delete, against a parallel delete or enforcement write.
	workspaceLock *framework.WorkspaceLock
	// trustedDomains coalesces reads of the trusted-domain list during a refresh.
	trustedDomains trustedDomainsReader
	// modelled remembers which modelled endpoints this workspace's hosts serve.
	modelled modelledProbes
	// trustedDomainPlans sees the trusted-domain resources of one plan, to refuse
	// duplicates and the two resource types mixed.
	trustedDomainPlans trustedDomainPlans
	// protectedAttributePlans sees which intercom_protected_attributes of one plan name
	// each attribute ("<model>/<name>"), claimed by the resource's whole list of names.
	protectedAttributePlans framework.PlanClaims[string]
}

// WorkspaceID is the id code of the token's workspace, as GET /me named it ("" when it did not).
func (d *providerData) WorkspaceID() string {
	if d.me == nil || d.me.App == nil {
		return ""
	}
	return d.me.App.IDCode
}

// LockWorkspace takes the workspace lock, across this machine's provider processes, and
// returns the unlock function. The kit (internal/framework) takes it around every
// Create, Update and Delete; nothing else needs it.
func (d *providerData) LockWorkspace(ctx context.Context) (func(), error) {
	return d.workspaceLock.Lock(ctx)
}

// createPolicy is how a create with an unknown outcome is retried: 1 + max_retries
// attempts, each lost one looked for request_timeout later, when Intercom has had as long
// to commit it as the client waited for its answer.
func (d *providerData) createPolicy() reconcile.Policy {
	return reconcile.Policy{Attempts: d.createAttempts, Settle: d.requestTimeout}
}

// providerDataFrom reads the value Configure handed over. It is nil before Configure
// and while the provider configuration holds values known only after apply.
func providerDataFrom(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil
	}
	data, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider: please report it.", v))
		return nil
	}
	return data
}

// requireConfigured adds the diagnostic for an operation that needs the API while the
// provider could not be configured, and reports whether data is usable.
func requireConfigured(data *providerData, diags *diag.Diagnostics) bool {
	if data != nil {
		return true
	}
	diags.AddError("Intercom provider not configured",
		"The provider configuration holds values that are known only after apply (for example an access token "+
			"produced by another resource), so Intercom cannot be called yet. Apply the resources it depends on first "+
			"(terraform apply -target=...), or set the value directly.")
	return false
}
