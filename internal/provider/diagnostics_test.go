package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Each way a call can end without Intercom's answer is told apart: interrupted (a write
// may have landed), given up before it was sent (nothing landed), or no answer (check
// the address).
func TestDescribeTransportErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		err        error
		want, not  string
		configured bool
	}{
		{"interrupted write", &intercom.TransportError{Method: "PUT", Path: "/ip_allowlist", Err: context.Canceled},
			"interrupted: the change may have reached Intercom; the next plan shows it", "base_url", true},
		{"interrupted read", &intercom.TransportError{Method: "GET", Path: "/ip_allowlist", Err: context.Canceled},
			"interrupted before Intercom answered GET /ip_allowlist. Nothing was changed", "base_url", true},
		{"not sent", &intercom.TransportError{Method: "POST", Path: "/secure_mode_secrets", Err: errors.New("context deadline exceeded"), NotSent: true},
			"nothing reached Intercom", "may have reached", true},
		{"no answer", &intercom.TransportError{Method: "GET", Path: "/me", Err: errors.New("connection refused")},
			"Check base_url", "interrupted", true},
		{"interrupted at configure", &intercom.TransportError{Method: "GET", Path: "/me", Err: context.Canceled},
			"Nothing was changed", "Check base_url", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			if tc.configured {
				addAPIError(&diags, "do it", tc.err)
			} else {
				addConfigureError(&diags, settings{baseURL: "https://api.intercom.io"}, tc.err)
			}
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got %v", diags)
			}
			text := diags[0].Summary() + ": " + diags[0].Detail()
			if !strings.Contains(text, tc.want) || strings.Contains(text, tc.not) {
				t.Errorf("%q: want %q and not %q", text, tc.want, tc.not)
			}
		})
	}
}
