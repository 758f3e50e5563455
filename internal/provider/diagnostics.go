package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// diagAdder is the part of diag.Diagnostics that helpers add to.
type diagAdder interface {
	AddError(summary, detail string)
	AddAttributeError(p path.Path, summary, detail string)
	AddAttributeWarning(p path.Path, summary, detail string)
}

var _ diagAdder = (*diag.Diagnostics)(nil)

// addAPIError turns a client error into one diagnostic naming what was being done,
// Intercom's HTTP status, error code, message, field and request id.
func addAPIError(diags diagAdder, action string, err error) {
	summary, detail := describeAPIError(action, err)
	diags.AddError(summary, detail)
}

// addAttributeAPIError is addAPIError pinned to the attribute the error is about.
func addAttributeAPIError(diags diagAdder, p path.Path, action string, err error) {
	summary, detail := describeAPIError(action, err)
	diags.AddAttributeError(p, summary, detail)
}

func describeAPIError(action string, err error) (summary, detail string) {
	var apiErr *intercom.Error
	var transportErr *intercom.TransportError
	switch {
	case errors.As(err, &apiErr) && apiErr.NotExposed():
		return "Setting not exposed by Intercom's API",
			fmt.Sprintf("Could not %s: Intercom answered %s %s with HTTP 404 not_found. This setting rests on an endpoint "+
				"Intercom has not published yet (a modelled endpoint, see the provider documentation), and it is not "+
				"exposed for this workspace. Manage it in Intercom's web app until it is.%s",
				action, apiErr.Method, apiErr.Path, requestIDSuffix(apiErr))
	case errors.As(err, &apiErr):
		return fmt.Sprintf("Intercom API error: %s", apiErrorTitle(apiErr)), apiErrorDetail(action, apiErr)
	case errors.As(err, &transportErr) && transportErr.NotSent:
		return "Intercom call not sent",
			fmt.Sprintf("Could not %s: %s %s was given up while it waited for Intercom's rate-limit window (%v), so "+
				"nothing reached Intercom. Run again; lower -parallelism if other clients share the workspace's rate limit.",
				action, transportErr.Method, transportErr.Path, transportErr.Err)
	case errors.As(err, &transportErr) && transportErr.Interrupted() && transportErr.Method != http.MethodGet:
		return "Interrupted",
			fmt.Sprintf("Could not %s: interrupted: the change may have reached Intercom; the next plan shows it "+
				"(%s %s had no answer yet).", action, transportErr.Method, transportErr.Path)
	case errors.As(err, &transportErr) && transportErr.Interrupted():
		return "Interrupted",
			fmt.Sprintf("Could not %s: interrupted before Intercom answered %s %s. Nothing was changed.",
				action, transportErr.Method, transportErr.Path)
	case errors.As(err, &transportErr):
		return "Intercom could not be reached",
			fmt.Sprintf("Could not %s: %s %s got no answer: %v. Check base_url/region and the network, "+
				"or raise request_timeout/max_retries if Intercom is slow.",
				action, transportErr.Method, transportErr.Path, transportErr.Err)
	default:
		return "Intercom API call failed", fmt.Sprintf("Could not %s: %v", action, err)
	}
}

func apiErrorTitle(e *intercom.Error) string {
	if e.Code() != "" {
		return fmt.Sprintf("HTTP %d %s", e.StatusCode, e.Code())
	}
	return fmt.Sprintf("HTTP %d", e.StatusCode)
}

func apiErrorDetail(action string, e *intercom.Error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Could not %s: %s answered %s %s with HTTP %d.\n", action, hostLabel(e.Host), e.Method, e.Path, e.StatusCode)
	for _, d := range e.Errors {
		fmt.Fprintf(&b, "\n  code:    %s\n  message: %s\n", d.Code, d.Message)
		if d.Field != nil && *d.Field != "" {
			fmt.Fprintf(&b, "  field:   %s\n", *d.Field)
		}
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "\nrequest_id: %s (quote it to Intercom support)", e.RequestID)
	}
	if hint := hintFor(e); hint != "" {
		fmt.Fprintf(&b, "\n\n%s", hint)
	}
	return b.String()
}

// hostLabel names where a call went: "Intercom (api.eu.intercom.io, region eu)", or the
// host alone for a proxy or the emulator.
func hostLabel(host string) string {
	if host == "" {
		return "Intercom"
	}
	if region, ok := intercom.RegionOfHost(host); ok {
		return fmt.Sprintf("Intercom (%s, region %s)", host, region)
	}
	return fmt.Sprintf("Intercom at %s", host)
}

func requestIDSuffix(e *intercom.Error) string {
	if e == nil || e.RequestID == "" {
		return ""
	}
	return " (request_id " + e.RequestID + ")"
}

// hintFor says how to fix the errors a user can fix.
func hintFor(e *intercom.Error) string {
	switch e.Code() {
	case "unauthorized", "token_not_found", "token_revoked", "token_blocked", "token_expired", "missing_authorization":
		return "The access token was refused by " + hostLabel(e.Host) + ". A token of a workspace hosted in another region " +
			"is refused there too: set region (or " + EnvRegion + ") to the region the workspace is hosted in, or set " +
			"access_token (or " + EnvAccessToken + ") to a valid token of the workspace."
	case "token_unauthorized", "forbidden", "api_plan_restricted":
		return "The access token lacks a permission this call needs: grant the app the scope in Intercom's Developer Hub."
	case "rate_limit_exceeded":
		return "Intercom's rate limit was still exceeded after waiting for the window to reset: lower -parallelism or retry later."
	case "intercom_version_invalid":
		return "This is a bug in the provider: it sent an Intercom-Version that Intercom does not know. Please report it."
	}
	return ""
}

// addConfigureError explains why GET /me at configure time failed, pointing at the
// argument most likely to be wrong.
func addConfigureError(diags diagAdder, s settings, err error) {
	var transportErr *intercom.TransportError
	switch {
	case intercom.IsUnauthorized(err):
		_, detail := describeAPIError("check the access token (GET /me)", err)
		diags.AddAttributeError(path.Root("access_token"), "Intercom rejected the access token", detail)
	case errors.As(err, &transportErr) && (transportErr.Interrupted() || transportErr.NotSent):
		addAPIError(diags, "check the access token (GET /me)", err)
	case errors.As(err, &transportErr):
		diags.AddAttributeError(path.Root("base_url"), "Intercom could not be reached",
			fmt.Sprintf("GET %s/me got no answer: %v.\n\nCheck base_url (or %s) and region, and the network "+
				"between Terraform and Intercom.", intercom.RedactURL(s.baseURL), transportErr.Err, EnvBaseURL))
	default:
		addAPIError(diags, "check the access token (GET /me)", err)
	}
}
