package provider

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/framework"
)

// Resource identity (Terraform 1.12 and later, OpenTofu 1.12): every resource says which
// Intercom object it is, so `import { to = … identity = { … } }` and `terraform query`
// can find it. Each identity holds workspace_id, the workspace's id code (required for
// import where it is the key, as for the settings, optional elsewhere), and the object's
// key within the workspace.

const identityWorkspaceID = framework.IdentityWorkspaceID

// importIdentity reads an import by identity: it checks workspace_id, when given, against
// the provider's workspace, and returns the value of key ("" for the settings, whose key
// is the workspace). ok is false, with a diagnostic, when the identity cannot be used.
func importIdentity(ctx context.Context, data *providerData, req resource.ImportStateRequest, diags *diag.Diagnostics, key string) (string, bool) {
	if !requireConfigured(data, diags) {
		return "", false
	}
	var workspace types.String
	diags.Append(req.Identity.GetAttribute(ctx, path.Root(identityWorkspaceID), &workspace)...)
	if diags.HasError() {
		return "", false
	}
	want := data.me.App.IDCode
	if !workspace.IsNull() && !strings.EqualFold(strings.TrimSpace(workspace.ValueString()), want) {
		diags.AddAttributeError(path.Root(identityWorkspaceID), "Identity of another workspace",
			fmt.Sprintf("The identity names workspace %q, but the provider's access token belongs to workspace %q: "+
				"nothing was imported. Import with workspace_id = %q, or with the provider configured for %q.",
				workspace.ValueString(), want, want, workspace.ValueString()))
		return "", false
	}
	if key == "" {
		return want, true
	}
	var v types.String
	diags.Append(req.Identity.GetAttribute(ctx, path.Root(key), &v)...)
	if diags.HasError() || v.IsNull() || strings.TrimSpace(v.ValueString()) == "" {
		diags.AddAttributeError(path.Root(key), "Missing identity attribute", fmt.Sprintf("Import by identity needs %s.", key))
		return "", false
	}
	return v.ValueString(), true
}

// importedBy is the import id the practitioner gave: req.ID, or the identity's key.
func importedBy(ctx context.Context, data *providerData, req resource.ImportStateRequest, diags *diag.Diagnostics, key string) (string, bool) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, true
	}
	return importIdentity(ctx, data, req, diags, key)
}

// listed is one object a list resource found: its display name, the value of its identity
// key, and its resource model (set only when Terraform asks for the resource).
type listed struct {
	displayName, key string
	model            func() any
}

// listResults streams found as terraform query results, each with its identity
// (workspace_id and keyAttr), up to the request's limit.
func listResults(ctx context.Context, req list.ListRequest, workspace, keyAttr string, found []listed) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		for i, f := range found {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = f.displayName
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root(identityWorkspaceID), workspace)...)
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root(keyAttr), f.key)...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, f.model())...)
			}
			if !push(result) {
				return
			}
		}
	}
}
