package provider

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

var _ datasource.DataSourceWithConfigure = (*secretsDataSource)(nil)

// NewIdentityVerificationSecretsDataSource returns intercom_identity_verification_secrets.
func NewIdentityVerificationSecretsDataSource() datasource.DataSource { return &secretsDataSource{} }

// secretsDataSource lists the identity verification secrets' metadata (GET
// /secure_mode_secrets, Preview). Intercom never lists their material.
type secretsDataSource struct {
	data *providerData
}

type secretsListModel struct {
	ID      types.String          `tfsdk:"id"`
	Secrets []secretMetadataModel `tfsdk:"secrets"`
}

type secretMetadataModel struct {
	ID              types.String      `tfsdk:"id"`
	Name            types.String      `tfsdk:"name"`
	SupportsWeb     types.Bool        `tfsdk:"supports_web"`
	SupportsIOS     types.Bool        `tfsdk:"supports_ios"`
	SupportsAndroid types.Bool        `tfsdk:"supports_android"`
	CreatedAt       timetypes.RFC3339 `tfsdk:"created_at"`
}

func (d *secretsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_identity_verification_secrets"
}

func (d *secretsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	boolean := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The workspace's identity verification secrets, metadata only (`GET /secure_mode_secrets`, " +
			"published in version `Preview`): Intercom never shows a secret's material again after creating it.",
		Attributes: map[string]schema.Attribute{
			"id": str("The workspace's id code."),
			"secrets": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The secrets, oldest first (by `created_at`, then by id), whatever order Intercom lists them in.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":               str("Intercom's id of the secret."),
					"name":             str("The secret's name."),
					"supports_web":     boolean("Whether it signs web Messenger users."),
					"supports_ios":     boolean("Whether it signs iOS Messenger users."),
					"supports_android": boolean("Whether it signs Android Messenger users."),
					"created_at": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
						MarkdownDescription: "When it was created, RFC 3339 in UTC."},
				}},
			},
		},
	}
}

func (d *secretsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *secretsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireConfigured(d.data, &resp.Diagnostics) {
		return
	}
	list, err := d.data.client.ListIdentityVerificationSecrets(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list identity verification secrets", err)
		return
	}
	sortSecretsOldestFirst(list)
	state := secretsListModel{ID: types.StringValue(d.data.me.App.IDCode), Secrets: make([]secretMetadataModel, 0, len(list))}
	for _, s := range list {
		state.Secrets = append(state.Secrets, secretMetadataModel{
			ID: types.StringValue(s.ID), Name: types.StringValue(s.Name),
			SupportsWeb: types.BoolValue(s.SupportsWeb), SupportsIOS: types.BoolValue(s.SupportsIOS),
			SupportsAndroid: types.BoolValue(s.SupportsAndroid), CreatedAt: rfc3339FromUnix(s.CreatedAt),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// sortSecretsOldestFirst orders secrets as the docs promise: by creation time, then by id
// (numerically where ids are numbers) for secrets created in the same second.
func sortSecretsOldestFirst(list []intercom.IdentityVerificationSecret) {
	slices.SortStableFunc(list, func(a, b intercom.IdentityVerificationSecret) int {
		if c := cmp.Compare(a.CreatedAt, b.CreatedAt); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.ID), len(b.ID)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
