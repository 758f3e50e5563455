package provider

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

// The data subjects of these tests. Their e-mail addresses must appear nowhere Terraform
// prints or stores: not in output, logs (TF_LOG=trace), plan files, JSON plans or state.
const (
	aliceEmail = "alice.subject@example.org"
	bobEmail   = "bob.subject@example.org"
)

// subjectEmails is every subject value the tests give, and the subjects' names: none may
// appear in any output or file (contact ids, which are pseudonymous, may).
var subjectEmails = []string{aliceEmail, bobEmail, "alice.subject", "bob.subject", "ALICE.SUBJECT", "user-1001", "user-404", "Alice Subject", "Bob Subject"}

type erasureFixture struct {
	srv                           *emulator.Server
	wd                            *acctest.Workdir
	alice, bob, bobOld, bystander string
	logFile                       string
	inputs                        map[string]bool // subjects files besides subjects.json: they hold the subjects on purpose
}

// newErasureFixture is a workspace with alice (a user with an external id), bob (a lead,
// who was merged from an older contact) and a bystander who must survive, and a working
// folder whose main.tf is config and whose subjects.json lists the subjects.
func newErasureFixture(t *testing.T, config, subjects string) *erasureFixture {
	t.Helper()
	return newErasureFixtureWith(t, emulator.Config{}, config, subjects)
}

// newErasureFixtureWith is newErasureFixture on an emulator started with cfg.
func newErasureFixtureWith(t *testing.T, cfg emulator.Config, config, subjects string) *erasureFixture {
	t.Helper()
	acctest.SkipUnlessTerraform(t, "1.14.0", "actions")
	f := &erasureFixture{srv: acctest.StartEmulatorWith(t, cfg)}
	ws := emulator.DefaultWorkspace.IDCode
	var err error
	add := func(c emulator.Contact) string {
		id, addErr := f.srv.AddContact(ws, c)
		if addErr != nil {
			t.Fatal(addErr)
		}
		return id
	}
	f.alice = add(emulator.Contact{Role: "user", ExternalID: "user-1001", Email: aliceEmail, Name: "Alice Subject"})
	f.bob = add(emulator.Contact{Role: "lead", Email: bobEmail, Name: "Bob Subject"})
	f.bobOld = add(emulator.Contact{Role: "lead", Name: "Bob Subject"})
	f.bystander = add(emulator.Contact{Role: "user", ExternalID: "user-2002", Email: "carol@example.org"})
	if err = f.srv.MergeContacts(ws, f.bobOld, f.bob); err != nil {
		t.Fatal(err)
	}
	f.wd = acctest.NewWorkdir(t, map[string]string{"main.tf": requiredProviders + config, "subjects.json": subjects})
	f.logFile = filepath.Join(t.TempDir(), "trace.log")
	f.wd.Env = append(f.wd.Env, EnvBaseURL+"="+f.srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token,
		"TF_LOG=trace", "TF_LOG_PATH="+f.logFile)
	return f
}

// requireNoEmail searches every output and every file of the working folder and the log
// for the subjects' e-mail addresses.
func (f *erasureFixture) requireNoEmail(t *testing.T, outputs ...string) {
	t.Helper()
	for i, out := range outputs {
		for _, e := range subjectEmails {
			if strings.Contains(out, e) {
				t.Errorf("output %d holds a subject's e-mail address %q:\n%s", i, e, out)
			}
		}
	}
	files := []string{f.logFile}
	_ = filepath.WalkDir(f.wd.Dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(p) != "subjects.json" && !f.inputs[filepath.Base(p)] &&
			!strings.Contains(p, string(filepath.Separator)+".terraform"+string(filepath.Separator)) {
			files = append(files, p)
		}
		return nil
	})
	searched := 0
	for _, p := range files {
		raw, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		searched++
		for _, e := range subjectEmails {
			if strings.Contains(string(raw), e) {
				t.Errorf("%s holds a subject's e-mail address %q", p, e)
			}
		}
	}
	if searched < 2 {
		t.Fatalf("searched %d files: the log and the state at least should be there", searched)
	}
	// The search proves nothing unless the log holds what the provider logs at TF_LOG=trace:
	// its own request lines and the SDK's (which the provider turns off only when no
	// TF_LOG variable is set).
	raw, err := os.ReadFile(f.logFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Intercom API request", "@module=sdk.framework", "@module=sdk.proto"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the TF_LOG=trace log (%d bytes) has no %q line: the provider's logs did not reach it", len(raw), want)
		}
	}
}

