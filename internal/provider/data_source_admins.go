package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*adminsDataSource)(nil)

// NewAdminsDataSource returns intercom_admins.
func NewAdminsDataSource() datasource.DataSource { return &adminsDataSource{} }

// adminsDataSource lists the workspace's teammates (GET /admins, published).
type adminsDataSource struct {
	data *providerData
}

type adminsModel struct {
	ID     types.String `tfsdk:"id"`
	Admins []adminModel `tfsdk:"admins"`
}

type adminModel struct {
	ID              types.String `tfsdk:"id"`
	Name            types.String `tfsdk:"name"`
	Email           types.String `tfsdk:"email"`
	JobTitle        types.String `tfsdk:"job_title"`
	AwayModeEnabled types.Bool   `tfsdk:"away_mode_enabled"`
	HasInboxSeat    types.Bool   `tfsdk:"has_inbox_seat"`
	TeamIDs         []int64      `tfsdk:"team_ids"`
}

func (d *adminsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_admins"
}

func (d *adminsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The workspace's teammates (`GET /admins`, published), e.g. to check who holds an inbox seat.",
		Attributes: map[string]schema.Attribute{
			"id": str("The workspace's id code."),
			"admins": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The teammates, in Intercom's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                str("The admin's id."),
					"name":              str("The admin's name."),
					"email":             str("The admin's email."),
					"job_title":         str("The admin's job title."),
					"away_mode_enabled": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the admin is away."},
					"has_inbox_seat":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the admin has a paid inbox seat."},
					"team_ids": schema.ListAttribute{
						Computed: true, ElementType: types.Int64Type,
						MarkdownDescription: "Ids of the teams the admin belongs to.",
					},
				}},
			},
		},
	}
}

func (d *adminsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *adminsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireConfigured(d.data, &resp.Diagnostics) {
		return
	}
	admins, err := d.data.client.ListAdmins(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list admins", err)
		return
	}
	state := adminsModel{ID: types.StringValue(d.data.me.App.IDCode), Admins: make([]adminModel, 0, len(admins))}
	for _, a := range admins {
		teams := a.TeamIDs
		if teams == nil {
			teams = []int64{}
		}
		state.Admins = append(state.Admins, adminModel{
			ID: types.StringValue(a.ID), Name: types.StringValue(a.Name), Email: types.StringValue(a.Email),
			JobTitle: types.StringValue(a.JobTitle), AwayModeEnabled: types.BoolValue(a.AwayModeEnabled),
			HasInboxSeat: types.BoolValue(a.HasInboxSeat), TeamIDs: teams,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
