// Package framework is the kit every Intercom resource is built with. A resource writes
// its schema and its calls to Intercom; the kit gives each of them, by construction:
//
//   - the workspace check: a state recorded for another workspace than the token's is
//     refused before anything is read, planned or written;
//   - resource identity: set from the state after every Create, Read and Update;
//   - the workspace lock around every Create, Update and Delete, across the provider
//     processes of one machine (see WorkspaceLock).
//
// It knows nothing of Intercom's API: the provider hands it a Workspace.
package framework

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Workspace is what the kit needs of the configured provider: the id of the token's
// workspace, and its lock.
type Workspace interface {
	WorkspaceID() string
	LockWorkspace(ctx context.Context) (unlock func(), err error)
}

// IdentityWorkspaceID is the identity attribute every resource has.
const IdentityWorkspaceID = "workspace_id"

// IdentityKey is one identity attribute taken from a state attribute.
type IdentityKey struct {
	Identity, State, Description string
}

// BoundResource is what a workspace-bound resource writes; Wrap gives it the kit.
type BoundResource interface {
	resource.ResourceWithConfigure
	resource.ResourceWithImportState
	// IdentityKeys are the identity attributes besides workspace_id (none for a
	// workspace setting, whose key is the workspace).
	IdentityKeys() []IdentityKey
}

// DestroyPlanner is a resource whose destroy does something other than what "destroy"
// reads as: a workspace setting that is only forgotten, or reset to Intercom's default.
// The kit says so in the destroy plan, before anything is applied.
type DestroyPlanner interface {
	DestroyEffect(ctx context.Context, state tfsdk.State) (summary, detail string)
}

// Wrap gives a workspace-bound resource the kit.
func Wrap(inner BoundResource) resource.Resource {
	return &bound{inner: inner}
}

// bound forwards to the inner resource, with the kit around it. It implements every
// optional interface a resource here may use; TestKitForwardsEveryInterface fails when
// an inner resource implements one bound does not.
type bound struct {
	inner     BoundResource
	workspace Workspace
}

var (
	_ resource.ResourceWithConfigure      = (*bound)(nil)
	_ resource.ResourceWithImportState    = (*bound)(nil)
	_ resource.ResourceWithIdentity       = (*bound)(nil)
	_ resource.ResourceWithModifyPlan     = (*bound)(nil)
	_ resource.ResourceWithValidateConfig = (*bound)(nil)
)

// Inner is the wrapped resource (for tests).
func Inner(r resource.Resource) any {
	if b, ok := r.(*bound); ok {
		return b.inner
	}
	return r
}

func (b *bound) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	b.inner.Metadata(ctx, req, resp)
}

func (b *bound) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	b.inner.Schema(ctx, req, resp)
}

func (b *bound) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	keys := b.inner.IdentityKeys()
	attrs := map[string]identityschema.Attribute{
		IdentityWorkspaceID: identityschema.StringAttribute{
			RequiredForImport: len(keys) == 0,
			OptionalForImport: len(keys) > 0,
			Description: "The id code of the workspace. When given for an import, it must be the workspace of the " +
				"provider's access token.",
		},
	}
	for _, k := range keys {
		attrs[k.Identity] = identityschema.StringAttribute{RequiredForImport: true, Description: k.Description}
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attrs}
}

func (b *bound) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.inner.Configure(ctx, req, resp)
	if w, ok := req.ProviderData.(Workspace); ok {
		b.workspace = w
	}
}

func (b *bound) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if v, ok := b.inner.(resource.ResourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}

func (b *bound) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer b.nameWorkspace(&resp.Diagnostics, len(resp.Diagnostics))
	// A plan made with -refresh=false never read the state: the check stands here too.
	if !req.State.Raw.IsNull() && !b.sameWorkspace(ctx, req.Private, req.Identity, &resp.Diagnostics, "planned") {
		return
	}
	if d, ok := b.inner.(DestroyPlanner); ok && req.Plan.Raw.IsNull() && !req.State.Raw.IsNull() {
		if summary, detail := d.DestroyEffect(ctx, req.State); summary != "" {
			resp.Diagnostics.AddWarning(summary, detail)
		}
	}
	if m, ok := b.inner.(resource.ResourceWithModifyPlan); ok {
		m.ModifyPlan(ctx, req, resp)
	}
}

// nameWorkspace ends each diagnostic added since from with the workspace it concerns:
// one configuration may manage several workspaces (aliases), and their warnings must be
// told apart.
func (b *bound) nameWorkspace(diags *diag.Diagnostics, from int) {
	if b.workspace == nil || b.workspace.WorkspaceID() == "" || from >= len(*diags) {
		return
	}
	suffix := "\n\nWorkspace: " + b.workspace.WorkspaceID() + "."
	for i := from; i < len(*diags); i++ {
		d := (*diags)[i]
		if strings.HasSuffix(d.Detail(), suffix) {
			continue
		}
		var named diag.Diagnostic
		if d.Severity() == diag.SeverityError {
			named = diag.NewErrorDiagnostic(d.Summary(), d.Detail()+suffix)
		} else {
			named = diag.NewWarningDiagnostic(d.Summary(), d.Detail()+suffix)
		}
		if p, ok := d.(diag.DiagnosticWithPath); ok {
			named = diag.WithPath(p.Path(), named)
		}
		(*diags)[i] = named
	}
}