func (f *erasureFixture) deletions() map[string]int {
	return f.srv.ContactDeletions(emulator.DefaultWorkspace.IDCode)
}

const erasureAction = `
action "intercom_contact_erasure" "this" {
  config {
    request_id    = "DSR-2026-0001"
    subjects_file = "subjects.json"
  }
}
`

// terraform apply -invoke, as a one-off CI job runs it: both subjects erased once each,
// bob found by e-mail among leads, an unknown external id reported as not found by its
// identifier (a warning, by position), the bystander untouched; run again, it erases
// nothing more and says so. No e-mail address anywhere.
func TestAccContactErasure_invoke(t *testing.T) {
	t.Parallel()
	f := newErasureFixture(t, erasureAction,
		`{"emails": ["`+aliceEmail+`", "`+bobEmail+`"], "external_ids": ["user-404"], "contact_ids": []}`)
	res := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_erasure.this"})
	out := strings.Join(strings.Fields(res.Output()), " ")
	for _, want := range []string{"DSR-2026-0001", "found 2 contact(s) for 3 subject(s); 1 not found by their identifier",
		"3 subject(s): 2 erased and verified gone, 0 already absent, 1 not found by their identifier, 0 refused, 0 outcome unknown, 0 not attempted",
		"external_ids entry 1 of 1 in subjects_file: not_found"} {
		if !strings.Contains(out, want) {
			t.Errorf("the run does not say %q:\n%s", want, res.Output())
		}
	}
	if d := f.deletions(); d[f.alice] != 1 || d[f.bob] != 1 || d[f.bystander] != 0 || len(d) != 2 {
		t.Errorf("deletions %v: want alice and bob exactly once, nobody else", d)
	}
	again := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_erasure.this"})
	if !strings.Contains(strings.Join(strings.Fields(again.Output()), " "), "3 subject(s): 0 erased and verified gone, 0 already absent, 3 not found by their identifier") {
		t.Errorf("a second run did not report the subjects as already erased:\n%s", again.Output())
	}
	if d := f.deletions(); d[f.alice] != 1 || d[f.bob] != 1 {
		t.Errorf("a second run deleted again: %v", d)
	}
	f.requireNoEmail(t, res.Stdout, res.Stderr, again.Stdout, again.Stderr)
}

// A request of many subjects under a tight rate limit, with the provider's defaults: the
// action waits for the window to reset instead of running into 429s, and every contact is
// erased exactly once. Intercom documents the X-RateLimit-* headers the client paces on,
// not the limit itself: this one is small so that the request spans several windows.
func TestAccContactErasure_pacesUnderTheRateLimit(t *testing.T) {
	t.Parallel()
	const subjectsN, perWindow = 12, 8
	externalIDs := make([]string, subjectsN)
	for i := range externalIDs {
		externalIDs[i] = fmt.Sprintf("paced-%02d", i)
	}
	raw, err := json.Marshal(map[string][]string{"external_ids": externalIDs})
	if err != nil {
		t.Fatal(err)
	}
	f := newErasureFixtureWith(t, emulator.Config{Window: time.Second, RateLimit: perWindow}, erasureAction, string(raw))
	ids := make(map[string]bool, subjectsN)
	for _, ext := range externalIDs {
		id, err := f.srv.AddContact(emulator.DefaultWorkspace.IDCode, emulator.Contact{Role: "user", ExternalID: ext})
		if err != nil {
			t.Fatal(err)
		}
		ids[id] = true
	}
	f.srv.ResetStats()
	res := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_erasure.this"})
	if !strings.Contains(strings.Join(strings.Fields(res.Output()), " "), fmt.Sprintf("%d subject(s): %d erased and verified gone", subjectsN, subjectsN)) {
		t.Errorf("the run did not erase all %d contacts:\n%s", subjectsN, res.Output())
	}
	deleted := f.deletions()
	for id := range ids {
		if deleted[id] != 1 {
			t.Errorf("contact %s deleted %d times, want once", id, deleted[id])
		}
	}
	stats := f.srv.Stats()
	if stats.Total < 3*perWindow {
		t.Fatalf("%d calls: fewer than three windows' worth (%d), so the limit was never in play", stats.Total, 3*perWindow)
	}
	// One 429 is allowed: a window may close between the answer that said how many calls
	// were left and the next call.
	if stats.RateLimited > 1 {
		t.Errorf("%d answers 429 over %d calls: the action did not pace under the limit", stats.RateLimited, stats.Total)
	}
}

