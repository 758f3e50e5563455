package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

var (
	_ action.ActionWithConfigure      = (*contactErasureAction)(nil)
	_ action.ActionWithValidateConfig = (*contactErasureAction)(nil)
)

// NewContactErasureAction returns intercom_contact_erasure (Terraform 1.14 and later).
func NewContactErasureAction() action.Action { return &contactErasureAction{} }

// contactErasureAction erases the contacts of a data-subject request (GDPR article 17)
// with DELETE /contacts/{id}. People's e-mail addresses reach it only through
// subjects_file, read when the action runs: they never enter configuration, plan, state,
// progress messages or logs. The request id (a ticket) is the only label it prints.
type contactErasureAction struct {
	data *providerData
}

type contactErasureModel struct {
	RequestID    types.String `tfsdk:"request_id"`
	ExternalIDs  types.List   `tfsdk:"external_ids"`
	ContactIDs   types.List   `tfsdk:"contact_ids"`
	SubjectsFile types.String `tfsdk:"subjects_file"`
	DryRun       types.Bool   `tfsdk:"dry_run"`
}

// subjectsFile is the JSON file subjects_file names.
type subjectsFile struct {
	Emails      []string `json:"emails"`
	ExternalIDs []string `json:"external_ids"`
	ContactIDs  []string `json:"contact_ids"`
}

func (a *contactErasureAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact_erasure"
}

func (a *contactErasureAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	ids := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Erases the contacts (users and leads) of a data-subject request with `DELETE /contacts/{id}`, " +
			"and checks each is gone. Subjects are found by Intercom contact id, by external id, or by e-mail address: " +
			"e-mail addresses are given only in `subjects_file`, read when the action runs, so that no e-mail address " +
			"enters the configuration, the plan, the state, a progress message or a log line. A subject Intercom does " +
			"not know counts as already erased. Progress messages carry the request id and counts only.",
		Attributes: map[string]schema.Attribute{
			"request_id":   requestIDAttribute(),
			"external_ids": ids("External ids (your user ids) of the contacts to erase."),
			"contact_ids":  ids("Intercom contact ids to erase. A merged contact's id leads to the contact it was merged into."),
			"subjects_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a JSON file `{\"emails\": [...], \"external_ids\": [...], \"contact_ids\": [...]}`, " +
					"read when the action runs. The only place for e-mail addresses. Keep the file out of version control.",
			},
			"dry_run": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Find the contacts and report how many would be erased, erasing nothing.",
			},
		},
	}
}

func (a *contactErasureAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *contactErasureAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m contactErasureModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.ExternalIDs.IsNull() && m.ContactIDs.IsNull() && m.SubjectsFile.IsNull() {
		resp.Diagnostics.AddError("No subject to erase", "Set external_ids, contact_ids or subjects_file.")
	}
	for _, attr := range []struct {
		name string
		list types.List
	}{{"external_ids", m.ExternalIDs}, {"contact_ids", m.ContactIDs}} {
		values := listStrings(attr.list)
		for i, v := range values {
			if strings.Contains(v, "@") {
				// The value itself is never repeated: it may be an e-mail address.
				resp.Diagnostics.AddAttributeError(path.Root(attr.name).AtListIndex(i), "E-mail address in the configuration",
					fmt.Sprintf("Entry %d of %s holds an @, like an e-mail address. E-mail addresses must not enter the "+
						"configuration, which Terraform prints and stores: put them in the subjects_file JSON, under \"emails\".", i, attr.name))
			}
		}
	}
}

// erasureCounts is what the action reports: counts, never who.
type erasureCounts struct {
	subjects, found, notFound, erased int
}

func (a *contactErasureAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m contactErasureModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireConfigured(a.data, &resp.Diagnostics) {
		return
	}
	requestID := m.RequestID.ValueString()
	progress := progressOf(ctx, resp, requestID)
	subjects := subjectsFile{}
	subjects.ExternalIDs = listStrings(m.ExternalIDs)
	subjects.ContactIDs = listStrings(m.ContactIDs)
	if !m.SubjectsFile.IsNull() {
		fromFile, err := readSubjectsFile(m.SubjectsFile.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("subjects_file"), "Cannot read subjects_file", err.Error())
			return
		}
		subjects.Emails = fromFile.Emails
		subjects.ExternalIDs = append(subjects.ExternalIDs, fromFile.ExternalIDs...)
		subjects.ContactIDs = append(subjects.ContactIDs, fromFile.ContactIDs...)
	}
	// Every error below is scrubbed of the subjects' e-mail addresses (Intercom may echo one).
	scrub := func(err error) error {
		if err == nil {
			return nil
		}
		msg := err.Error()
		for _, e := range subjects.Emails {
			if e != "" {
				msg = strings.ReplaceAll(msg, e, "[e-mail address]")
			}
		}
		return errors.New(msg)
	}

	counts := erasureCounts{subjects: len(subjects.Emails) + len(subjects.ExternalIDs) + len(subjects.ContactIDs)}
	progress("finding %d subject(s): %d e-mail address(es), %d external id(s), %d contact id(s)",
		counts.subjects, len(subjects.Emails), len(subjects.ExternalIDs), len(subjects.ContactIDs))
	ids, err := a.resolve(ctx, subjects, &counts)
	if err != nil {
		resp.Diagnostics.AddError("Data-subject request "+requestID+" not carried out", scrub(err).Error()+
			"\n\nNothing was erased: every subject is found before any contact is deleted.")
		return
	}
	progress("found %d contact(s); %d subject(s) not in Intercom (already erased, or never there)", len(ids), counts.notFound)
	if m.DryRun.ValueBool() {
		progress("dry run: %d contact(s) would be erased; nothing was erased", len(ids))
		return
	}
	for i, id := range ids {
		if err := a.erase(ctx, id); err != nil {
			resp.Diagnostics.AddError("Data-subject request "+requestID+" partly carried out",
				fmt.Sprintf("%d of %d contact(s) were erased before an error: %v\n\nRun the action again: the contacts "+
					"erased already count as not found, and the rest are erased.", i, len(ids), scrub(err)))
			return
		}
		counts.erased++
		progress("erased %d of %d contact(s)", counts.erased, len(ids))
	}
	progress("done: %d contact(s) erased and verified gone; %d subject(s) were not in Intercom", counts.erased, counts.notFound)
}

