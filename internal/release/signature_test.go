package release

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestChecksumsSignature checks the release's detached signature as the registry does:
// with the public key alone, in a keyring of its own, over SHA256SUMS as published. A
// copy of SHA256SUMS changed by one line must fail, so the check can fail.
func TestChecksumsSignature(t *testing.T) {
	r := loadRelease(t)
	keyFile, fingerprint := os.Getenv("RELEASE_SIGNING_KEY"), os.Getenv("RELEASE_SIGNING_FINGERPRINT")
	if keyFile == "" || fingerprint == "" {
		t.Skip("RELEASE_SIGNING_KEY and RELEASE_SIGNING_FINGERPRINT are not set: make release-check signs with a throwaway key and sets them")
	}
	if _, err := exec.LookPath("gpg"); err != nil {
		t.Fatal("gpg is missing: .ci/install-clis.sh gnupg installs it")
	}
	home := t.TempDir()
	if err := os.Chmod(home, 0o700); err != nil {
		t.Fatal(err)
	}
	gpg := func(args ...string) (string, error) {
		cmd := exec.Command("gpg", append([]string{"--homedir", home, "--batch", "--status-fd", "1"}, args...)...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	if out, err := gpg("--import", keyFile); err != nil {
		t.Fatalf("importing the public key: %v\n%s", err, out)
	}

	sums := filepath.Join(r.dir, "terraform-provider-intercom_"+r.version+"_SHA256SUMS")
	sig := sums + ".sig"
	// GoReleaser 2.15 listed the signature in the file it signs, which can never verify.
	if _, listed := r.sums[filepath.Base(sig)]; listed {
		t.Fatalf("SHA256SUMS lists its own signature %s: it changed after signing (a GoReleaser bug fixed in 2.16)", filepath.Base(sig))
	}
	raw, err := os.ReadFile(sig)
	if err != nil {
		t.Fatalf("the release has no detached signature of SHA256SUMS: %v", err)
	}
	if bytes.HasPrefix(raw, []byte("-----BEGIN")) {
		t.Fatalf("%s is ASCII-armoured; the registry wants a binary detached signature", filepath.Base(sig))
	}
	out, err := gpg("--verify", sig, sums)
	if err != nil || !strings.Contains(out, "[GNUPG:] VALIDSIG "+fingerprint) {
		t.Fatalf("gpg --verify %s: %v\n%s", filepath.Base(sig), err, out)
	}

	body, err := os.ReadFile(sums)
	if err != nil {
		t.Fatal(err)
	}
	tampered := filepath.Join(t.TempDir(), filepath.Base(sums))
	extra := strings.Repeat("0", 64) + "  terraform-provider-intercom_" + r.version + "_evil.zip\n"
	if err := os.WriteFile(tampered, append(body, extra...), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := gpg("--verify", sig, tampered); err == nil || !strings.Contains(out, "[GNUPG:] BADSIG") {
		t.Fatalf("a changed SHA256SUMS verified (err %v):\n%s", err, out)
	}
}