// A merged contact's id leads to the contact it lives on as; a dry run erases nothing.
func TestAccContactErasure_mergedAndDryRun(t *testing.T) {
	t.Parallel()
	f := newErasureFixture(t, `
action "intercom_contact_erasure" "dry" {
  config {
    request_id  = "DSR-2026-0003"
    contact_ids = [var.merged_id]
    dry_run     = true
  }
}
action "intercom_contact_erasure" "this" {
  config {
    request_id  = "DSR-2026-0003"
    contact_ids = [var.merged_id]
  }
}
variable "merged_id" { type = string }
`, `{}`)
	vars := "-var=merged_id=" + f.bobOld
	dry := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", vars, "-invoke=action.intercom_contact_erasure.dry"})
	if !strings.Contains(strings.Join(strings.Fields(dry.Output()), " "), "dry run: 1 contact(s) would be erased") || len(f.deletions()) != 0 {
		t.Fatalf("the dry run (deletions %v):\n%s", f.deletions(), dry.Output())
	}
	res := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", vars, "-invoke=action.intercom_contact_erasure.this"})
	if d := f.deletions(); d[f.bob] != 1 || len(d) != 1 {
		t.Fatalf("the merged contact's id did not lead to bob alone: deletions %v\n%s", d, res.Output())
	}
	f.requireNoEmail(t, dry.Output(), res.Output())
}

// An e-mail address shared by two contacts (a user and a lead) is refused by default,
// naming their pseudonymous ids and roles, and nothing is erased; the CLI exits non-zero.
func TestAccContactErasure_ambiguousEmail(t *testing.T) {
	t.Parallel()
	f := newErasureFixture(t, erasureAction, `{"emails": ["`+aliceEmail+`"]}`)
	if _, err := f.srv.AddContact(emulator.DefaultWorkspace.IDCode, emulator.Contact{Role: "lead", Email: aliceEmail}); err != nil {
		t.Fatal(err)
	}
	res := f.wd.Run("apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_erasure.this")
	out := strings.Join(strings.Fields(res.Output()), " ")
	if res.ExitCode == 0 || !strings.Contains(out, "emails entry 1 of 1 in subjects_file: refused: 2 contacts carry this identifier") ||
		!strings.Contains(out, "(lead)") || !strings.Contains(out, "(user)") {
		t.Fatalf("exit %d:\n%s", res.ExitCode, res.Output())
	}
	if d := f.deletions(); len(d) != 0 {
		t.Fatalf("an ambiguous request erased %v", d)
	}
	f.requireNoEmail(t, res.Stdout, res.Stderr)
}

