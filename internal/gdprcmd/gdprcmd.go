// Package gdprcmd is the provider binary's gdpr command: the GDPR actions for OpenTofu and
// for Terraform before 1.14, which have no actions. It takes the actions' attributes as
// flags of the same names, the provider's environment variables, and gives the same
// outcomes, receipts, bundles and exit status (0 only when every subject's request was
// carried out or the subject was proven absent), through the same dsr package.
//
//	terraform-provider-intercom gdpr erase   -request_id DSR-1 -subjects_file DSR-1.json -receipt_file DSR-1.receipt.json
//	terraform-provider-intercom gdpr export  -request_id DSR-2 -subjects_file DSR-2.json -output_dir DSR-2
//	terraform-provider-intercom gdpr opt-out -request_id DSR-3 -subjects_file DSR-3.json
//	terraform-provider-intercom gdpr verify  -request_id DSR-1 -verify_receipt DSR-1.receipt.json
package gdprcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/dsr"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// The environment variables it reads: the provider's.
const (
	EnvAccessToken = "INTERCOM_ACCESS_TOKEN"
	EnvRegion      = "INTERCOM_REGION"
	EnvBaseURL     = "INTERCOM_BASE_URL"
	EnvReceiptKey  = "INTERCOM_RECEIPT_KEY"
)

// Exit statuses.
const (
	ExitDone   = 0 // every subject's request carried out, or the subject proven absent
	ExitFailed = 1 // refused before any call, or not completed: the output says which subjects
	ExitUsage  = 2 // the command line itself is wrong
)

// The provider's defaults, for the same pacing and patience.
const (
	defaultRegion         = "us"
	defaultMaxRetries     = 4
	defaultRequestTimeout = 30 * time.Second
)

// IO is the command's surroundings.
type IO struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Version        string
}

// Main runs `gdpr <command> [flags]` (args without "gdpr") and returns the exit status.
func Main(ctx context.Context, args []string, io IO) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(io.Stderr, usage)
		return ExitUsage
	}
	in, err := parse(args[0], args[1:], io.Stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(io.Stderr, "Error: %v\n\n%s", err, usage)
		}
		return ExitUsage
	}
	if problems := in.check(); len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(io.Stderr, "Error: %s\n", p)
		}
		fmt.Fprintln(io.Stderr, "\nNothing was called.")
		return ExitFailed
	}
	env, err := connect(ctx, io)
	if err != nil {
		fmt.Fprintf(io.Stderr, "Error: %v\n\nNothing was called.\n", err)
		return ExitFailed
	}
	env.Progress = func(format string, args ...any) {
		fmt.Fprintf(io.Stdout, "%s: %s\n", in.requestID, fmt.Sprintf(format, args...))
	}
	findings := in.run(ctx, env)
	for _, f := range findings {
		label := "Warning"
		if f.Severity == dsr.Error {
			label = "Error"
		}
		if f.Attribute != "" {
			f.Summary += " (-" + f.Attribute + ")"
		}
		fmt.Fprintf(io.Stderr, "\n%s: %s\n\n%s\n", label, f.Summary, f.Detail)
	}
	if findings.HasError() {
		return ExitFailed
	}
	return ExitDone
}

// connect builds the client from the environment and reads GET /me, as the provider does.
func connect(ctx context.Context, io IO) (dsr.Env, error) {
	token := io.Getenv(EnvAccessToken)
	if token == "" {
		return dsr.Env{}, errors.New(EnvAccessToken + " is not set: set it to an access token of the workspace")
	}
	base := io.Getenv(EnvBaseURL)
	if base == "" {
		region := strings.ToLower(io.Getenv(EnvRegion))
		if region == "" {
			region = defaultRegion
		}
		var known bool
		if base, known = intercom.BaseURLForRegion(region); !known {
			return dsr.Env{}, fmt.Errorf("%s %q is not one of %s", EnvRegion, region, strings.Join(intercom.Regions(), ", "))
		}
	}
	client, err := intercom.New(intercom.Config{BaseURL: base, AccessToken: token, MaxRetries: defaultMaxRetries,
		RequestTimeout: defaultRequestTimeout, UserAgent: "terraform-provider-intercom/" + io.Version + " gdpr"})
	if err != nil {
		return dsr.Env{}, err
	}
	me, err := client.Me(ctx)
	if err != nil {
		return dsr.Env{}, fmt.Errorf("the access token could not be checked: %w", err)
	}
	if me.App == nil || me.App.IDCode == "" {
		return dsr.Env{}, errors.New("GET /me answered without the workspace (app.id_code) the access token belongs to")
	}
	env := dsr.Env{Client: client, WorkspaceID: me.App.IDCode, AdminID: me.ID, ProviderVersion: io.Version}
	if key := io.Getenv(EnvReceiptKey); key != "" {
		env.ReceiptKey = []byte(key)
	}
	return env, nil
}

const usage = `Usage: terraform-provider-intercom gdpr <command> [flags]

The provider's GDPR actions, for OpenTofu and for Terraform before 1.14. Flags have the
actions' attribute names; e-mail addresses are given only in -subjects_file.

Commands:
  erase    as action intercom_contact_erasure: -request_id, -subjects_file, -external_id,
           -contact_id, -match, -dry_run, -receipt_file
  verify   as intercom_contact_erasure's verify_receipt: -request_id, -verify_receipt
  export   as action intercom_contact_export: -request_id, -subjects_file, -external_id,
           -contact_id, -match, -output_dir, -age_recipient
  opt-out  as action intercom_contact_opt_out: -request_id, -subjects_file, -external_id,
           -contact_id, -match, -subscription_type_id, -dry_run, -receipt_file

-external_id, -contact_id and -subscription_type_id may be given several times.

Environment: INTERCOM_ACCESS_TOKEN (required), INTERCOM_REGION or INTERCOM_BASE_URL,
INTERCOM_RECEIPT_KEY (optional: identifiers' HMACs in receipts).

Exit status: 0 when every subject's request was carried out or the subject was proven
absent; 1 when the request was refused before any call or not completed (the output
names each subject by position); 2 when the command line is wrong.
`
