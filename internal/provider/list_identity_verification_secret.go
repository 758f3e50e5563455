package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = (*secretListResource)(nil)

// NewIdentityVerificationSecretListResource returns the list resource of
// intercom_identity_verification_secret, for terraform query (Terraform 1.14 and later).
func NewIdentityVerificationSecretListResource() list.ListResource { return &secretListResource{} }

// secretListResource lists the workspace's identity verification secrets, to adopt them
// with generated import blocks. Intercom shows a secret's material once, at creation: the
// results never hold it, and an adopted secret's state has none.
type secretListResource struct {
	data *providerData
}

func (l *secretListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_identity_verification_secret"
}

func (l *secretListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the workspace's identity verification secrets (`GET /secure_mode_secrets`, version `Preview`), " +
			"each named by its name and identified by its id. The material is never listed: Intercom shows it once, when the " +
			"secret is created.",
	}
}

func (l *secretListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *secretListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	if !requireConfigured(l.data, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	secrets, err := l.data.client.ListIdentityVerificationSecrets(ctx)
	if err != nil {
		addAPIError(&diags, "list identity verification secrets", err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	found := make([]listed, 0, len(secrets))
	for _, sec := range secrets {
		found = append(found, listed{displayName: sec.Name, key: sec.ID, model: func() any {
			// Never the material: Intercom shows it once, at creation.
			return secretModel{
				ID: types.StringValue(sec.ID), Name: types.StringValue(sec.Name),
				SupportsWeb: types.BoolValue(sec.SupportsWeb), SupportsIOS: types.BoolValue(sec.SupportsIOS),
				SupportsAndroid: types.BoolValue(sec.SupportsAndroid), RotationTriggers: types.MapNull(types.StringType),
				CreatedAt: rfc3339FromUnix(sec.CreatedAt), Secret: types.StringNull(),
			}
		}})
	}
	stream.Results = listResults(ctx, req, l.data.me.App.IDCode, "id", found)
}
