package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

// terraform apply -invoke of an access request, as a DPO runs it: alice's and bob's
// records land in the bundle (and only there), an unknown external id is a warning by
// position, the manifest counts what was written and holds no personal data, and no
// e-mail address reaches the output, the log, the plan or the state.
func TestAccContactExport_invoke(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "DSR-2026-0002")
	f := newErasureFixture(t, `
action "intercom_contact_export" "this" {
  config {
    request_id    = "DSR-2026-0002"
    subjects_file = "subjects.json"
    output_dir    = "`+filepath.ToSlash(out)+`"
  }
}
`, `{"emails": ["`+aliceEmail+`", "`+bobEmail+`"], "external_ids": ["user-404"]}`)
	ws := emulator.DefaultWorkspace.IDCode
	for range 2 {
		if _, err := f.srv.AddConversation(ws, emulator.Conversation{ContactID: f.alice, Source: emulator.ConversationPart{Body: "Alice Subject writes"},
			Parts: []emulator.ConversationPart{{Body: "a reply"}, {Body: "another"}}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.srv.AddTicket(ws, emulator.Ticket{ContactID: f.alice, Title: "Alice Subject's refund"}); err != nil {
		t.Fatal(err)
	}
	res := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_export.this"})
	text := strings.Join(strings.Fields(res.Output()), " ")
	for _, want := range []string{"DSR-2026-0002", "3 subject(s): 2 exported, 0 already absent, 1 not found by their identifier, 0 refused, 0 incomplete, 0 not attempted",
		"external_ids entry 1 of 1 in subjects_file: not_found", "contact 1 of 2: exported"} {
		if !strings.Contains(text, want) {
			t.Errorf("the run does not say %q:\n%s", want, res.Output())
		}
	}
	raw, err := os.ReadFile(filepath.Join(out, gdpr.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m gdpr.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m.RequestID != "DSR-2026-0002" || m.WorkspaceID != ws || m.Complete || len(m.Contacts) != 2 || m.Counts[gdpr.Exported] != 2 {
		t.Errorf("manifest: request %q workspace %q complete %v contacts %d counts %v", m.RequestID, m.WorkspaceID, m.Complete, len(m.Contacts), m.Counts)
	}
	for _, c := range m.Contacts {
		if c.ContactID == f.alice && (c.Conversations != 2 || c.ConversationParts != 4 || c.Tickets == nil || *c.Tickets != 1) {
			t.Errorf("alice's counts %+v: want 2 conversations, 4 parts, 1 ticket", c)
		}
	}
	for _, e := range subjectEmails {
		if strings.Contains(string(raw), e) {
			t.Errorf("the manifest holds %q", e)
		}
	}
	alice, err := os.ReadFile(filepath.Join(out, "contact-"+f.alice+".json"))
	if err != nil || !strings.Contains(string(alice), aliceEmail) || !strings.Contains(string(alice), "Alice Subject's refund") {
		t.Errorf("alice's file lacks her record (%v):\n%s", err, alice)
	}
	if d := f.deletions(); len(d) != 0 {
		t.Errorf("an export deleted contacts: %v", d)
	}
	f.requireNoEmail(t, res.Stdout, res.Stderr)

	// Run again into the same folder: refused before any call, the bundle untouched.
	again := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_export.this"}, 1)
	if !regexp.MustCompile(`output_dir holds files already`).MatchString(strings.Join(strings.Fields(again.Output()), " ")) {
		t.Errorf("a second run into the same folder was not refused:\n%s", again.Output())
	}
	if after, _ := os.ReadFile(filepath.Join(out, gdpr.ManifestName)); string(after) != string(raw) {
		t.Error("the second run changed the manifest")
	}
}
