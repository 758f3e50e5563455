package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/framework"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Environment variables read when the matching argument is not set.
const (
	EnvAccessToken = "INTERCOM_ACCESS_TOKEN"
	EnvRegion      = "INTERCOM_REGION"
	EnvBaseURL     = "INTERCOM_BASE_URL"
)

const (
	defaultRegion         = "us"
	defaultMaxRetries     = 4
	defaultRequestTimeout = 30 * time.Second
)

var (
	_ provider.Provider                  = (*intercomProvider)(nil)
	_ provider.ProviderWithFunctions     = (*intercomProvider)(nil)
	_ provider.ProviderWithListResources = (*intercomProvider)(nil)
	_ provider.ProviderWithActions       = (*intercomProvider)(nil)
)

// intercomProvider is the provider; one instance serves one provider configuration.
type intercomProvider struct {
	version string
	// getenv reads the connection settings' environment variables (INTERCOM_ACCESS_TOKEN,
	// _REGION, _BASE_URL): the process's, or in tests that serve the provider in-process,
	// those of the CLI under test. The actions' INTERCOM_RECEIPT_KEY is still read from the
	// process: the tests of actions run the installed binary.
	getenv func(string) string
}

// New returns a constructor of the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return newWithEnv(version, os.Getenv)
}

// newWithEnv is New reading its environment variables through getenv.
func newWithEnv(version string, getenv func(string) string) func() provider.Provider {
	return func() provider.Provider { return &intercomProvider{version: version, getenv: getenv} }
}

type providerModel struct {
	AccessToken    types.String `tfsdk:"access_token"`
	Region         types.String `tfsdk:"region"`
	BaseURL        types.String `tfsdk:"base_url"`
	WorkspaceID    types.String `tfsdk:"workspace_id"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
}

func (p *intercomProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "intercom"
	resp.Version = p.version
}

func (p *intercomProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the security settings of an Intercom workspace.",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "Intercom access token of the workspace to manage. Defaults to the `" + EnvAccessToken + "` environment variable.",
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Region the workspace is hosted in: `us`, `eu` or `au`. Defaults to the `" + EnvRegion + "` environment variable, then `us`. Ignored when `base_url` is set.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(intercom.Regions()...)},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "API base URL, overriding `region` (for a proxy or an emulator). Defaults to the `" + EnvBaseURL + "` environment variable. " +
					"Must be `https://`, so the token never travels in clear text; `http://` is accepted for loopback hosts only " +
					"(`localhost`, `127.0.0.1`, `::1`), such as the emulator.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "Guard: the `id_code` of the workspace this configuration is meant for. When set and the access token belongs to another workspace, every operation fails, so that a production configuration never touches a test workspace and back.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a failed idempotent call (server error, dropped connection) is retried, with backoff. Defaults to %d. "+
					"A `429` is no failure: it is waited out until Intercom's window resets (up to two windows), whatever this says.", defaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of one HTTP attempt, from when it is sent (waiting for a rate-limit window is not counted), as a Go duration such as `30s` or `2m`. Defaults to `30s`.",
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
			},
		},
	}
}

// settings is the provider configuration with environment variables and defaults applied.
type settings struct {
	token          string
	baseURL        string
	region         string
	workspaceID    string
	maxRetries     int
	requestTimeout time.Duration
}

func (p *intercomProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A value known only after apply (a token from another resource, say): Terraform
	// configures the provider again once it is known. Until then there is no client,
	// and resources and data sources say so if they are asked to call Intercom.
	if anyUnknown(cfg.AccessToken, cfg.Region, cfg.BaseURL, cfg.WorkspaceID, cfg.RequestTimeout) || cfg.MaxRetries.IsUnknown() {
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
		}
		return
	}

	s, ok := resolveSettings(cfg, p.getenv, &resp.Diagnostics)
	if !ok {
		return
	}
	client, err := intercom.New(intercom.Config{
		BaseURL:        s.baseURL,
		AccessToken:    s.token,
		UserAgent:      userAgent(p.version, req.TerraformVersion),
		MaxRetries:     s.maxRetries,
		RequestTimeout: s.requestTimeout,
		Logger:         maskingLogger{secrets: []string{s.token}},
	})
	if err != nil {
		resp.Diagnostics.AddError("Invalid Intercom provider configuration", err.Error())
		return
	}
	ctx = maskSecrets(ctx, s.token)
	me, err := client.Me(ctx)
	if err != nil {
		addConfigureError(&resp.Diagnostics, s, err)
		return
	}
	if me.App == nil || me.App.IDCode == "" {
		resp.Diagnostics.AddError("Unexpected answer from Intercom",
			"GET /me answered without the workspace (app.id_code) the access token belongs to.")
		return
	}
	if s.workspaceID != "" && !strings.EqualFold(s.workspaceID, me.App.IDCode) {
		resp.Diagnostics.AddAttributeError(path.Root("workspace_id"), "Access token belongs to another workspace",
			fmt.Sprintf("The provider is guarded to workspace %q (workspace_id), but the access token belongs to workspace %q (%s). "+
				"Nothing was changed. Use the token of workspace %q, or correct workspace_id if %q is the workspace you mean.",
				s.workspaceID, me.App.IDCode, me.App.Name, s.workspaceID, me.App.IDCode))
		return
	}
	data := &providerData{client: client, me: me, version: p.version, createAttempts: 1 + s.maxRetries, requestTimeout: s.requestTimeout,
		workspaceLock: framework.LockFor(framework.DefaultLockDir(), lockKey(s.baseURL, me.App.IDCode))}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

