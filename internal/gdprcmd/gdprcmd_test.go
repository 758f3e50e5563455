package gdprcmd_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
	"github.com/salestim/terraform-provider-intercom/internal/gdprcmd"
)

const janeEmail = "jane.subject@example.org"

type run struct {
	code           int
	stdout, stderr string
}

// fixture is a workspace with jane (user, external id u-1) and a bystander, and a folder
// holding jane's subjects file.
type fixture struct {
	srv             *emulator.Server
	jane, bystander string
	dir             string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv := emulator.New(emulator.Config{Workspaces: []emulator.WorkspaceConfig{emulator.DefaultWorkspace}})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ws := emulator.DefaultWorkspace.IDCode
	f := &fixture{srv: srv, dir: t.TempDir()}
	f.jane, _ = srv.AddContact(ws, emulator.Contact{Email: janeEmail, ExternalID: "u-1", Name: "Jane Subject", Notes: []string{"Jane Subject called"}})
	f.bystander, _ = srv.AddContact(ws, emulator.Contact{Email: "carol@example.org"})
	if err := os.WriteFile(filepath.Join(f.dir, "DSR-1.json"), []byte(`{"emails": ["  `+janeEmail+`"], "external_ids": ["u-404"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) run(t *testing.T, args ...string) run {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := map[string]string{gdprcmd.EnvBaseURL: f.srv.URL(), gdprcmd.EnvAccessToken: emulator.DefaultWorkspace.Token}
	code := gdprcmd.Main(context.Background(), args, gdprcmd.IO{Stdout: &stdout, Stderr: &stderr, Version: "test",
		Getenv: func(k string) string { return env[k] }})
	r := run{code, stdout.String(), stderr.String()}
	for _, pd := range []string{janeEmail, "jane.subject", "Jane Subject", "carol", emulator.DefaultWorkspace.Token} {
		if strings.Contains(r.stdout+r.stderr, pd) {
			t.Errorf("the command printed %q:\n%s%s", pd, r.stdout, r.stderr)
		}
	}
	return r
}

func (f *fixture) path(name string) string { return filepath.Join(f.dir, name) }

// The erasure as OpenTofu's users run it: the same progress, warning, receipt and exit
// status as the action, and only jane erased.
func TestEraseAsTheActionDoes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.run(t, "erase", "-request_id", "DSR-1", "-subjects_file", f.path("DSR-1.json"), "-receipt_file", f.path("DSR-1.receipt.json"))
	if r.code != gdprcmd.ExitDone {
		t.Fatalf("exit %d, want 0:\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"DSR-1: 2 subject(s): 1 erased and verified gone, 0 already absent, 1 not found by their identifier",
		"Warning: Data-subject request DSR-1: 1 subject(s) not found", "external_ids entry 1 of 1 in subjects_file: not_found"} {
		if !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("the command does not say %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
	if d := f.srv.ContactDeletions(emulator.DefaultWorkspace.IDCode); d[f.jane] != 1 || len(d) != 1 {
		t.Errorf("deletions %v, want jane once", d)
	}
	rc, err := gdpr.ReadReceipt(f.path("DSR-1.receipt.json"))
	if err != nil || rc.Counts[gdpr.Erased] != 1 || rc.ProviderVersion != "test" || rc.WorkspaceID != emulator.DefaultWorkspace.IDCode {
		t.Errorf("receipt %+v (%v)", rc, err)
	}
	// verify reads it back: jane still answers 404.
	if v := f.run(t, "verify", "-request_id", "DSR-1", "-verify_receipt", f.path("DSR-1.receipt.json")); v.code != 0 ||
		!strings.Contains(v.stdout, "1 still answer 404") {
		t.Errorf("verify: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
}

// Bad input is refused before any call, every problem at once, and exit 1; a wrong
// command line is exit 2.
func TestBadInputIsRefusedBeforeAnyCall(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.srv.ResetStats()
	r := f.run(t, "export", "-request_id", "jane@example.org", "-external_id", "ok", "-external_id", janeEmail, "-age_recipient", "nope")
	if r.code != gdprcmd.ExitFailed {
		t.Errorf("exit %d, want 1", r.code)
	}
	for _, want := range []string{"-request_id holds an @", "-external_id 2 of 2 holds an @", "-output_dir is required", "-age_recipient is not an age public key"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, r.stderr)
		}
	}
	if n := f.srv.Stats().Total; n != 0 {
		t.Errorf("%d call(s) were made for refused input", n)
	}
	if r := f.run(t, "erase", "-output_dir", "x"); r.code != gdprcmd.ExitUsage {
		t.Errorf("a flag of another command: exit %d, want 2", r.code)
	}
	if r := f.run(t, "forget", "-request_id", "x"); r.code != gdprcmd.ExitUsage {
		t.Errorf("an unknown command: exit %d, want 2", r.code)
	}
}

// An export and an objection through the command: the bundle and the changes the actions
// make, and exit 1 when a subject is not completed.
func TestExportAndOptOut(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	out := f.path("DSR-2")
	if r := f.run(t, "export", "-request_id", "DSR-2", "-subjects_file", f.path("DSR-1.json"), "-output_dir", out); r.code != 0 {
		t.Fatalf("export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	raw, err := os.ReadFile(filepath.Join(out, "contact-"+f.jane+".json"))
	if err != nil || !strings.Contains(string(raw), "Jane Subject called") {
		t.Errorf("the bundle lacks jane's note (%v)", err)
	}
	r := f.run(t, "opt-out", "-request_id", "DSR-3", "-contact_id", f.jane, "-contact_id", "6000000000000000000ffff0")
	if r.code != gdprcmd.ExitDone || !strings.Contains(r.stdout, "1 opted out and verified, 1 already absent") {
		t.Errorf("opt-out: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// 400s, which the client does not retry: the test waits for no backoff.
	f.srv.InjectFault(emulator.Fault{Method: "PUT", PathPrefix: "/contacts/", Status: 400})
	r = f.run(t, "opt-out", "-request_id", "DSR-4", "-external_id", "u-1", "-subscription_type_id", "1")
	if r.code != gdprcmd.ExitDone {
		// jane was opted out by DSR-3 already: the read-back shows it, whatever the PUT answered.
		t.Errorf("opt-out of an opted-out contact whose PUT fails: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	bystander, _ := f.srv.AddContact(emulator.DefaultWorkspace.IDCode, emulator.Contact{ExternalID: "u-2"})
	r = f.run(t, "opt-out", "-request_id", "DSR-5", "-external_id", "u-2")
	if r.code != gdprcmd.ExitFailed || !strings.Contains(r.stderr, "contact "+bystander+": it is still subscribed to e-mail") {
		t.Errorf("an opt-out the read-back does not show: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// Token health before a request: a token whose teammate left the workspace is refused
// before anything is looked up or changed, so a run never stops half-way for it.
func TestATokenWhoseTeammateLeftIsRefusedBeforeAnyWrite(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if err := f.srv.RemoveTokenTeammate(emulator.DefaultWorkspace.IDCode); err != nil {
		t.Fatal(err)
	}
	r := f.run(t, "erase", "-request_id", "DSR-6", "-subjects_file", f.path("DSR-1.json"))
	if r.code != gdprcmd.ExitFailed || !strings.Contains(r.stderr, "no longer among the workspace's teammates") {
		t.Errorf("exit %d, want 1 naming the teammate:\n%s", r.code, r.stderr)
	}
	if d := f.srv.ContactDeletions(emulator.DefaultWorkspace.IDCode); len(d) != 0 {
		t.Errorf("deletions %v: nothing may be erased", d)
	}
}

// The DPO's CSV as the spreadsheet saved it (byte-order mark, semicolons, CRLF, stray
// spaces, jane twice in another case, and an address a user and a lead share): jane is
// erased, the shared address is refused by its row without touching either contact, the
// exit status is 1, and the receipt names subjects by row, never by value.
func TestEraseFromTheDPOsCSV(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ws := emulator.DefaultWorkspace.IDCode
	user, _ := f.srv.AddContact(ws, emulator.Contact{Email: "family@example.org", Role: "user"})
	lead, _ := f.srv.AddContact(ws, emulator.Contact{Email: "family@example.org", Role: "lead"})
	csv := "\ufeffE-mail;External ID\r\n  " + janeEmail + " ;\r\n" + strings.ToUpper(janeEmail) + ";\r\nfamily@example.org;\r\n"
	if err := os.WriteFile(f.path("DSR-7.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	r := f.run(t, "erase", "-request_id", "DSR-7", "-subjects_file", f.path("DSR-7.csv"), "-receipt_file", f.path("DSR-7.receipt.json"))
	if r.code != gdprcmd.ExitFailed {
		t.Errorf("exit %d, want 1 (the shared address was not erased):\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"2 subject(s): 1 erased and verified gone", "1 duplicate(s) taken once", "subjects_file row 4 (email): refused"} {
		if !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("the command does not say %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
	if d := f.srv.ContactDeletions(ws); d[f.jane] != 1 || d[user] != 0 || d[lead] != 0 || len(d) != 1 {
		t.Errorf("deletions %v, want jane alone", d)
	}
	raw, err := os.ReadFile(f.path("DSR-7.receipt.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"subjects_file row 2 (email)"`) || strings.Contains(string(raw), "example.org") {
		t.Errorf("the receipt does not name subjects by row alone:\n%s", raw)
	}
}
