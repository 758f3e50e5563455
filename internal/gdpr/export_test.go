package gdpr_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// workspace starts an emulator and returns it with a client of its default workspace.
func workspace(t *testing.T) (*emulator.Server, *intercom.Client, string) {
	t.Helper()
	srv := emulator.New(emulator.Config{Workspaces: []emulator.WorkspaceConfig{emulator.DefaultWorkspace}})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c, emulator.DefaultWorkspace.IDCode
}

func request(t *testing.T, raw string) gdpr.Request {
	t.Helper()
	var b gdpr.Builder
	gdpr.ParseFile(&b, []byte(raw))
	req, problems := b.Result()
	if len(problems) > 0 {
		t.Fatalf("the subjects were refused: %v", problems)
	}
	return req
}

func readManifest(t *testing.T, dir string) gdpr.Manifest {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, gdpr.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m gdpr.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// export runs an access request into a new folder and writes its manifest.
func export(t *testing.T, c *intercom.Client, req gdpr.Request, recipient string) (gdpr.Report, gdpr.Manifest, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "DSR-1")
	bundle, err := gdpr.CreateBundle(dir, recipient)
	if err != nil {
		t.Fatal(err)
	}
	report := gdpr.Export(context.Background(), c, req, gdpr.Options{}, bundle)
	if _, err := bundle.Finish(gdpr.NewReceipt(report, gdpr.ReceiptMeta{RequestID: "DSR-1", WorkspaceID: "ws"})); err != nil {
		t.Fatal(err)
	}
	return report, readManifest(t, dir), dir
}

// A data subject asks what Intercom holds of them: the bundle holds the contact, its
// lists, tickets and every conversation with its parts; the manifest counts them, holds
// each file's SHA-256 and no personal data.
func TestExportWritesEveryRecordAndAManifestWithoutPersonalData(t *testing.T) {
	t.Parallel()
	srv, c, ws := workspace(t)
	id, _ := srv.AddContact(ws, emulator.Contact{Email: "Jane.Doe@example.org", Name: "Jane Doe", Companies: []string{"Acme"},
		Tags: []string{"vip", "beta"}, Notes: []string{"Called about the invoice"}, Segments: []string{"Active"}, Subscriptions: []string{"1"}})
	other, _ := srv.AddContact(ws, emulator.Contact{Email: "someone.else@example.org"})
	for i := range 2 {
		parts := make([]emulator.ConversationPart, 3+i)
		for j := range parts {
			parts[j].Body = "Jane's message"
		}
		_, _ = srv.AddConversation(ws, emulator.Conversation{ContactID: id, Source: emulator.ConversationPart{Body: "Hello from Jane"}, Parts: parts})
	}
	_, _ = srv.AddConversation(ws, emulator.Conversation{ContactID: other, Source: emulator.ConversationPart{Body: "not Jane's"}})
	_, _ = srv.AddTicket(ws, emulator.Ticket{ContactID: id, Title: "Refund for Jane"})

	report, m, dir := export(t, c, request(t, `{"emails": [" jane.doe@example.org "]}`), "")
	if got := report.Results[0].Outcome; got != gdpr.Exported || !report.Complete() {
		t.Fatalf("outcome %s (%s), complete %v; want exported", got, report.Results[0].Reason, report.Complete())
	}
	if len(m.Contacts) != 1 {
		t.Fatalf("manifest contacts %+v, want the one contact", m.Contacts)
	}
	counts := m.Contacts[0]
	if counts.ContactID != id || counts.Conversations != 2 || counts.ConversationParts != 7 || counts.Tickets == nil || *counts.Tickets != 1 ||
		counts.Lists["tags"] != 2 || counts.Lists["notes"] != 1 || counts.Lists["companies"] != 1 || counts.Lists["segments"] != 1 || counts.Lists["subscriptions"] != 1 {
		t.Errorf("manifest counts %+v", counts)
	}
	if m.Kind != gdpr.ManifestKind || !m.Complete || m.Counts[gdpr.Exported] != 1 {
		t.Errorf("manifest kind %q complete %v counts %v", m.Kind, m.Complete, m.Counts)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, gdpr.ManifestName))
	for _, pd := range []string{"jane", "Jane", "example.org", "Acme", "invoice", "Refund"} {
		if bytes.Contains(manifest, []byte(pd)) {
			t.Errorf("the manifest holds personal data %q", pd)
		}
	}
	// Every file is listed with its size and SHA-256, private to its owner, and together
	// they hold the subject's data and no one else's.
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(m.Files)+1 {
		t.Errorf("the folder holds %d files, the manifest lists %d (+ itself)", len(entries), len(m.Files))
	}
	var all []byte
	for _, f := range m.Files {
		raw, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(raw)
		if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(raw)) != f.Bytes {
			t.Errorf("%s: the manifest's SHA-256 or size does not match the file", f.Name)
		}
		if info, _ := os.Stat(filepath.Join(dir, f.Name)); info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", f.Name, info.Mode().Perm())
		}
		all = append(all, raw...)
	}
	for _, want := range []string{"Jane.Doe@example.org", "Acme", "Called about the invoice", "Hello from Jane", "Refund for Jane", "Active"} {
		if !bytes.Contains(all, []byte(want)) {
			t.Errorf("the bundle lacks %q", want)
		}
	}
	if bytes.Contains(all, []byte("not Jane's")) || bytes.Contains(all, []byte("someone.else")) {
		t.Error("the bundle holds another contact's data")
	}
}

