package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

var (
	_ datasource.DataSourceWithConfigure      = (*activityLogsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*activityLogsDataSource)(nil)
)

// NewActivityLogsDataSource returns intercom_activity_logs.
func NewActivityLogsDataSource() datasource.DataSource { return &activityLogsDataSource{} }

// activityLogsDataSource reads the audit trail in a time window (GET
// /admins/activity_logs, published), following pagination to the end.
type activityLogsDataSource struct {
	data *providerData
}

type activityLogsModel struct {
	ID            types.String       `tfsdk:"id"`
	CreatedAfter  timetypes.RFC3339  `tfsdk:"created_after"`
	CreatedBefore timetypes.RFC3339  `tfsdk:"created_before"`
	ActivityTypes types.Set          `tfsdk:"activity_types"`
	ActivityLogs  []activityLogModel `tfsdk:"activity_logs"`
}

type activityLogModel struct {
	ID                  types.String         `tfsdk:"id"`
	ActivityType        types.String         `tfsdk:"activity_type"`
	ActivityDescription types.String         `tfsdk:"activity_description"`
	CreatedAt           timetypes.RFC3339    `tfsdk:"created_at"`
	PerformedByID       types.String         `tfsdk:"performed_by_id"`
	PerformedByEmail    types.String         `tfsdk:"performed_by_email"`
	PerformedByIP       types.String         `tfsdk:"performed_by_ip"`
	Metadata            jsontypes.Normalized `tfsdk:"metadata"`
}

// securityActivityTypes are the security events Intercom's contract names; the filter
// accepts any of Intercom's activity types, these are the ones worth watching.
var securityActivityTypes = []string{
	"admin_two_factor_auth_change", "app_authentication_method_change", "app_google_sso_domain_change",
	"app_identity_verification_change", "messenger_api_secret_creation", "messenger_api_secret_deletion",
	"trusted_domains_setting_change", "security_settings_change", "admin_login_failure",
	"admin_unauthorized_sign_in_method",
}

func (d *activityLogsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_activity_logs"
}

func (d *activityLogsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The workspace's audit trail in a time window (`GET /admins/activity_logs`, published), " +
			"optionally filtered by activity type. Follows Intercom's pagination to the end.",
		Attributes: map[string]schema.Attribute{
			"id": str("The workspace's id code and the window."),
			"created_after": schema.StringAttribute{
				Required:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "Start of the window, RFC 3339 (e.g. `2026-11-01T00:00:00Z`).",
			},
			"created_before": schema.StringAttribute{
				Optional:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "End of the window, RFC 3339. Default: now.",
			},
			"activity_types": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Keep only these activity types, e.g. `[\"security_settings_change\"]`: any of the types Intercom's activity log " +
					"knows (an unknown one is an error at plan that lists them). Security events: " +
					fmt.Sprintf("`%v`.", securityActivityTypes),
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(
					stringvalidator.OneOf(intercom.ActivityTypes...),
				)},
			},
			"activity_logs": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The entries, oldest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                   str("The entry's id."),
					"activity_type":        str("What happened, e.g. `security_settings_change`."),
					"activity_description": str("Intercom's description of it."),
					"created_at": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
						MarkdownDescription: "When, RFC 3339 in UTC."},
					"performed_by_id":    str("Id of the admin who did it."),
					"performed_by_email": str("Email of the admin who did it."),
					"performed_by_ip":    str("IP address it was done from."),
					"metadata": schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{},
						MarkdownDescription: "Intercom's metadata of the entry, as JSON (decode it with `jsondecode`)."},
				}},
			},
		},
	}
}

func (d *activityLogsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var cfg activityLogsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.CreatedAfter.IsNull() || cfg.CreatedAfter.IsUnknown() ||
		cfg.CreatedBefore.IsNull() || cfg.CreatedBefore.IsUnknown() {
		return
	}
	after, d1 := cfg.CreatedAfter.ValueRFC3339Time()
	before, d2 := cfg.CreatedBefore.ValueRFC3339Time()
	if !d1.HasError() && !d2.HasError() && !before.After(after) {
		resp.Diagnostics.AddAttributeError(path.Root("created_before"), "Empty time window",
			"created_before must be later than created_after: swap them, or drop created_before to read up to now.")
	}
}

func (d *activityLogsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *activityLogsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg activityLogsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !requireConfigured(d.data, &resp.Diagnostics) {
		return
	}
	q := intercom.ActivityLogQuery{}
	var diags diag.Diagnostics
	q.After, diags = cfg.CreatedAfter.ValueRFC3339Time()
	resp.Diagnostics.Append(diags...)
	if !cfg.CreatedBefore.IsNull() {
		q.Before, diags = cfg.CreatedBefore.ValueRFC3339Time()
		resp.Diagnostics.Append(diags...)
	}
	var wanted []string
	resp.Diagnostics.Append(cfg.ActivityTypes.ElementsAs(ctx, &wanted, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	logs, err := d.data.client.ListActivityLogs(ctx, q)
	switch {
	case errors.Is(err, intercom.ErrActivityLogTruncated):
		resp.Diagnostics.AddWarning("Activity log read incomplete",
			fmt.Sprintf("The read stopped before the end of the activity log (%v): activity_logs holds the %d entries read. "+
				"Narrow created_after and created_before to read the rest.", err, len(logs)))
	case err != nil:
		addAPIError(&resp.Diagnostics, "list activity logs", err)
		return
	}
	cfg.ID = types.StringValue(fmt.Sprintf("%s/%s/%s", d.data.me.App.IDCode, cfg.CreatedAfter.ValueString(), cfg.CreatedBefore.ValueString()))
	cfg.ActivityLogs = make([]activityLogModel, 0, len(logs))
	for _, l := range logs {
		if len(wanted) > 0 && !slices.Contains(wanted, l.ActivityType) {
			continue
		}
		meta := "{}"
		if l.Metadata != nil {
			if b, err := json.Marshal(l.Metadata); err == nil {
				meta = string(b)
			}
		}
		cfg.ActivityLogs = append(cfg.ActivityLogs, activityLogModel{
			ID: types.StringValue(l.ID), ActivityType: types.StringValue(l.ActivityType),
			ActivityDescription: types.StringValue(l.ActivityDescription), CreatedAt: timetypes.NewRFC3339TimeValue(time.Unix(l.CreatedAt, 0).UTC()),
			PerformedByID: types.StringValue(l.PerformedBy.ID), PerformedByEmail: types.StringValue(l.PerformedBy.Email),
			PerformedByIP: types.StringValue(l.PerformedBy.IP), Metadata: jsontypes.NewNormalizedValue(meta),
		})
	}
	// RFC 3339 in UTC sorts as text.
	slices.SortStableFunc(cfg.ActivityLogs, func(a, b activityLogModel) int {
		return strings.Compare(a.CreatedAt.ValueString(), b.CreatedAt.ValueString())
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
