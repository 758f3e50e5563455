package dsr_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/dsr"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

func env(t *testing.T) (dsr.Env, *emulator.Server) {
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
	return dsr.Env{Client: c, WorkspaceID: emulator.DefaultWorkspace.IDCode, AdminID: emulator.DefaultWorkspace.AdminID}, srv
}

func ptr(s string) *string { return &s }

func only(t *testing.T, fs dsr.Findings, severity dsr.Severity, attribute string, detail ...string) {
	t.Helper()
	var found bool
	for _, f := range fs {
		if f.Severity == severity && f.Attribute == attribute {
			found = true
			for _, d := range detail {
				if !strings.Contains(f.Summary+"\n"+f.Detail, d) {
					t.Errorf("finding %q lacks %q:\n%s", f.Summary, d, f.Detail)
				}
			}
		}
	}
	if !found {
		t.Errorf("no finding of severity %d on %q among %+v", severity, attribute, fs)
	}
}

// An export whose folder holds a file, or whose receipt exists, is refused on the input
// it names before any call: the emulator counts none.
func TestRefusalsNameTheInputBeforeAnyCall(t *testing.T) {
	t.Parallel()
	e, srv := env(t)
	used := t.TempDir()
	if err := os.WriteFile(filepath.Join(used, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	srv.ResetStats()
	fs := dsr.Export(context.Background(), e, dsr.Access{RequestID: "R", Subjects: dsr.Subjects{ContactIDs: []*string{ptr("1")}}, OutputDir: used})
	only(t, fs, dsr.Error, "output_dir", "refused: nothing was called", "holds files already")
	receipt := filepath.Join(t.TempDir(), "r.json")
	if err := os.WriteFile(receipt, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fs = dsr.OptOut(context.Background(), e, dsr.Objection{RequestID: "R", Subjects: dsr.Subjects{ContactIDs: []*string{ptr("1")}}, ReceiptFile: receipt})
	only(t, fs, dsr.Error, "receipt_file", "exists already")
	fs = dsr.Erase(context.Background(), e, dsr.Erasure{RequestID: "R", Subjects: dsr.Subjects{ContactIDs: []*string{ptr("1")}}, ReceiptFile: receipt})
	only(t, fs, dsr.Error, "receipt_file", "refused: nothing was called", "exists already")
	fs = dsr.OptOut(context.Background(), e, dsr.Objection{RequestID: "R", Subjects: dsr.Subjects{ContactIDs: []*string{ptr("1")}},
		SubscriptionTypeIDs: []*string{ptr("1"), ptr(" "), nil}})
	only(t, fs, dsr.Error, "subscription_type_ids", "2 problem(s)", "entry 2 of 3: is null or blank", "entry 3 of 3: is null or blank")
	if n := srv.Stats().Total; n != 0 {
		t.Errorf("%d call(s) for refused input", n)
	}
	// Subjects refused by position, with the verb of the request.
	fs = dsr.Export(context.Background(), e, dsr.Access{RequestID: "R", Subjects: dsr.Subjects{ExternalIDs: []*string{ptr("ok"), ptr("")}},
		OutputDir: filepath.Join(t.TempDir(), "new")})
	only(t, fs, dsr.Error, "", "external_ids entry 2 of 2 in the configuration: is blank", "Nothing was looked up or exported.")
}

// An incomplete export is an error naming the subject by position and what is missing;
// a subject no contact carries is a warning; the progress adds the outcomes up.
func TestExportFindings(t *testing.T) {
	t.Parallel()
	e, srv := env(t)
	id, _ := srv.AddContact(emulator.DefaultWorkspace.IDCode, emulator.Contact{ExternalID: "long"})
	if _, err := srv.AddConversation(emulator.DefaultWorkspace.IDCode, emulator.Conversation{ContactID: id, Parts: make([]emulator.ConversationPart, 501)}); err != nil {
		t.Fatal(err)
	}
	var progress []string
	e.Progress = func(format string, args ...any) { progress = append(progress, format) }
	fs := dsr.Export(context.Background(), e, dsr.Access{RequestID: "R",
		Subjects: dsr.Subjects{ExternalIDs: []*string{ptr("long"), ptr("nobody")}}, OutputDir: filepath.Join(t.TempDir(), "b")})
	only(t, fs, dsr.Error, "", "Data-subject request R not completed", "external_ids entry 1 of 2 in the configuration: incomplete",
		"500 of the 501 parts", "it is not the whole answer to the request")
	only(t, fs, dsr.Warning, "", "external_ids entry 2 of 2 in the configuration: not_found")
	if !fs.HasError() || len(progress) == 0 {
		t.Errorf("findings %+v, progress %v", fs, progress)
	}
}

// A request carried out for every subject says nothing but progress: no error, no
// warning, no empty "not found" list.
func TestACompleteExportHasNoFindings(t *testing.T) {
	t.Parallel()
	e, srv := env(t)
	ws := emulator.DefaultWorkspace.IDCode
	_, _ = srv.AddContact(ws, emulator.Contact{Role: "user", Email: "pat@example.org"})
	_, _ = srv.AddContact(ws, emulator.Contact{Role: "lead", Email: "pat@example.org"})
	dir := t.TempDir()
	file := filepath.Join(dir, "DSR.json")
	if err := os.WriteFile(file, []byte(`{"emails": ["pat@example.org"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	// match = "all" exports both contacts of a shared address; "one" refuses it.
	fs := dsr.Export(context.Background(), e, dsr.Access{RequestID: "R", Subjects: dsr.Subjects{SubjectsFile: file}, Match: "all",
		OutputDir: filepath.Join(dir, "all")})
	if len(fs) != 0 || fs.HasError() {
		t.Errorf("findings of a complete export: %+v", fs)
	}
	fs = dsr.Export(context.Background(), e, dsr.Access{RequestID: "R", Subjects: dsr.Subjects{SubjectsFile: file}, OutputDir: filepath.Join(dir, "one")})
	only(t, fs, dsr.Error, "", "emails entry 1 of 1 in subjects_file: refused: 2 contacts carry this identifier")
	if (dsr.Findings{{Severity: dsr.Warning}}).HasError() {
		t.Error("a warning alone is an error")
	}
}

// A token whose teammate left is refused before anything is looked up or changed; a
// token of an unknown teammate (no GET /me id) is not checked.
func TestTokenTeammateCheck(t *testing.T) {
	t.Parallel()
	e, srv := env(t)
	id, _ := srv.AddContact(emulator.DefaultWorkspace.IDCode, emulator.Contact{})
	if err := srv.RemoveTokenTeammate(emulator.DefaultWorkspace.IDCode); err != nil {
		t.Fatal(err)
	}
	fs := dsr.Erase(context.Background(), e, dsr.Erasure{RequestID: "R", Subjects: dsr.Subjects{ContactIDs: []*string{ptr(id)}}})
	only(t, fs, dsr.Error, "", "teammate "+emulator.DefaultWorkspace.AdminID+", who is no longer among the workspace's teammates")
	if d := srv.ContactDeletions(emulator.DefaultWorkspace.IDCode); len(d) != 0 {
		t.Errorf("deleted %v", d)
	}
	e.AdminID = ""
	if fs := dsr.Erase(context.Background(), e, dsr.Erasure{RequestID: "R", Subjects: dsr.Subjects{ContactIDs: []*string{ptr(id)}}}); fs.HasError() {
		t.Errorf("without a teammate id: %+v", fs)
	}
}

// An export whose bundle holds a conversation other people take part in warns, naming it.
func TestExportWarnsOfOtherPeoplesConversations(t *testing.T) {
	t.Parallel()
	e, srv := env(t)
	ws := emulator.DefaultWorkspace.IDCode
	jane, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "jane"})
	john, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "john"})
	group, _ := srv.AddConversation(ws, emulator.Conversation{ContactID: john, OtherContactIDs: []string{jane}})
	fs := dsr.Export(context.Background(), e, dsr.Access{RequestID: "R", Subjects: dsr.Subjects{ExternalIDs: []*string{ptr("jane")}},
		OutputDir: filepath.Join(t.TempDir(), "b")})
	only(t, fs, dsr.Warning, "", "1 conversation(s) include other people", "conversation "+group.ID+", exported for contact "+jane, "15(4)")
	if fs.HasError() {
		t.Errorf("findings %+v", fs)
	}
}

// Ctrl-C under Terraform: Terraform may end the provider's process before the calls in
// flight end. The receipt on disk is a whole receipt of what was true at the moment of
// the interruption while they are still in flight, and the final receipt replaces it.
func TestErasureReceiptIsOnDiskAtTheInterruption(t *testing.T) {
	t.Parallel()
	e, srv := env(t)
	var ids []*string
	for i := range 8 {
		id := "ctrl-c-" + string(rune('a'+i))
		if _, err := srv.AddContact(emulator.DefaultWorkspace.IDCode, emulator.Contact{Role: "user", ExternalID: id}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ptr(id))
	}
	// Each contact's verifying GET takes 3 s: the run is still verifying for that long
	// after Ctrl-C.
	srv.InjectFault(emulator.Fault{Method: "GET", PathPrefix: "/contacts/", Latency: 3 * time.Second})
	path := filepath.Join(t.TempDir(), "DSR-9.receipt.json")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(srv.ContactDeletions(emulator.DefaultWorkspace.IDCode)) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	var atInterruption gdpr.Receipt
	read := make(chan error, 1)
	go func() {
		<-ctx.Done()
		deadline := time.Now().Add(2 * time.Second)
		for time.Now().Before(deadline) {
			if rc, err := gdpr.ReadReceipt(path); err == nil {
				atInterruption = rc
				read <- nil
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		read <- errors.New("no whole receipt on disk within 2 s of the interruption")
	}()
	fs := dsr.Erase(ctx, e, dsr.Erasure{RequestID: "DSR-9", Subjects: dsr.Subjects{ExternalIDs: ids}, ReceiptFile: path})
	if err := <-read; err != nil {
		t.Fatal(err)
	}
	if !atInterruption.Interrupted || atInterruption.Complete || atInterruption.Counts[gdpr.Erased] != 0 ||
		atInterruption.Counts[gdpr.Unknown]+atInterruption.Counts[gdpr.NotAttempted] != 8 {
		t.Errorf("the receipt at the interruption: interrupted %v, complete %v, counts %v", atInterruption.Interrupted, atInterruption.Complete, atInterruption.Counts)
	}
	final, err := gdpr.ReadReceipt(path)
	if err != nil {
		t.Fatal(err)
	}
	deleted := len(srv.ContactDeletions(emulator.DefaultWorkspace.IDCode))
	if !final.Interrupted || final.Counts[gdpr.Erased] != deleted || final.Counts[gdpr.Erased]+final.Counts[gdpr.Unknown]+final.Counts[gdpr.NotAttempted] != 8 {
		t.Errorf("the final receipt after %d deletion(s): counts %v", deleted, final.Counts)
	}
	only(t, fs, dsr.Error, "", "interrupted")
	for _, f := range fs {
		if f.Attribute == "receipt_file" {
			t.Errorf("the receipt was written, yet a finding says: %s: %s", f.Summary, f.Detail)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("the receipts' folder holds %d entries, want the receipt alone", len(entries))
	}
}
