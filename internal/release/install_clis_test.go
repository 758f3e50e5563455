package release

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// .ci/install-clis.sh uses a cached tool only while its bytes match the SHA-256 recorded
// when it was built, and builds it again otherwise. The caller's environment cannot turn
// the module checks off. A stand-in go on PATH prints the environment it was given and
// fails, so a rebuild is seen at once instead of building for minutes.
func TestInstallScriptUsesOnlyVerifiedCachedTools(t *testing.T) {
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Skip("sha256sum is missing")
	}
	script, err := filepath.Abs(filepath.Join(repoRoot(), ".ci", "install-clis.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cache, bin, fakeGo := t.TempDir(), t.TempDir(), t.TempDir()
	stub := "#!/bin/sh\necho \"stand-in go: GOSUMDB=[$GOSUMDB] GOPRIVATE=[$GOPRIVATE] GONOSUMDB=[$GONOSUMDB] GOFLAGS=[$GOFLAGS] GOENV=[$GOENV] GOPROXY=[$GOPROXY]\"\nexit 1\n"
	if err := os.WriteFile(filepath.Join(fakeGo, "go"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	toolDir := filepath.Join(cache, "terraform-provider-intercom", "clis", "actionlint-1.7.12")
	if err := os.MkdirAll(toolDir, 0o755); err != nil {
		t.Fatal(err)
	}
	tool := filepath.Join(toolDir, "actionlint")
	built := []byte("#!/bin/sh\necho built\n")
	if err := os.WriteFile(tool, built, 0o755); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(built)
	if err := os.WriteFile(tool+".sha256", []byte(hex.EncodeToString(sum[:])+"  actionlint\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func() (string, error) {
		cmd := exec.Command("bash", script, "actionlint")
		cmd.Env = append(os.Environ(),
			"PATH="+fakeGo+string(os.PathListSeparator)+os.Getenv("PATH"),
			"XDG_CACHE_HOME="+cache, "INSTALL_CLIS_BIN="+bin,
			// What a careless runner may export: the script must not inherit it.
			"GOSUMDB=off", "GOPRIVATE=*", "GONOSUMDB=*", "GOFLAGS=-insecure", "GOPROXY=http://mirror.invalid")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	out, err := run()
	if err != nil || strings.Contains(out, "building") {
		t.Fatalf("a cached tool with its recorded checksum was not used as it is (err %v):\n%s", err, out)
	}
	if target, _ := os.Readlink(filepath.Join(bin, "actionlint")); target != tool {
		t.Fatalf(".bin/actionlint links to %q, want %q", target, tool)
	}

	if err := os.WriteFile(tool, []byte("#!/bin/sh\necho tampered\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(bin, "actionlint")); err != nil {
		t.Fatal(err)
	}
	out, err = run()
	if !strings.Contains(out, "building actionlint") {
		t.Fatalf("a cached tool whose bytes changed was not built again:\n%s", out)
	}
	if err == nil {
		t.Fatalf("the rebuild succeeded with a go that always fails:\n%s", out)
	}
	if want := "stand-in go: GOSUMDB=[] GOPRIVATE=[] GONOSUMDB=[] GOFLAGS=[-mod=readonly] GOENV=[off] GOPROXY=[]"; !strings.Contains(out, want) {
		t.Errorf("the rebuild ran go with the caller's module settings; want Go's defaults (%s):\n%s", want, out)
	}
	if _, err := os.Lstat(filepath.Join(bin, "actionlint")); err == nil {
		t.Error("the tampered tool was linked into .bin/")
	}
}
