package provider

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

// OpenTofu has no actions: its users run the provider binary that `tofu init` installed
// as `terraform-provider-intercom gdpr ...`. This test takes that path on every leg (it
// is OpenTofu's way, and Terraform's before 1.14): init from a filesystem mirror, find the
// installed binary, erase and export with it, and check the exit statuses, the receipt,
// the bundle and that no e-mail address was printed.
func TestAccGDPRCommand_fromTheInstalledProvider(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	ws := emulator.DefaultWorkspace.IDCode
	alice, _ := srv.AddContact(ws, emulator.Contact{Email: aliceEmail, Name: "Alice Subject", Notes: []string{"Alice Subject called"}})
	bystander, _ := srv.AddContact(ws, emulator.Contact{Email: "carol@example.org"})

	const version = "0.1.0"
	mirror := t.TempDir()
	built := filepath.Join(acctest.ProviderBinaryDir(t), "terraform-provider-intercom")
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		dir := filepath.Join(mirror, host, "salestim", "intercom", version, runtime.GOOS+"_"+runtime.GOARCH)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(built) //nolint:gosec // the binary this test built
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "terraform-provider-intercom_v"+version), raw, 0o755); err != nil { //nolint:gosec // an executable
			t.Fatal(err)
		}
	}
	wd := acctest.NewBareWorkdir(t, map[string]string{
		"main.tf": `terraform {
  required_providers {
    intercom = { source = "salestim/intercom", version = "` + version + `" }
  }
}
`,
		"DSR-7.json": `{"emails": ["` + aliceEmail + `"]}`,
	}, fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", mirror))
	wd.MustRun([]string{"init", "-input=false"})
	installed, _ := filepath.Glob(filepath.Join(wd.Dir, ".terraform", "providers", "*", "salestim", "intercom", version, "*", "terraform-provider-intercom_v"+version))
	if len(installed) != 1 {
		t.Fatalf("init installed %v, want one provider binary", installed)
	}

	gdprRun := func(args ...string) (string, int) {
		cmd := exec.Command(installed[0], append([]string{"gdpr"}, args...)...) //nolint:gosec // the provider init installed
		cmd.Dir = wd.Dir
		cmd.Env = append(os.Environ(), EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
		out, err := cmd.CombinedOutput()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		for _, e := range subjectEmails {
			if strings.Contains(string(out), e) {
				t.Errorf("gdpr %s printed %q", args[0], e)
			}
		}
		return string(out), code
	}

	out, code := gdprRun("export", "-request_id", "DSR-7", "-subjects_file", "DSR-7.json", "-output_dir", "DSR-7")
	if code != 0 || !strings.Contains(out, "1 subject(s): 1 exported") {
		t.Errorf("export: exit %d\n%s", code, out)
	}
	if raw, err := os.ReadFile(filepath.Join(wd.Dir, "DSR-7", "contact-"+alice+".json")); err != nil || !strings.Contains(string(raw), "Alice Subject called") {
		t.Errorf("the bundle lacks alice's record (%v)", err)
	}
	out, code = gdprRun("erase", "-request_id", "DSR-7", "-subjects_file", "DSR-7.json", "-receipt_file", "DSR-7.receipt.json")
	if code != 0 || !strings.Contains(out, "1 subject(s): 1 erased and verified gone") {
		t.Errorf("erase: exit %d\n%s", code, out)
	}
	if d := srv.ContactDeletions(ws); d[alice] != 1 || d[bystander] != 0 {
		t.Errorf("deletions %v: want alice once, not the bystander", d)
	}
	if rc, err := gdpr.ReadReceipt(filepath.Join(wd.Dir, "DSR-7.receipt.json")); err != nil || !rc.Complete || rc.ProviderVersion == "" {
		t.Errorf("receipt %+v (%v)", rc, err)
	}
	// The same receipt again is refused before any call, exit 1.
	out, code = gdprRun("erase", "-request_id", "DSR-7", "-contact_id", bystander, "-receipt_file", "DSR-7.receipt.json")
	if code != 1 || !strings.Contains(out, "exists already") {
		t.Errorf("a used receipt: exit %d, want 1\n%s", code, out)
	}
	if d := srv.ContactDeletions(ws); d[bystander] != 0 {
		t.Error("the refused run erased the bystander")
	}
}