// A request ledger: one terraform_data per ticket, whose creation triggers the action, so
// each request runs once. The plan file, the JSON plan and the state hold no e-mail.
func TestAccContactErasure_lifecycleTrigger(t *testing.T) {
	t.Parallel()
	f := newErasureFixture(t, `
resource "terraform_data" "request" {
  input = "DSR-2026-0002"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.intercom_contact_erasure.dsr]
    }
  }
}

action "intercom_contact_erasure" "dsr" {
  config {
    request_id    = "DSR-2026-0002"
    subjects_file = "subjects.json"
  }
}
`, `{"emails": ["`+bobEmail+`"], "external_ids": ["user-1001"]}`)
	plan := f.wd.MustRun([]string{"plan", "-input=false", "-out=request.tfplan"})
	shown := f.wd.MustRun([]string{"show", "-json", "request.tfplan"})
	res := f.wd.MustRun([]string{"apply", "-input=false", "request.tfplan"})
	if d := f.deletions(); d[f.alice] != 1 || d[f.bob] != 1 || len(d) != 2 {
		t.Fatalf("the triggered action erased %v:\n%s", d, res.Output())
	}
	again := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	if d := f.deletions(); d[f.alice] != 1 || d[f.bob] != 1 {
		t.Fatalf("the request ran again on the next apply: %v\n%s", d, again.Output())
	}
	f.requireNoEmail(t, plan.Output(), shown.Stdout, res.Output(), again.Output())
}

// Bad input is refused at plan, without repeating a value that may be an e-mail address:
// not in the diagnostic, and not in the configuration line Terraform prints beside an
// attribute's diagnostic.
func TestAccContactErasure_validation(t *testing.T) {
	t.Parallel()
	f := newErasureFixture(t, `
action "intercom_contact_erasure" "bad" {
  config {
    request_id   = "`+aliceEmail+`"
    external_ids = ["`+bobEmail+`"]
  }
}
`, `{}`)
	res := f.wd.Run("apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_erasure.bad")
	out := strings.Join(strings.Fields(res.Output()), " ")
	for _, want := range []string{"E-mail address as request id", "Entry 1 of external_ids holds an @", "subjects_file"} {
		if res.ExitCode == 0 || !strings.Contains(out, want) {
			t.Errorf("exit %d, want %q:\n%s", res.ExitCode, want, res.Output())
		}
	}
	if len(f.deletions()) != 0 {
		t.Fatal("a refused configuration erased contacts")
	}
	for _, e := range []string{aliceEmail, bobEmail} {
		if strings.Contains(res.Output(), e) {
			t.Errorf("the refusal repeats the address given:\n%s", res.Output())
		}
	}
}

// The subjects file a DPO has: a blank entry (which searched email = "" and erased a lead
// with no address), a display-name form, a line break, a key twice. Every problem is
// refused in one run, by position and never by value, before any call to Intercom.
func TestAccContactErasure_refusesBadSubjectsBeforeAnyCall(t *testing.T) {
	t.Parallel()
	f := newErasureFixture(t, erasureAction,
		`{"emails": ["", "Pat <`+aliceEmail+`>", " `+bobEmail+` ", null], "external_ids": ["user-1001"], "external_ids": ["x"]}`)
	f.srv.ResetStats()
	res := f.wd.Run("apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_erasure.this")
	out := strings.Join(strings.Fields(res.Output()), " ")
	for _, want := range []string{"refused: nothing was called", "emails entry 1 of 4 in subjects_file: is blank",
		"emails entry 2 of 4 in subjects_file: is not one e-mail address", "emails entry 4 of 4 in subjects_file: is null",
		`has the key "external_ids" twice`} {
		if res.ExitCode == 0 || !strings.Contains(out, want) {
			t.Errorf("exit %d, want %q:\n%s", res.ExitCode, want, res.Output())
		}
	}
	for endpoint, n := range f.srv.Stats().Endpoints {
		if strings.Contains(endpoint, "/contacts") {
			t.Errorf("a refused request called %s %d time(s)", endpoint, n)
		}
	}
	if len(f.deletions()) != 0 {
		t.Errorf("a refused request erased %v", f.deletions())
	}
	f.requireNoEmail(t, res.Stdout, res.Stderr)
}

