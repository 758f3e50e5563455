package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
	"github.com/salestim/terraform-provider-intercom/internal/posture"
)

var _ datasource.DataSourceWithConfigure = (*postureDataSource)(nil)

// NewSecurityPostureDataSource returns intercom_security_posture.
func NewSecurityPostureDataSource() datasource.DataSource { return &postureDataSource{} }

// postureDataSource is the "Check" column of Intercom's security checklist, as code: it
// reads what it can (published endpoints first) and grades each step with internal/posture.
type postureDataSource struct {
	data *providerData
}

const defaultMaxSecretAgeDays = 365

type postureModel struct {
	ID               types.String              `tfsdk:"id"`
	MaxSecretAgeDays types.Int64               `tfsdk:"max_secret_age_days"`
	Protected        types.Set                 `tfsdk:"protected_attributes"`
	Checks           map[string]checkModel     `tfsdk:"checks"`
	Passed           types.Bool                `tfsdk:"passed"`
	Failed           []string                  `tfsdk:"failed"`
	Unknown          []string                  `tfsdk:"unknown"`
	NotApplicable    []string                  `tfsdk:"not_applicable"`
	Excepted         []string                  `tfsdk:"excepted"`
	Exceptions       map[string]exceptionModel `tfsdk:"exceptions"`
	ReportJSON       types.String              `tfsdk:"report_json"`
}

type exceptionModel struct {
	Justification types.String `tfsdk:"justification"`
	Expires       types.String `tfsdk:"expires"`
}

type checkModel struct {
	Status       types.String `tfsdk:"status"`
	Source       types.String `tfsdk:"source"`
	Detail       types.String `tfsdk:"detail"`
	Badge        types.String `tfsdk:"badge"`
	Current      types.String `tfsdk:"current"`
	Recommended  types.String `tfsdk:"recommended"`
	Remediation  types.String `tfsdk:"remediation"`
	SettingsPath types.String `tfsdk:"settings_path"`
	HelpURL      types.String `tfsdk:"help_url"`
	Controls     []string     `tfsdk:"controls"`
	Evidence     types.String `tfsdk:"evidence"`
}

func (d *postureDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_security_posture"
}