// readSubjectsFile reads subjects_file. Its errors name the file, never its content.
func readSubjectsFile(name string) (subjectsFile, error) {
	var f subjectsFile
	raw, err := os.ReadFile(name) //nolint:gosec // subjects_file, the path the configuration names on purpose
	if err != nil {
		return f, fmt.Errorf("%s cannot be read: %w", name, errors.Unwrap(err))
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return f, fmt.Errorf("%s is not valid JSON (at byte %d): write it as {\"emails\": [...], \"external_ids\": [...], \"contact_ids\": [...]}", name, syntax.Offset)
		}
		return f, fmt.Errorf("%s does not hold {\"emails\": [...], \"external_ids\": [...], \"contact_ids\": [...]} (unknown key or wrong type)", name)
	}
	return f, nil
}

// resolve finds the contact ids of every subject. A subject Intercom does not know is
// counted as not found; an e-mail address that matches several contacts is an error
// stated with counts only, since erasing all of them may erase someone else.
func (a *contactErasureAction) resolve(ctx context.Context, s subjectsFile, counts *erasureCounts) ([]string, error) {
	var ids []string
	add := func(id string) {
		counts.found++
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	client := a.data.client
	for i, id := range s.ContactIDs {
		canonical, err := followMerges(ctx, client, id)
		switch {
		case intercom.IsNotFound(err):
			counts.notFound++
		case err != nil:
			return nil, fmt.Errorf("looking up contact id %d of %d: %w", i+1, len(s.ContactIDs), err)
		default:
			add(canonical)
		}
	}
	for i, ext := range s.ExternalIDs {
		c, err := client.FindContactByExternalID(ctx, ext)
		switch {
		case intercom.IsNotFound(err):
			counts.notFound++
		case err != nil:
			return nil, fmt.Errorf("looking up external id %d of %d: %w", i+1, len(s.ExternalIDs), err)
		default:
			add(c.ID)
		}
	}
	for i, email := range s.Emails {
		found, err := client.SearchContactsByEmail(ctx, email)
		switch {
		case err != nil:
			return nil, fmt.Errorf("searching for e-mail address %d of %d: %w", i+1, len(s.Emails), err)
		case len(found) == 0:
			counts.notFound++
		case len(found) > 1:
			return nil, fmt.Errorf("e-mail address %d of %d matches %d contacts (users and leads): erasing them all "+
				"could erase someone else. Find the right contact in Intercom and give its id in contact_ids", i+1, len(s.Emails), len(found))
		default:
			add(found[0].ID)
		}
	}
	return ids, nil
}

// followMerges resolves a contact id to the contact it lives on as: a merged contact's
// 410 names it in its Link (Intercom resolves chains of up to three merges).
func followMerges(ctx context.Context, client *intercom.Client, id string) (string, error) {
	for range 4 {
		_, err := client.GetContact(ctx, id)
		next, merged := intercom.MergedInto(err)
		if !merged {
			return id, err
		}
		id = next
	}
	return "", fmt.Errorf("contact id leads through more than three merges")
}

// erase deletes a contact and checks that Intercom no longer serves it. A contact gone
// already (another run, a retry after a lost answer) counts as erased.
func (a *contactErasureAction) erase(ctx context.Context, id string) error {
	if err := a.data.client.DeleteContact(ctx, id); err != nil && !intercom.IsNotFound(err) {
		return err
	}
	_, err := a.data.client.GetContact(ctx, id)
	switch {
	case intercom.IsNotFound(err):
		return nil
	case err == nil:
		return fmt.Errorf("contact %s is still served after DELETE /contacts/%s answered", id, id)
	}
	return fmt.Errorf("checking that contact %s is gone: %w", id, err)
}

// noEmail refuses a value with an @: the request id is printed everywhere.
type noEmail struct{}

func (noEmail) Description(context.Context) string { return "must not be an e-mail address" }

func (v noEmail) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (noEmail) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.Contains(req.ConfigValue.ValueString(), "@") {
		resp.Diagnostics.AddAttributeError(req.Path, "E-mail address as request id",
			"request_id is printed in every progress message and log line: give the ticket id of the request "+
				"(e.g. DSR-2026-0142), never a person's e-mail address.")
	}
}

// listStrings is the known strings of a list (an action's configuration is known when it
// runs; at validation, values not known yet are checked once they are).
// requestIDAttribute is the request_id of the GDPR actions: a ticket id, never an e-mail
// address, and the only label their progress messages carry.
func requestIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Required: true,
		MarkdownDescription: "The data-subject request's ticket id, e.g. `DSR-2026-0142`: the only label the action " +
			"prints. Not an e-mail address.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1), notBlank{}, noEmail{}},
	}
}

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
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
}