// Intercom serves at most 500 parts of a conversation: a longer one is exported as far as
// it is served, and the subject is incomplete, saying how many parts are missing.
func TestExportOfALongConversationSaysWhatIsMissing(t *testing.T) {
	t.Parallel()
	srv, c, ws := workspace(t)
	id, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "u-7"})
	conv, _ := srv.AddConversation(ws, emulator.Conversation{ContactID: id, Parts: make([]emulator.ConversationPart, 620)})

	report, m, _ := export(t, c, request(t, `{"external_ids": ["u-7"]}`), "")
	res := report.Results[0]
	if res.Outcome != gdpr.Incomplete || report.Complete() {
		t.Fatalf("outcome %s, complete %v; want incomplete", res.Outcome, report.Complete())
	}
	if want := "Intercom served 500 of the 620 parts of conversation " + conv.ID; !strings.Contains(res.Reason, want) {
		t.Errorf("reason %q lacks %q", res.Reason, want)
	}
	if m.Complete || m.Contacts[0].ConversationParts != 500 || len(m.Contacts[0].Missing) != 1 {
		t.Errorf("manifest complete %v, contact %+v", m.Complete, m.Contacts[0])
	}
}

// A workspace whose API serves no tickets: the bundle holds none, the manifest says
// "null" (not served), not 0, and the subject is still exported.
func TestExportWhereTicketsAreNotServed(t *testing.T) {
	t.Parallel()
	srv, c, ws := workspace(t)
	id, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "u-8"})
	srv.InjectFault(emulator.Fault{Method: "POST", PathPrefix: "/tickets/search", Status: 404})
	report, m, _ := export(t, c, request(t, `{"contact_ids": ["`+id+`"]}`), "")
	if report.Results[0].Outcome != gdpr.Exported || m.Contacts[0].Tickets != nil {
		t.Errorf("outcome %s (%s), tickets %v; want exported with tickets not served", report.Results[0].Outcome, report.Results[0].Reason, m.Contacts[0].Tickets)
	}
}

// A failed read is never an export: the subject is incomplete and names what is missing.
func TestExportWithAFailedListIsIncomplete(t *testing.T) {
	t.Parallel()
	srv, c, ws := workspace(t)
	id, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "u-9"})
	srv.InjectFault(emulator.Fault{Method: "GET", PathPrefix: "/contacts/" + id + "/notes", Status: 500})
	c2, _ := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token, MaxRetries: 0})
	_ = c
	report, _, _ := export(t, c2, request(t, `{"contact_ids": ["`+id+`"]}`), "")
	if res := report.Results[0]; res.Outcome != gdpr.Incomplete || !strings.Contains(res.Reason, "its notes could not be read") {
		t.Errorf("outcome %s (%s); want incomplete, naming the notes", res.Outcome, res.Reason)
	}
}

// With an age recipient every file is encrypted: it holds no plain personal data, and
// the recipient's identity decrypts it to the record.
func TestExportEncryptedToAnAgeRecipient(t *testing.T) {
	t.Parallel()
	srv, c, ws := workspace(t)
	id, _ := srv.AddContact(ws, emulator.Contact{Email: "jane@example.org", Notes: []string{"private note"}})
	identity, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	report, m, dir := export(t, c, request(t, `{"contact_ids": ["`+id+`"]}`), identity.Recipient().String())
	if report.Results[0].Outcome != gdpr.Exported || m.EncryptedTo != identity.Recipient().String() {
		t.Fatalf("outcome %s, encrypted to %q", report.Results[0].Outcome, m.EncryptedTo)
	}
	i := slices.IndexFunc(m.Files, func(f gdpr.BundleFile) bool { return strings.HasPrefix(f.Name, "contact-") })
	if i < 0 || !strings.HasSuffix(m.Files[i].Name, ".json.age") {
		t.Fatalf("files %+v: want contact-<id>.json.age", m.Files)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, m.Files[i].Name))
	if bytes.Contains(raw, []byte("jane@example.org")) || bytes.Contains(raw, []byte("private note")) {
		t.Fatal("an encrypted file holds personal data in plain")
	}
	r, err := age.Decrypt(bytes.NewReader(raw), identity)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(r)
	if !bytes.Contains(plain, []byte("jane@example.org")) || !bytes.Contains(plain, []byte("private note")) {
		t.Errorf("the decrypted file lacks the record: %s", plain)
	}
}