func anyUnknown(values ...types.String) bool {
	for _, v := range values {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// resolveSettings applies environment variables and defaults, adding a diagnostic for
// each argument that cannot be used.
func resolveSettings(cfg providerModel, getenv func(string) string, diags diagAdder) (settings, bool) {
	s := settings{maxRetries: defaultMaxRetries, requestTimeout: defaultRequestTimeout}
	ok := true

	s.token = valueOrEnv(cfg.AccessToken, getenv(EnvAccessToken))
	if s.token == "" {
		diags.AddAttributeError(path.Root("access_token"), "Missing Intercom access token",
			"Set access_token in the provider block (from a variable marked sensitive) or the "+EnvAccessToken+
				" environment variable to an access token of the workspace. Intercom shows it under Settings > Integrations > Developer Hub > your app > Authentication.")
		ok = false
	}

	s.region = strings.ToLower(valueOrEnv(cfg.Region, getenv(EnvRegion)))
	if s.region == "" {
		s.region = defaultRegion
	}
	regionURL, known := intercom.BaseURLForRegion(s.region)
	if !known {
		diags.AddAttributeError(path.Root("region"), "Unknown Intercom region",
			fmt.Sprintf("Region %q (from the %s environment variable) is not one of %s. Set region or %s to the region the workspace is hosted in.",
				s.region, EnvRegion, strings.Join(intercom.Regions(), ", "), EnvRegion))
		ok = false
	}
	s.baseURL = valueOrEnv(cfg.BaseURL, getenv(EnvBaseURL))
	regionGiven := valueOrEnv(cfg.Region, getenv(EnvRegion)) != ""
	if s.baseURL == "" {
		s.baseURL = regionURL
	} else if regionGiven && known && strings.TrimRight(s.baseURL, "/") != strings.TrimRight(regionURL, "/") && checkBaseURL(s.baseURL) == "" {
		// Say so: a user who set region = "eu" and forgot an INTERCOM_BASE_URL in the
		// environment would otherwise reach another host than the one they named.
		diags.AddAttributeWarning(path.Root("region"), "region is ignored: base_url is set",
			fmt.Sprintf("region %q (from region or %s) names %s, but base_url (or %s) is set, and base_url wins: every "+
				"call goes to %s. Remove one of them.", s.region, EnvRegion, regionURL, EnvBaseURL, intercom.DescribeURL(s.baseURL)))
	} else if msg := checkBaseURL(s.baseURL); msg != "" {
		diags.AddAttributeError(path.Root("base_url"), "Invalid Intercom base URL",
			fmt.Sprintf("%s (value from base_url or %s).", msg, EnvBaseURL))
		ok = false
	}

	s.workspaceID = cfg.WorkspaceID.ValueString()
	if !cfg.MaxRetries.IsNull() {
		s.maxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.RequestTimeout.IsNull() {
		d, err := time.ParseDuration(cfg.RequestTimeout.ValueString())
		if err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid request timeout",
				"request_timeout must be a positive Go duration such as \"30s\" or \"2m\".")
			ok = false
		}
		s.requestTimeout = d
	}
	return s, ok
}

func valueOrEnv(v types.String, fromEnv string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	return fromEnv
}

func userAgent(providerVersion, terraformVersion string) string {
	ua := "terraform-provider-intercom/" + providerVersion + " (+https://registry.terraform.io/providers/salestim/intercom)"
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua
}

func (p *intercomProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewTwoFactorAuthenticationResource,
		NewIdentityVerificationResource,
		NewIdentityVerificationSecretResource,
		NewTestWorkspaceResource,
		NewMessengerTrustedDomainsResource,
		NewMessengerTrustedDomainResource,
		NewIPAllowlistResource,
		NewProtectedAttributesResource,
	}
}

func (p *intercomProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewWorkspaceDataSource,
		NewAdminsDataSource,
		NewIdentityVerificationSecretsDataSource,
		NewActivityLogsDataSource,
		NewSecurityPostureDataSource,
	}
}

// ListResources serves terraform query (Terraform 1.14 and later), to adopt what a
// workspace already holds.
func (p *intercomProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewIdentityVerificationSecretListResource,
		NewMessengerTrustedDomainListResource,
	}
}

// Actions are the GDPR requests (Terraform 1.14 and later): they change what Intercom
// holds about people, which a resource would keep in state.
func (p *intercomProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		NewContactErasureAction,
		NewContactExportAction,
		NewContactOptOutAction,
		NewConversationRedactionAction,
	}
}

func (p *intercomProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewUserHashFunction,
		NewMessengerJWTFunction,
	}
}

// lockKey names a workspace for the workspace lock: its id, on the API host it is reached
// through (the same id on two emulators is two workspaces).
func lockKey(baseURL, workspace string) string {
	if u, err := url.Parse(baseURL); err == nil {
		return strings.ToLower(u.Host) + "/" + workspace
	}
	return workspace
}