func (b *bound) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	b.inner.ImportState(ctx, req, resp)
}

func (b *bound) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer b.nameWorkspace(&resp.Diagnostics, len(resp.Diagnostics))
	unlock, ok := b.lock(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	defer unlock()
	b.inner.Create(ctx, req, resp)
	b.record(ctx, resp.State, resp.Private, resp.Identity, &resp.Diagnostics)
}

func (b *bound) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer b.nameWorkspace(&resp.Diagnostics, len(resp.Diagnostics))
	if !b.sameWorkspace(ctx, req.Private, req.Identity, &resp.Diagnostics, "read") {
		return
	}
	b.inner.Read(ctx, req, resp)
	state := resp.State
	if state.Raw.IsNull() {
		// Removed: the framework still wants an identity after a Read without error.
		state = req.State
	}
	b.record(ctx, state, resp.Private, resp.Identity, &resp.Diagnostics)
}

func (b *bound) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer b.nameWorkspace(&resp.Diagnostics, len(resp.Diagnostics))
	if !b.sameWorkspace(ctx, req.Private, req.Identity, &resp.Diagnostics, "written") {
		return
	}
	unlock, ok := b.lock(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	defer unlock()
	b.inner.Update(ctx, req, resp)
	b.record(ctx, resp.State, resp.Private, resp.Identity, &resp.Diagnostics)
}

func (b *bound) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer b.nameWorkspace(&resp.Diagnostics, len(resp.Diagnostics))
	if !b.sameWorkspace(ctx, req.Private, req.Identity, &resp.Diagnostics, "written") {
		return
	}
	unlock, ok := b.lock(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	defer unlock()
	b.inner.Delete(ctx, req, resp)
}

// lock takes the workspace lock; before Configure (or with unknown provider values)
// there is nothing to lock, and the inner resource reports that it is not configured.
func (b *bound) lock(ctx context.Context, diags *diag.Diagnostics) (func(), bool) {
	if b.workspace == nil || b.workspace.WorkspaceID() == "" {
		return func() {}, true
	}
	unlock, err := b.workspace.LockWorkspace(ctx)
	if err != nil {
		diags.AddError("Workspace lock not taken", "Nothing was sent to Intercom: "+err.Error()+".")
		return nil, false
	}
	return unlock, true
}

// privateWorkspaceKey records, in the resource's private state, the workspace the state
// belongs to: identity carries it too, but only on Terraform 1.12+ and OpenTofu 1.12+.
const privateWorkspaceKey = "workspace"

type privateWorkspace struct {
	ID string `json:"id"`
}

// privateState is the part of the framework's private state the kit uses.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// recordedWorkspace is the workspace a state was recorded for: from the private state,
// else from the identity; "" when neither says (a state written before the kit).
func recordedWorkspace(ctx context.Context, private privateState, identity *tfsdk.ResourceIdentity) string {
	if private != nil {
		if raw, _ := private.GetKey(ctx, privateWorkspaceKey); len(raw) > 0 {
			var p privateWorkspace
			if json.Unmarshal(raw, &p) == nil && p.ID != "" {
				return p.ID
			}
		}
	}
	if identity != nil && !identity.Raw.IsNull() {
		var id types.String
		if diags := identity.GetAttribute(ctx, path.Root(IdentityWorkspaceID), &id); !diags.HasError() {
			return id.ValueString()
		}
	}
	return ""
}

// sameWorkspace refuses a state recorded for another workspace than the token's, before
// anything is read or written: Terraform's state and Intercom's workspace would otherwise
// be compared as if they were one (false drift, then writes to the wrong workspace).
func (b *bound) sameWorkspace(ctx context.Context, private privateState, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics, verb string) bool {
	if b.workspace == nil || b.workspace.WorkspaceID() == "" {
		return true
	}
	recorded, token := recordedWorkspace(ctx, private, identity), b.workspace.WorkspaceID()
	if recorded == "" || strings.EqualFold(recorded, token) {
		return true
	}
	diags.AddError("State of another workspace",
		fmt.Sprintf("This state belongs to workspace %s; the provider's access token is of workspace %s; nothing was %s. "+
			"Use the token of workspace %s for this state, or a separate state (or provider alias) per workspace.",
			recorded, token, verb, recorded))
	return false
}

// record writes the workspace into the private state and sets the identity from the
// state. Nothing is set when the resource is gone, after an error, or when the CLI has
// no identity support (identity is nil).
func (b *bound) record(ctx context.Context, state tfsdk.State, private privateSetter, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if b.workspace == nil || b.workspace.WorkspaceID() == "" || state.Raw.IsNull() {
		return
	}
	if private != nil {
		raw, _ := json.Marshal(privateWorkspace{ID: b.workspace.WorkspaceID()})
		diags.Append(private.SetKey(ctx, privateWorkspaceKey, raw)...)
	}
	if identity == nil || diags.HasError() {
		return
	}
	diags.Append(identity.SetAttribute(ctx, path.Root(IdentityWorkspaceID), b.workspace.WorkspaceID())...)
	for _, k := range b.inner.IdentityKeys() {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(k.State), &v)...)
		diags.Append(identity.SetAttribute(ctx, path.Root(k.Identity), v)...)
	}
}
