// Package provider is the Terraform provider for Intercom's workspace security settings.
// It knows nothing of HTTP: every API call goes through internal/intercom.
//
// # How the house is built
//
// What every resource must do comes from the kit, never from the resource's file:
//
//   - internal/framework.Wrap gives each resource the workspace check (a state recorded
//     for another workspace is refused before any read, plan or write), its identity
//     (set after every Create, Read and Update from IdentityKeys) and the workspace lock
//     around every Create, Update and Delete (a file lock shared by the provider
//     processes of one machine); it names the workspace in every diagnostic, and a
//     resource that implements framework.DestroyPlanner says in the destroy plan what
//     destroy will do. framework.PlanClaims is the plan-time registry (trusted domains,
//     protected attribute names). TestEveryResourceIsWorkspaceBound fails for a resource
//     that is not wrapped.
//   - What decides what the provider says lives in pure packages under plain go test:
//     internal/posture (the checklist's grading), internal/attribution (who the activity
//     log proves changed a setting), internal/reconcile (what a create with an unknown
//     outcome left behind), internal/gdpr (erasure and redaction), internal/normalize
//     (what counts as the same domain or range).
//
// Mechanisms shared by several resources, one file each: singleton.go (a workspace
// setting: create, update, destroy, import), drift.go (drift warnings and their
// evidence), secret_late_commit.go (a lost create committed late), spellings.go
// (spelling-only changes), trusted_domain_plans.go (plan-time registry of domains),
// secret_destroy_guard.go (the last-secret rule), modelled_endpoints.go (endpoints
// Intercom has not published), identity.go (import by identity, list results).
//
// A new resource writes its schema, its calls to Intercom, IdentityKeys and ImportState,
// and its constructor returns framework.Wrap(&itsResource{}).
package provider
