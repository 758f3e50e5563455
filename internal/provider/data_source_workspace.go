package provider

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*workspaceDataSource)(nil)

// NewWorkspaceDataSource returns the intercom_workspace data source.
func NewWorkspaceDataSource() datasource.DataSource { return &workspaceDataSource{} }

// workspaceDataSource describes the workspace behind the access token, from a GET /me of
// its own each time Terraform reads it (the configure-time answer serves only the token
// check and the workspace guard).
type workspaceDataSource struct {
	data *providerData
}

type workspaceModel struct {
	ID                   types.String      `tfsdk:"id"`
	IDCode               types.String      `tfsdk:"id_code"`
	Name                 types.String      `tfsdk:"name"`
	Region               types.String      `tfsdk:"region"`
	Timezone             types.String      `tfsdk:"timezone"`
	CreatedAt            timetypes.RFC3339 `tfsdk:"created_at"`
	IdentityVerification types.Bool        `tfsdk:"identity_verification"`
	AdminID              types.String      `tfsdk:"admin_id"`
	AdminEmail           types.String      `tfsdk:"admin_email"`
}

func (d *workspaceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (d *workspaceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Intercom workspace the provider's access token belongs to (`GET /me`, published). " +
			"Each read calls `GET /me`, so with `depends_on` it sees what the same apply changed before it.",
		Attributes: map[string]schema.Attribute{
			"id":       computed("Same as `id_code`."),
			"id_code":  computed("The workspace's id code (Intercom's `app.id_code`), e.g. `abc12345`."),
			"name":     computed("The workspace's name."),
			"region":   computed("Where the workspace is hosted, lower case: `us`, `eu` or `au`."),
			"timezone": computed("The workspace's time zone, e.g. `Europe/Paris`."),
			"created_at": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "When the workspace was created, RFC 3339 in UTC."},
			"admin_id":    computed("Id of the admin the access token belongs to."),
			"admin_email": computed("Email of the admin the access token belongs to."),
			"identity_verification": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether identity verification is enforced on at least one platform.",
			},
		},
	}
}

func (d *workspaceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *workspaceDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireConfigured(d.data, &resp.Diagnostics) {
		return
	}
	// A fresh GET /me, not the configure-time answer: with depends_on this read sees what
	// the same apply changed before it (identity verification, for one).
	me, err := d.data.client.Me(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the workspace (GET /me)", err)
		return
	}
	app := me.App
	state := workspaceModel{
		ID:                   types.StringValue(app.IDCode),
		IDCode:               types.StringValue(app.IDCode),
		Name:                 types.StringValue(app.Name),
		Region:               types.StringValue(strings.ToLower(app.Region)),
		Timezone:             types.StringValue(app.Timezone),
		CreatedAt:            rfc3339FromUnix(app.CreatedAt),
		IdentityVerification: types.BoolValue(app.IdentityVerification),
		AdminID:              types.StringValue(me.ID),
		AdminEmail:           types.StringValue(me.Email),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// rfc3339FromUnix is an RFC 3339 time attribute from Intercom's Unix seconds, in UTC.
func rfc3339FromUnix(sec int64) timetypes.RFC3339 {
	return timetypes.NewRFC3339TimeValue(time.Unix(sec, 0).UTC())
}

// unixToRFC3339 renders Intercom's Unix-seconds timestamps.
func unixToRFC3339(sec int64) string {
	return time.Unix(sec, 0).UTC().Format(time.RFC3339)
}