func (d *postureDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Checks the workspace against Intercom's security checklist, the checklist's \"Check\" column as " +
			"code: one verdict per step, from the endpoints Intercom publishes first. Steps that rest on endpoints Intercom " +
			"has not published yet are `unknown` (never an error) where the workspace's hosts do not serve them. Use it in " +
			"`check` blocks: a failed assertion is a warning, never a failed run.",
		Attributes: map[string]schema.Attribute{
			"id": str("The workspace's id code."),
			"max_secret_age_days": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf("The age, in days, over which any live identity verification secret fails "+
					"the `identity_verification_secrets` check: every live secret signs valid users, so the oldest one counts. Defaults to %d.", defaultMaxSecretAgeDays),
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"protected_attributes": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Custom attributes the Messenger must not be able to write, for the `protected_attributes` " +
					"check: a contact attribute by its name (`plan`), a company attribute as `company/<name>`. None named: " +
					"the check is `not_applicable` (it does not count against `passed`), and its detail counts the custom " +
					"attributes the Messenger can write.",
			},
			"checks": schema.MapNestedAttribute{
				Computed: true,
				MarkdownDescription: "One verdict per step, keyed `two_factor_authentication`, `trusted_domains`, " +
					"`identity_verification`, `ip_allowlist`, `identity_verification_secrets`, `protected_attributes` and " +
					"`access_token` (the token's teammate is still listed by `GET /admins`, and searches that find nothing prove " +
					"it may read contacts and conversations; whether it may delete or update contacts Intercom's API does not " +
					"tell, and the check says so).",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"status":        str("`pass`, `fail`, `unknown` (what was read cannot prove a pass: an endpoint is not published yet, or the token lacks the scope), `not_applicable` (the step is not configured here: `protected_attributes` with no attribute named) or `excepted` (it fails, and an exception in `exceptions` accepts it until it expires)."),
					"current":       str("What was read, in a few words (`not read` when it could not be)."),
					"recommended":   str("What a secure workspace holds."),
					"remediation":   str("One sentence: how to get there with this provider."),
					"settings_path": str("Where the setting lives in Intercom's web app, as Intercom's help centre names it (Intercom publishes no stable URL for its settings pages)."),
					"help_url":      str("Intercom's help centre page for the setting."),
					"controls": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "The controls the check evidences, as `CIS:<safeguard>` (CIS Controls v8), `NIST:<control>` (NIST SP 800-53 rev. 5) and `SOC2:<criterion>` (Trust Services Criteria): this provider's mapping, see the table below."},
					"source":   str("Which data graded the check: `published` (endpoints Intercom publishes), `modelled` (an endpoint Intercom has not published yet) or `published+modelled` (both)."),
					"detail":   str("One sentence: what was found and, on fail, what to do."),
					"evidence": str("For a setting Intercom publishes no endpoint for, when it could not be read: the newest activity-log entry naming it within the year Intercom keeps its log (who, when, what the entry says; of a log read in part, the newest of the entries read, saying so), as evidence of a change, never a pass; or that no entry names it, so it cannot be checked. Empty for the other checks."),
					"badge":    str("A [shields.io endpoint](https://shields.io/badges/endpoint-badge) JSON document (`schemaVersion` 1, `label`, `message`, `color`) to publish as a badge."),
				}},
			},
			"passed": schema.BoolAttribute{Computed: true, MarkdownDescription: "True only when every check passes or is `not_applicable`."},
			"failed": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The keys of the checks that fail, sorted: `length(failed) == 0` asserts that nothing failed, " +
					"whatever could not be read."},
			"unknown": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The keys of the checks that could not be graded (`unknown`), sorted."},
			"not_applicable": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The keys of the checks that are not configured (`not_applicable`), sorted."},
			"excepted": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The keys of the checks that fail under an accepted exception (`excepted`), sorted."},
			"exceptions": schema.MapNestedAttribute{
				Optional: true,
				MarkdownDescription: "Accepted exceptions, by check key: a failing check with an exception that has not " +
					"expired is `excepted` (it counts as passing for `passed`), with the justification in its detail. Once " +
					"`expires` is reached the check fails again and says the exception expired. An exception never hides " +
					"`unknown`.",
				Validators: []validator.Map{mapvalidator.KeysAre(stringvalidator.OneOf(posture.KeyTwoFactor, posture.KeyTrustedDomains,
					posture.KeyIdentity, posture.KeyIPAllowlist, posture.KeyIdentitySecrets, posture.KeyProtectedAttrs, posture.KeyAccessToken))},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"justification": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
						MarkdownDescription: "Why the risk is accepted, as the auditor files it."},
					"expires": schema.StringAttribute{Required: true, Validators: []validator.String{expiryValidator{}},
						MarkdownDescription: "When the exception ends: a date (`2027-03-31`, the start of that day in UTC) or an RFC 3339 time."},
				}},
			},
			"report_json": str("The whole posture as one JSON document, for GRC tools: `schema_version` 1, `workspace_id`, " +
				"`passed`, the status vocabulary, and per check its key, status, source, detail, current and " +
				"recommended values, remediation, settings path, help URL, controls by framework and exception."),
		},
	}
}

