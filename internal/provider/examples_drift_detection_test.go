package provider

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// The drift-detection example's summary step, run on what the CLI under test really
// prints: a clean plan passes (its check-block reads are no drift), a hand change fails
// the job with the resource, the teammate who made it and the failed check named.
func TestAccDriftDetectionSummary(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("jq"); err != nil {
		t.Fatal("the drift-detection summary needs jq (GitHub's runners have it): install jq")
	}
	dir := filepath.Join("..", "..", "examples", "drift-detection")
	script, err := filepath.Abs(filepath.Join(dir, "summarize-plan.sh"))
	if err != nil {
		t.Fatal(err)
	}
	srv := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
	wd := newWorkdir(t, exampleFiles(t, dir))
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})

	// summarize plans as the workflow does and runs the script on the JSON stream.
	summarize := func(env ...string) (summary string, exitCode int) {
		t.Helper()
		res := wd.Run("plan", "-detailed-exitcode", "-lock=false", "-input=false", "-json")
		jsonl := filepath.Join(wd.Dir, "plan.jsonl")
		if err := os.WriteFile(jsonl, []byte(res.Stdout), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", script, jsonl, strconv.Itoa(res.ExitCode))
		cmd.Env = append(os.Environ(), env...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		var exitErr *exec.ExitError
		switch {
		case err == nil:
			return string(out), 0
		case errors.As(err, &exitErr) && stderr.Len() == 0:
			return string(out), exitErr.ExitCode()
		}
		t.Fatalf("summarize-plan.sh: %v\n%s", err, stderr.String())
		return "", -1
	}

	summary, code := summarize()
	if code != 0 || !strings.Contains(summary, "No drift") {
		t.Fatalf("a plan right after apply was summarised as a failure (exit %d):\n%s", code, summary)
	}

	off := false
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
		IPAllowlistEnabled: &off, TeammateEmail: "mallory@salestim.com",
	}); err != nil {
		t.Fatal(err)
	}
	summary, code = summarize()
	t.Logf("summary of the drifted plan:\n%s", summary)
	if code != 1 {
		t.Errorf("a drifted plan was summarised with exit %d, want 1", code)
	}
	for _, want := range []string{
		"Drift found",
		"| `intercom_ip_allowlist.this` | update |",
		"IP allowlist changed outside Terraform",
		"mallory@salestim.com",
		"### Failed checks",
		"The IP allowlist is disabled",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, "intercom_security_posture") && strings.Contains(summary, "| read |") {
		t.Errorf("the summary lists a check block's data source read as drift:\n%s", summary)
	}

	// A public repository's job summary is public: the switch the example workflow sets
	// keeps the teammate's e-mail and IP out, and still names what drifted.
	redacted, code := summarize("REDACT_PERSONAL_DATA=true")
	t.Logf("redacted summary:\n%s", redacted)
	if code != 1 || !strings.Contains(redacted, "| `intercom_ip_allowlist.this` | update |") || !strings.Contains(redacted, "[e-mail redacted]") {
		t.Errorf("the redacted summary (exit %d) lost the drift or did not redact:\n%s", code, redacted)
	}
	for _, personal := range []string{"mallory", "@salestim.com", "203.0.113.10"} {
		if strings.Contains(redacted, personal) {
			t.Errorf("the redacted summary still holds %q:\n%s", personal, redacted)
		}
	}

	// A resource added to the configuration and not applied yet is no drift.
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	if err := os.WriteFile(filepath.Join(wd.Dir, "new.tf"), []byte(`
resource "intercom_identity_verification_secret" "ios" {
  name         = "Production iOS"
  supports_ios = true
}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	unapplied, code := summarize()
	t.Logf("summary of a plan with an unapplied create:\n%s", unapplied)
	if strings.Contains(unapplied, "Drift found") || !strings.Contains(unapplied, "### Not yet applied") ||
		!strings.Contains(unapplied, "| `intercom_identity_verification_secret.ios` | create |") || !strings.Contains(unapplied, "No drift in what was applied") {
		t.Errorf("an unapplied create was not summarised as such (exit %d):\n%s", code, unapplied)
	}
}

// The summary's redaction, on what a warning can hold: internationalised e-mail addresses
// are personal data too, and "all of IPv4" (0.0.0.0/0, ::/0) is a fact about the allowlist,
// not anybody's address, so it stays readable.
func TestDriftSummaryRedactsEveryAddressAndOnlyThem(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Fatal("the drift-detection summary needs jq (GitHub's runners have it): install jq")
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "examples", "drift-detection", "summarize-plan.sh"))
	if err != nil {
		t.Fatal(err)
	}
	personal := []string{"jürgen.müller@exämple.de", "mallory@salestim.com", "josé@例え.jp", "192.0.2.44", "2001:db8::7"}
	detail := "Intercom's activity log says " + personal[0] + " (and " + personal[1] + ", " + personal[2] + ") from " +
		personal[3] + " and " + personal[4] + " changed it; the allowlist now holds 0.0.0.0/0 and ::/0."
	plan := `{"type":"resource_drift","change":{"resource":{"addr":"intercom_ip_allowlist.this"},"action":"update"}}` + "\n" +
		`{"type":"diagnostic","diagnostic":{"severity":"warning","summary":"IP allowlist changed outside Terraform","detail":` +
		strconv.Quote(detail) + `,"address":"intercom_ip_allowlist.this"}}` + "\n"
	jsonl := filepath.Join(t.TempDir(), "plan.jsonl")
	if err := os.WriteFile(jsonl, []byte(plan), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, locale := range []string{"C", "C.UTF-8"} {
		cmd := exec.Command("bash", script, jsonl, "2")
		cmd.Env = append(os.Environ(), "REDACT_PERSONAL_DATA=true", "LC_ALL="+locale)
		out, _ := cmd.Output()
		summary := string(out)
		for _, p := range personal {
			if strings.Contains(summary, p) {
				t.Errorf("LC_ALL=%s: the redacted summary still holds %q:\n%s", locale, p, summary)
			}
		}
		for _, kept := range []string{"0.0.0.0/0", "::/0", "IP allowlist changed outside Terraform"} {
			if !strings.Contains(summary, kept) {
				t.Errorf("LC_ALL=%s: the redacted summary lost %q, which is no personal data:\n%s", locale, kept, summary)
			}
		}
	}
}
