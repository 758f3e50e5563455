package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/normtypes"
)

var _ list.ListResourceWithConfigure = (*trustedDomainListResource)(nil)

// NewMessengerTrustedDomainListResource returns the list resource of
// intercom_messenger_trusted_domain, for terraform query (Terraform 1.14 and later).
func NewMessengerTrustedDomainListResource() list.ListResource { return &trustedDomainListResource{} }

// trustedDomainListResource lists the Messenger's trusted domains, one result per domain,
// to adopt them one by one. It rests on the modelled endpoint: on hosts that do not serve
// it (Intercom's today) the query fails with the same error as the resources.
type trustedDomainListResource struct {
	data *providerData
}

func (l *trustedDomainListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_messenger_trusted_domain"
}

func (l *trustedDomainListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the Messenger's trusted domains (`GET /messenger/trusted_domains`, modelled), one result " +
			"per domain, named and identified by the domain.",
	}
}

func (l *trustedDomainListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *trustedDomainListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	if !requireConfigured(l.data, &diags) || !requireServed(ctx, l.data, modelledTrustedDomains, "intercom_messenger_trusted_domain", &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	got, err := l.data.client.GetTrustedDomains(ctx)
	if err != nil {
		addAPIError(&diags, "list the Messenger's trusted domains", err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	found := make([]listed, 0, len(got.Domains))
	for _, domain := range got.Domains {
		found = append(found, listed{displayName: domain, key: domain, model: func() any {
			return trustedDomainModel{ID: types.StringValue(domain), Domain: normtypes.NewDomain(domain)}
		}})
	}
	stream.Results = listResults(ctx, req, l.data.me.App.IDCode, "domain", found)
}
