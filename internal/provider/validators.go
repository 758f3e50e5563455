package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// baseURLValidator accepts absolute https URLs without userinfo, query or fragment, and
// http ones for loopback hosts only (intercom.CheckBaseURL).
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an absolute https URL such as https://api.intercom.io (http only for loopback hosts)"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := checkBaseURL(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Intercom base URL", msg+".")
	}
}

// checkBaseURL is intercom.CheckBaseURL's refusal as a sentence, or "" for a usable URL.
func checkBaseURL(s string) string {
	if _, err := intercom.CheckBaseURL(s); err != nil {
		return err.Error()
	}
	return ""
}

// durationValidator accepts positive Go durations ("30s", "2m").
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive duration such as 30s or 2m"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a positive duration: write it like \"30s\" or \"2m\".", req.ConfigValue.ValueString()))
	}
}

// notBlank refuses strings of only white space, which Intercom would show as no name.
type notBlank struct{}

func (notBlank) Description(context.Context) string { return "must not be blank" }

func (v notBlank) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (notBlank) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Blank value",
			fmt.Sprintf("%s must not be empty or only white space: give it a name people recognise.", req.Path))
	}
}