// A request with a receipt, as a DPO files it: the receipt (mode 0600) records per subject
// its outcome, contact ids and statuses, and with INTERCOM_RECEIPT_KEY the HMAC that lets
// an auditor confirm an address was in the request; it is never overwritten (a second run
// naming it is refused before any call); a later verification finds every erased contact
// still gone. No subject value in any output, file or log.
func TestAccContactErasure_receiptAndVerification(t *testing.T) {
	t.Parallel()
	f := newErasureFixture(t, `
action "intercom_contact_erasure" "this" {
  config {
    request_id    = "DSR-2026-0005"
    subjects_file = "subjects.json"
    receipt_file  = "DSR-2026-0005.receipt.json"
  }
}
action "intercom_contact_erasure" "verify" {
  config {
    request_id     = "DSR-2026-0005"
    verify_receipt = "DSR-2026-0005.receipt.json"
  }
}
`, `{"emails": ["`+strings.ToUpper(aliceEmail)+`", "`+bobEmail+`"], "external_ids": ["user-404"]}`)
	key := "dpo-receipt-key-2026"
	f.wd.Env = append(f.wd.Env, EnvReceiptKey+"="+key)
	res := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_erasure.this"})
	receiptPath := filepath.Join(f.wd.Dir, "DSR-2026-0005.receipt.json")
	rc, err := gdpr.ReadReceipt(receiptPath)
	if err != nil {
		t.Fatalf("no receipt: %v\n%s", err, res.Output())
	}
	if info, _ := os.Stat(receiptPath); info.Mode().Perm() != 0o600 {
		t.Errorf("the receipt's mode is %v, want 0600", info.Mode().Perm())
	}
	if rc.RequestID != "DSR-2026-0005" || rc.WorkspaceID != emulator.DefaultWorkspace.IDCode || rc.Complete ||
		rc.Counts[gdpr.Erased] != 2 || rc.Counts[gdpr.NotFound] != 1 || len(rc.Subjects) != 3 {
		t.Errorf("receipt %+v", rc)
	}
	if got := rc.Subjects[0]; got.Outcome != gdpr.Erased || len(got.ContactIDs) != 1 || got.ContactIDs[0] != f.alice ||
		got.IdentifierHMAC != gdpr.IdentifierHMAC([]byte(key), gdpr.Email, aliceEmail) {
		t.Errorf("alice's line %+v does not prove her erasure", got)
	}

	f.srv.ResetStats()
	again := f.wd.Run("apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_erasure.this")
	if again.ExitCode == 0 || !strings.Contains(strings.Join(strings.Fields(again.Output()), " "), "never overwritten") {
		t.Errorf("a second run over the receipt was not refused (exit %d):\n%s", again.ExitCode, again.Output())
	}
	for endpoint := range f.srv.Stats().Endpoints {
		if strings.Contains(endpoint, "/contacts") {
			t.Errorf("the refused run called %s", endpoint)
		}
	}

	verify := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_erasure.verify"})
	if !strings.Contains(strings.Join(strings.Fields(verify.Output()), " "), "2 erased contact(s); 2 still answer 404, 0 answer again, 0 could not be checked") {
		t.Errorf("the verification does not report both contacts still gone:\n%s", verify.Output())
	}
	f.requireNoEmail(t, res.Stdout, res.Stderr, again.Output(), verify.Output())
}

