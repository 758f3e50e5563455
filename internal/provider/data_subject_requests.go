package provider

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/salestim/terraform-provider-intercom/internal/dsr"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

// What the data-subject request actions (erasure, export, opt-out) share: their subjects'
// attributes and checks, and the adapter from the dsr package's findings and progress to
// Terraform's diagnostics and progress events.

// subjectAttributes are the attributes that name a request's subjects, and request_id.
func subjectAttributes(verb string) map[string]schema.Attribute {
	ids := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"request_id":   requestIDAttribute(),
		"external_ids": ids("External ids (your user ids) of the contacts to " + verb + ". Found with `POST /contacts/search`, so an id never travels in a URL."),
		"contact_ids":  ids("Intercom contact ids to " + verb + ". A merged contact's id leads to the contact it was merged into."),
		"subjects_file": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Path of a JSON file `{\"emails\": [...], \"external_ids\": [...], \"contact_ids\": [...]}`, " +
				"or of a CSV file named `*.csv` with a header row of `email`, `external_id` and `contact_id` columns, " +
				"read when the action runs: the only place for e-mail addresses, checked as `intercom_contact_erasure` checks it " +
				"(trimmed, duplicates taken once, any bad entry refuses the whole request before any call, by position). " +
				"The path must not hold an `@`.",
		},
		"match": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "What an e-mail address carried by several contacts (a user and a lead) names: `one` (the " +
				"default) refuses that subject and lists the contacts' ids and roles; `all` takes every contact with exactly that address.",
			Validators: []validator.String{stringvalidator.OneOf(string(gdpr.MatchOne), string(gdpr.MatchAll))},
		},
	}
}

// validateSubjectInputs refuses, at validation, e-mail addresses where the configuration
// would print or store them: in the id lists, in subjects_file's path and in the paths of
// the files a request writes. Values are never repeated: they may be addresses.
func validateSubjectInputs(externalIDs, contactIDs types.List, subjectsFile types.String, paths map[string]types.String, diags *diag.Diagnostics) {
	paths["subjects_file"] = subjectsFile
	names := make([]string, 0, len(paths))
	for name := range paths {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		v := paths[name]
		if !v.IsNull() && !v.IsUnknown() && strings.Contains(v.ValueString(), "@") {
			diags.AddError("E-mail address in "+name+"'s path",
				"The path of "+name+" holds an @, like an e-mail address: the path is part of the configuration, which "+
					"Terraform prints and stores. Name it after the ticket instead (e.g. DSR-2026-0142.json).")
		}
	}
	for _, attr := range []struct {
		name string
		list types.List
	}{{"external_ids", externalIDs}, {"contact_ids", contactIDs}} {
		for i, v := range listStrings(attr.list) {
			if strings.Contains(v, "@") {
				// The value itself is never repeated: it may be an e-mail address. Attached to no
				// attribute, so that Terraform does not print the configuration's line either.
				diags.AddError("E-mail address in the configuration",
					fmt.Sprintf("Entry %d of %s holds an @, like an e-mail address. E-mail addresses must not enter the "+
						"configuration, which Terraform prints and stores: put them in the subjects_file JSON, under \"emails\" "+
						"(or, for an external id that is an address, under \"external_ids\").", i+1, attr.name))
			}
		}
	}
}

// requestEnv is what a data-subject request is given besides its inputs: this provider's
// client and workspace, and progress labelled with the request id alone.
func (d *providerData) requestEnv(ctx context.Context, resp *action.InvokeResponse, requestID string) dsr.Env {
	env := dsr.Env{Client: d.client, WorkspaceID: d.WorkspaceID(), ProviderVersion: d.version,
		ReceiptKey: []byte(os.Getenv(EnvReceiptKey)), Progress: progressOf(ctx, resp, requestID)}
	if d.me != nil {
		env.AdminID = d.me.ID
	}
	return env
}

// subjectsOf is a request's subjects as configured.
func subjectsOf(externalIDs, contactIDs types.List, file types.String) dsr.Subjects {
	return dsr.Subjects{ExternalIDs: listEntries(externalIDs), ContactIDs: listEntries(contactIDs), SubjectsFile: file.ValueString()}
}

// addFindings turns what a request says into diagnostics, on the attribute it names.
func addFindings(diags *diag.Diagnostics, fs dsr.Findings) {
	for _, f := range fs {
		switch {
		case f.Severity == dsr.Warning:
			diags.AddWarning(f.Summary, f.Detail)
		case f.Attribute != "":
			diags.AddAttributeError(path.Root(f.Attribute), f.Summary, f.Detail)
		default:
			diags.AddError(f.Summary, f.Detail)
		}
	}
}

// listEntries is a configured list's entries for the gdpr engine, null ones as nil.
func listEntries(l types.List) []*string {
	var out []*string
	for _, e := range l.Elements() {
		s, ok := e.(types.String)
		switch {
		case !ok || s.IsUnknown():
			continue
		case s.IsNull():
			out = append(out, nil)
		default:
			v := s.ValueString()
			out = append(out, &v)
		}
	}
	return out
}

// refuseEmailInRequestID refuses a request_id with an @: the request id is printed in every
// progress message and log line. The diagnostic is attached to no attribute, so that
// Terraform does not print the configuration's line, which holds the value.
func refuseEmailInRequestID(v types.String, diags *diag.Diagnostics) {
	if !v.IsNull() && !v.IsUnknown() && strings.Contains(v.ValueString(), "@") {
		diags.AddError("E-mail address as request id",
			"request_id holds an @, like an e-mail address. It is printed in every progress message and log line: give "+
				"the ticket id of the request (e.g. DSR-2026-0142), never a person's e-mail address.")
	}
}

// requestIDAttribute is the request_id of the GDPR actions: a ticket id, never an e-mail
// address, and the only label their progress messages carry.
func requestIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Required: true,
		MarkdownDescription: "The data-subject request's ticket id, e.g. `DSR-2026-0142`: the only label the action " +
			"prints. Not an e-mail address.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1), notBlank{}},
	}
}

// listStrings is the known strings of a list (an action's configuration is known when it
// runs; at validation, values not known yet are checked once they are).
func listStrings(l types.List) []string {
	var out []string
	for _, e := range l.Elements() {
		if s, ok := e.(types.String); ok && !s.IsUnknown() && !s.IsNull() {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// progressOf reports an action's progress, labelled with the request id alone: to
// Terraform (a progress message) and to the log. Callers pass counts and pseudonymous ids
// only, never a person's e-mail address or name.
func progressOf(ctx context.Context, resp *action.InvokeResponse, requestID string) func(format string, args ...any) {
	return func(format string, args ...any) {
		msg := requestID + ": " + fmt.Sprintf(format, args...)
		tflog.Info(ctx, msg)
		// Once the run is cancelled (Ctrl-C), Terraform no longer reads progress, and a send
		// could block the action before it records where it stopped: the log line stays.
		if resp.SendProgress != nil && ctx.Err() == nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
}