func (d *postureDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *postureDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg postureModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !requireConfigured(d.data, &resp.Diagnostics) {
		return
	}
	maxAgeDays := int64(defaultMaxSecretAgeDays)
	if !cfg.MaxSecretAgeDays.IsNull() && !cfg.MaxSecretAgeDays.IsUnknown() {
		maxAgeDays = cfg.MaxSecretAgeDays.ValueInt64()
	}
	now := time.Now()
	f, err := readFindings(ctx, d.data.client, now)
	if err != nil {
		addAPIError(&resp.Diagnostics, "check the workspace's security posture", err)
		return
	}
	f.MaxSecretAge, f.Now = time.Duration(maxAgeDays)*24*time.Hour, now
	f.ProtectedAttributes, _ = knownStrings(cfg.Protected)
	f.Exceptions = map[string]posture.Exception{}
	for key, ex := range cfg.Exceptions {
		expires, err := parseExpiry(ex.Expires.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("exceptions").AtMapKey(key).AtName("expires"), "Invalid exception expiry", err.Error())
			return
		}
		f.Exceptions[key] = posture.Exception{Justification: ex.Justification.ValueString(), Expires: expires}
	}
	checks, passed := posture.Evaluate(f)

	state := postureModel{
		ID: types.StringValue(d.data.me.App.IDCode), MaxSecretAgeDays: types.Int64Value(maxAgeDays), Protected: cfg.Protected,
		Checks: make(map[string]checkModel, len(checks)), Passed: types.BoolValue(passed),
		Failed: orEmpty(posture.Keys(checks, posture.Fail)), Unknown: orEmpty(posture.Keys(checks, posture.Unknown)),
		NotApplicable: orEmpty(posture.Keys(checks, posture.NotApplicable)), Excepted: orEmpty(posture.Keys(checks, posture.Excepted)),
		Exceptions: cfg.Exceptions, ReportJSON: types.StringValue(posture.ReportJSON(d.data.me.App.IDCode, checks, passed, f.Now)),
	}
	for key, c := range checks {
		ref := posture.References[key]
		var controls []string
		for _, id := range ref.Controls.CISv8 {
			controls = append(controls, "CIS:"+id)
		}
		for _, id := range ref.Controls.NIST80053 {
			controls = append(controls, "NIST:"+id)
		}
		for _, id := range ref.Controls.SOC2 {
			controls = append(controls, "SOC2:"+id)
		}
		state.Checks[key] = checkModel{
			Status: types.StringValue(c.Status), Source: types.StringValue(c.Source),
			Detail: types.StringValue(c.Detail), Badge: types.StringValue(c.Badge),
			Current: types.StringValue(c.Current), Recommended: types.StringValue(ref.Recommended),
			Remediation: types.StringValue(ref.Remediation), SettingsPath: types.StringValue(ref.SettingsPath),
			HelpURL: types.StringValue(ref.HelpURL), Controls: orEmpty(controls), Evidence: types.StringValue(c.Evidence),
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// readFindings reads every source of the checks. A modelled endpoint the hosts do not
// serve, and an IP allowlist the token may not read, leave their finding unknown; any
// other failure is an error.
func readFindings(ctx context.Context, client *intercom.Client, now time.Time) (posture.Findings, error) {
	var f posture.Findings
	me, err := client.Me(ctx)
	if err != nil {
		return f, err
	}
	f.IdentityVerificationOn = me.App != nil && me.App.IdentityVerification
	f.Token = readTokenHealth(ctx, client, me.ID)

	// A setting the token may not read makes its check unknown, naming the refusal; it
	// never fails the whole data source.
	f.ModelledWhyUnknown = map[string]string{}
	scopeRefused := func(key string, err error) error {
		if why := missingScope(err); why != "" {
			f.ModelledWhyUnknown[key] = "the access token was refused it (" + why + "); grant it the scope in Intercom's Developer Hub"
			return nil
		}
		return err
	}
	enforcement, err := unlessNotExposed(client.GetIdentityVerification(ctx))
	if err = scopeRefused(posture.KeyIdentity, err); err != nil {
		return f, err
	}
	f.Enforcement = enforcement
	twoFactor, err := unlessNotExposed(client.GetTwoFactor(ctx))
	if err = scopeRefused(posture.KeyTwoFactor, err); err != nil {
		return f, err
	}
	if twoFactor != nil {
		f.TwoFactorRequired = &twoFactor.Required
	}
	domains, err := unlessNotExposed(client.GetTrustedDomains(ctx))
	if err = scopeRefused(posture.KeyTrustedDomains, err); err != nil {
		return f, err
	}
	if domains != nil {
		f.TrustedDomains = &domains.Domains
	}
	if f.TwoFactorRequired == nil || f.TrustedDomains == nil || f.Enforcement == nil {
		f.Log = readLogEvidence(ctx, client, now)
	}

	f.IPAllowlist, err = client.GetIPAllowlist(ctx)
	if why := missingScope(err); why != "" {
		f.IPAllowlist, err = nil, nil
		f.IPAllowlistWhyUnknown = "the access token lacks the manage_ip_allowlist scope (" + why + "); grant it in Intercom's Developer Hub"
	}
	if err != nil {
		return f, err
	}

	f.Secrets, err = client.ListIdentityVerificationSecrets(ctx)
	if why := missingScope(err); why != "" {
		f.Secrets, err = nil, nil
		f.SecretsWhyUnknown = "the access token was refused them (" + why + "); grant it the scope in Intercom's Developer Hub"
	}
	if err != nil {
		return f, err
	}

	var attrs []intercom.DataAttribute
	for _, model := range []string{intercom.ModelContact, intercom.ModelCompany} {
		list, err := client.ListDataAttributes(ctx, model)
		if why := missingScope(err); why != "" {
			f.DataAttributesWhyUnknown = "the access token may not read data attributes (" + why + "); grant it the scope to read them in Intercom's Developer Hub"
			return f, nil
		}
		if err != nil {
			return f, err
		}
		attrs = append(attrs, list...)
	}
	f.DataAttributes = &attrs
	return f, nil
}

// logEvidencePages bounds the pages of 250 entries read for the modelled settings'
// evidence: a read that stops there says so.
const logEvidencePages = 20

// readLogEvidence reads a year of the activity log's entries of the modelled settings'
// types: the only evidence of a setting Intercom publishes no endpoint for. A failed read
// is recorded, never an error of the data source.
func readLogEvidence(ctx context.Context, client *intercom.Client, now time.Time) *posture.ActivityLog {
	logs, err := client.SearchActivityLogs(ctx, intercom.ActivityLogSearch{After: now.Add(-posture.LogRetention),
		EventTypes: posture.LogEvidenceTypes(), MaxPages: logEvidencePages})
	out := &posture.ActivityLog{Entries: logs}
	switch {
	case errors.Is(err, intercom.ErrActivityLogTruncated):
		out.Partial = err.Error()
	case err != nil:
		out.Entries, out.WhyUnread = nil, err.Error()
	}
	return out
}

// tokenProbeExternalID is the external id the token check searches for: any answer
// without a refusal proves the token may read contacts, and no contact carries it.
const tokenProbeExternalID = "terraform-provider-intercom-token-check" //nolint:gosec // an external id no contact carries, not a credential

// readTokenHealth reads what the access token's health check needs: whether GET /admins
// still lists its teammate, and a harmless read of each permission a data-subject
// request reads with (a search that finds nothing).
func readTokenHealth(ctx context.Context, client *intercom.Client, adminID string) *posture.TokenHealth {
	h := &posture.TokenHealth{AdminID: adminID}
	admins, err := client.ListAdmins(ctx)
	if err != nil {
		h.AdminsWhyUnread = err.Error()
	} else {
		listed := slices.ContainsFunc(admins, func(a intercom.Admin) bool { return a.ID == adminID })
		h.TeammateListed = &listed
	}
	probe := func(permission string, err error) posture.TokenRead {
		r := posture.TokenRead{Permission: permission}
		switch why := missingScope(err); {
		case err == nil:
			r.Granted = ptrTo(true)
		case why != "":
			r.Granted, r.Why = ptrTo(false), why
		default:
			r.Why = err.Error()
		}
		return r
	}
	_, err = client.SearchContactsByExternalID(ctx, tokenProbeExternalID)
	h.Reads = append(h.Reads, probe("read contacts", err))
	_, err = client.SearchConversationIDsByContact(ctx, tokenProbeExternalID)
	h.Reads = append(h.Reads, probe("read conversations", err))
	return h
}

func ptrTo[T any](v T) *T { return &v }

func orEmpty(keys []string) []string {
	if keys == nil {
		return []string{}
	}
	return keys
}

// missingScope describes an answer that refuses the token a permission (401
// token_unauthorized, or 403), or returns "" for any other result.
func missingScope(err error) string {
	var apiErr *intercom.Error
	if !errors.As(err, &apiErr) {
		return ""
	}
	if (apiErr.StatusCode == http.StatusUnauthorized && strings.EqualFold(apiErr.Code(), "token_unauthorized")) || apiErr.StatusCode == http.StatusForbidden {
		return fmt.Sprintf("HTTP %d %s", apiErr.StatusCode, apiErr.Code())
	}
	return ""
}

// unlessNotExposed turns a modelled endpoint's "not served here" into a nil finding.
func unlessNotExposed[T any](v *T, err error) (*T, error) {
	var apiErr *intercom.Error
	if errors.As(err, &apiErr) && apiErr.NotExposed() {
		return nil, nil
	}
	return v, err
}

// parseExpiry reads an exception's expiry: a date (the start of that day, UTC) or an
// RFC 3339 time.
func parseExpiry(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, strings.TrimSpace(s)); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(s)); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("expires must be a date such as \"2027-03-31\" or an RFC 3339 time such as \"2027-03-31T00:00:00Z\"")
}

// expiryValidator refuses an expiry parseExpiry cannot read, at validate time.
type expiryValidator struct{}

func (expiryValidator) Description(context.Context) string {
	return "a date (2027-03-31) or an RFC 3339 time"
}

func (v expiryValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (expiryValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseExpiry(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid exception expiry", err.Error())
	}
}