// Ctrl-C during the deletions of a 17-subject request: the provider sends no further
// DELETE, and the receipt records that the run was interrupted, how far it got, and which
// subjects were not attempted. Terraform 1.16 itself ends such a run "Apply complete!"
// with exit 0 and does not show the action's last progress line or its error (seen here;
// the GDPR guide says so): the receipt is the record that does not depend on it.
func TestAccContactErasure_interrupted(t *testing.T) {
	t.Parallel()
	ids := make([]string, 17)
	for i := range ids {
		ids[i] = fmt.Sprintf("ctrl-c-%02d", i)
	}
	raw, err := json.Marshal(map[string][]string{"external_ids": ids})
	if err != nil {
		t.Fatal(err)
	}
	f := newErasureFixture(t, `
action "intercom_contact_erasure" "this" {
  config {
    request_id    = "DSR-2026-0006"
    subjects_file = "subjects.json"
    receipt_file  = "DSR-2026-0006.receipt.json"
  }
}
`, string(raw))
	for _, ext := range ids {
		if _, err := f.srv.AddContact(emulator.DefaultWorkspace.IDCode, emulator.Contact{Role: "user", ExternalID: ext}); err != nil {
			t.Fatal(err)
		}
	}
	// Each DELETE takes 300 ms, so the run is still deleting when Ctrl-C comes.
	f.srv.InjectFault(emulator.Fault{Method: http.MethodDelete, PathPrefix: "/contacts/", Latency: 300 * time.Millisecond})
	res := f.wd.RunInterrupted(func() bool { return len(f.deletions()) >= 6 },
		"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_erasure.this")
	deleted := len(f.deletions())
	time.Sleep(time.Second) // a DELETE sent after the interrupt would land now
	if after := len(f.deletions()); after != deleted {
		t.Errorf("%d DELETE(s) landed after the run ended", after-deleted)
	}
	if deleted >= len(ids) {
		t.Fatalf("all %d contacts were deleted: the interrupt came too late to test anything:\n%s", deleted, res.Output())
	}
	rc, err := gdpr.ReadReceipt(filepath.Join(f.wd.Dir, "DSR-2026-0006.receipt.json"))
	if err != nil {
		t.Fatalf("no receipt after the interrupt: %v\n%s", err, res.Output())
	}
	// The DELETE in flight when Ctrl-C came is cancelled: whether Intercom carried it out
	// is not known at once, so its subject may be "unknown" rather than "not attempted".
	if !rc.Interrupted || rc.Complete || rc.Counts[gdpr.Erased] != deleted || rc.Counts[gdpr.NotAttempted] < 1 ||
		rc.Counts[gdpr.Erased]+rc.Counts[gdpr.Unknown]+rc.Counts[gdpr.NotAttempted] != len(ids) {
		t.Errorf("after %d of %d deletions the receipt records interrupted %v, complete %v, counts %v",
			deleted, len(ids), rc.Interrupted, rc.Complete, rc.Counts)
	}
	f.requireNoEmail(t, res.Stdout, res.Stderr)
}

// The request ledger example, as a DPO's repository runs it: an erasure whose outcome is
// unknown (Intercom answers 503 to every DELETE) fails the apply, and the next plan
// replaces the ticket's terraform_data instead of saying "No changes"; once Intercom
// answers, that apply runs the request again and it completes.
func TestAccContactErasure_ledgerRetriesAFailedRequest(t *testing.T) {
	t.Parallel()
	acctest.SkipUnlessTerraform(t, "1.16.0", "an action trigger's on_failure")
	f := newErasureFixture(t, "", `{}`)
	files := exampleFiles(t, filepath.Join("..", "..", "examples", "gdpr-request-ledger"))
	files["DSR-2026-0142.json"] = `{"emails": ["` + bobEmail + `"], "external_ids": ["user-1001"]}`
	f.inputs = map[string]bool{"DSR-2026-0142.json": true}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(f.wd.Dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// The example's main.tf has replaced the fixture's own.
	f.srv.InjectFault(emulator.Fault{Method: http.MethodDelete, PathPrefix: "/contacts/", Status: http.StatusServiceUnavailable})
	failed := f.wd.Run("apply", "-auto-approve", "-input=false")
	if failed.ExitCode == 0 {
		t.Fatalf("an erasure whose DELETEs all failed ended the apply with exit 0:\n%s", failed.Output())
	}
	plan := f.wd.Run("plan", "-detailed-exitcode", "-input=false")
	if plan.ExitCode != 2 || !strings.Contains(plan.Output(), `terraform_data.request["DSR-2026-0142"]`) ||
		!strings.Contains(plan.Output(), "replaced") {
		t.Fatalf("after a failed request the next plan (exit %d) does not run it again:\n%s", plan.ExitCode, plan.Output())
	}
	f.srv.ClearFaults()
	f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	if d := f.deletions(); d[f.alice] != 1 || d[f.bob] != 1 {
		t.Fatalf("the request, run again, erased %v", d)
	}
	f.wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false"})
	f.requireNoEmail(t, failed.Output(), plan.Output())
}