// A bundle is never written over another, and a bad recipient is refused, before any call.
func TestCreateBundleRefusesBeforeAnyCall(t *testing.T) {
	t.Parallel()
	used := t.TempDir()
	if err := os.WriteFile(filepath.Join(used, "old.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct{ dir, recipient, want string }{
		"a folder with files": {used, "", "holds files already"},
		"an @ in the path":    {filepath.Join(t.TempDir(), "jane@example.org"), "", "holds an @"},
		"not an age key":      {filepath.Join(t.TempDir(), "new"), "age1notakey", "is not an age public key"},
	} {
		if _, err := gdpr.CreateBundle(tc.dir, tc.recipient); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, tc.want)
		}
	}
	if entries, _ := os.ReadDir(used); len(entries) != 1 {
		t.Errorf("the used folder was written to: %d entries", len(entries))
	}
}

// Ctrl-C mid-run: no further contact is exported, the others are not attempted, and the
// report is not complete.
func TestExportInterruptedStartsNoFurtherContact(t *testing.T) {
	t.Parallel()
	srv, c, ws := workspace(t)
	var ids []string
	for range 6 {
		id, _ := srv.AddContact(ws, emulator.Contact{})
		ids = append(ids, `"`+id+`"`)
	}
	dir := filepath.Join(t.TempDir(), "DSR-2")
	bundle, err := gdpr.CreateBundle(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	report := gdpr.Export(ctx, c, request(t, `{"contact_ids": [`+strings.Join(ids, ",")+`]}`), gdpr.Options{Workers: 1,
		Progress: func(msg string) {
			if strings.HasPrefix(msg, "contact 2 of") {
				cancel()
			}
		}}, bundle)
	if !report.Interrupted || report.Complete() || report.Done != 2 || report.Count(gdpr.NotAttempted) != 4 {
		t.Errorf("interrupted %v, done %d, not attempted %d; want interrupted after 2 with 4 not attempted",
			report.Interrupted, report.Done, report.Count(gdpr.NotAttempted))
	}
}

// A conversation someone else takes part in holds their messages: the manifest lists it,
// so that it is reviewed before the bundle is handed over (GDPR article 15(4)).
func TestExportListsConversationsOtherPeopleTakePartIn(t *testing.T) {
	t.Parallel()
	srv, c, ws := workspace(t)
	jane, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "jane"})
	john, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "john"})
	own, _ := srv.AddConversation(ws, emulator.Conversation{ContactID: jane})
	group, _ := srv.AddConversation(ws, emulator.Conversation{ContactID: john, OtherContactIDs: []string{jane}})
	report, m, _ := export(t, c, request(t, `{"external_ids": ["jane"]}`), "")
	if report.Results[0].Outcome != gdpr.Exported || m.Contacts[0].Conversations != 2 {
		t.Fatalf("outcome %s, contact %+v", report.Results[0].Outcome, m.Contacts[0])
	}
	if got := m.Contacts[0].SharedConversations; len(got) != 1 || got[0] != group.ID || got[0] == own.ID {
		t.Errorf("shared conversations %v, want only %s", got, group.ID)
	}
}

// Two subjects of one request who take part in the same conversation: both are exported,
// and the conversation is one file, read once and listed for each of them (a second write
// of it must not turn the second subject's export into a failure).
func TestExportOfTwoSubjectsWhoShareAConversation(t *testing.T) {
	t.Parallel()
	srv, c, ws := workspace(t)
	jane, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "jane"})
	john, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "john"})
	group, _ := srv.AddConversation(ws, emulator.Conversation{ContactID: john, OtherContactIDs: []string{jane}, Parts: make([]emulator.ConversationPart, 2)})
	report, m, dir := export(t, c, request(t, `{"external_ids": ["jane", "john"]}`), "")
	for i, r := range report.Results {
		if r.Outcome != gdpr.Exported {
			t.Errorf("subject %d: outcome %s (%s), want exported", i+1, r.Outcome, r.Reason)
		}
	}
	if len(m.Contacts) != 2 {
		t.Fatalf("manifest contacts %+v, want both", m.Contacts)
	}
	for _, counts := range m.Contacts {
		if counts.Conversations != 1 || counts.ConversationParts != 2 || len(counts.SharedConversations) != 1 || counts.SharedConversations[0] != group.ID {
			t.Errorf("contact %s: %+v, want the shared conversation counted once with its 2 parts", counts.ContactID, counts)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(m.Files)+1 || len(m.Files) != 3 {
		t.Errorf("the folder holds %d files and the manifest lists %d, want 2 contacts and 1 conversation (+ the manifest)", len(entries), len(m.Files))
	}
	if reads := srv.Stats().Endpoints["GET /conversations/{conversation_id}"]; reads != 1 {
		t.Errorf("the shared conversation was read %d times, want once", reads)
	}
}
