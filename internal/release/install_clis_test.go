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

// .ci/install-clis.sh uses a cached CLI only while its bytes have the SHA-256 that the
// repository expects (.ci/clis.sha256, here a stand-in), so a cache restored in CI cannot
// vouch for itself. It builds again otherwise, with Go's module checks whatever the
// caller's environment says. A stand-in go on PATH prints the environment it was given
// and fails, so a rebuild is seen at once instead of building for minutes.
func TestInstallScriptUsesOnlyTheExpectedCachedCLIs(t *testing.T) {
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Skip("sha256sum is missing")
	}
	script, err := filepath.Abs(filepath.Join(repoRoot(), ".ci", "install-clis.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cache, bin, fakeGo := t.TempDir(), t.TempDir(), t.TempDir()
	sums := filepath.Join(t.TempDir(), "clis.sha256")
	stub := "#!/bin/sh\necho \"stand-in go: GOSUMDB=[$GOSUMDB] GOPRIVATE=[$GOPRIVATE] GONOSUMDB=[$GONOSUMDB] GOFLAGS=[$GOFLAGS] GOENV=[$GOENV] GOPROXY=[$GOPROXY] CGO_ENABLED=[$CGO_ENABLED] GOTOOLCHAIN=[$GOTOOLCHAIN]\"\nexit 1\n"
	if err := os.WriteFile(filepath.Join(fakeGo, "go"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	key := "terraform-1.8.5-go1.26.8"
	toolDir := filepath.Join(cache, "terraform-provider-intercom", "clis", key)
	if err := os.MkdirAll(toolDir, 0o755); err != nil {
		t.Fatal(err)
	}
	tool := filepath.Join(toolDir, "terraform")
	built := []byte("#!/bin/sh\necho 'Terraform v1.8.5'\n")
	if err := os.WriteFile(tool, built, 0o755); err != nil {
		t.Fatal(err)
	}
	expect := func(content []byte) {
		sum := sha256.Sum256(content)
		if err := os.WriteFile(sums, []byte(hex.EncodeToString(sum[:])+"  "+key+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(bin, "terraform-1.8.5")
	run := func() (string, error) {
		_ = os.Remove(link)
		cmd := exec.Command("bash", script, "terraform-oldest")
		cmd.Env = append(os.Environ(),
			"PATH="+fakeGo+string(os.PathListSeparator)+os.Getenv("PATH"),
			"XDG_CACHE_HOME="+cache, "INSTALL_CLIS_BIN="+bin, "INSTALL_CLIS_SUMS="+sums,
			// What a careless runner may export: the script must not inherit it.
			"GOSUMDB=off", "GOPRIVATE=*", "GONOSUMDB=*", "GOFLAGS=-insecure", "GOPROXY=http://mirror.invalid", "CGO_ENABLED=1")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	expect(built)
	out, err := run()
	if err != nil || strings.Contains(out, "building") {
		t.Fatalf("a cached CLI with the expected checksum was not used as it is (err %v):\n%s", err, out)
	}
	if target, _ := os.Readlink(link); target != tool {
		t.Fatalf(".bin/terraform-1.8.5 links to %q, want %q", target, tool)
	}

	for name, change := range map[string]func(){
		"the cached bytes changed": func() {
			if err := os.WriteFile(tool, []byte("#!/bin/sh\necho 'Terraform v1.8.5' # tampered\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		},
		// A checksum file beside the tool, as the cache used to hold, vouches for nothing.
		"the repository expects other bytes": func() {
			if err := os.WriteFile(tool, built, 0o755); err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(built)
			_ = os.WriteFile(tool+".sha256", []byte(hex.EncodeToString(sum[:])+"  terraform\n"), 0o644)
			expect([]byte("other bytes"))
		},
	} {
		t.Run(name, func(t *testing.T) {
			change()
			out, err := run()
			if !strings.Contains(out, "building Terraform 1.8.5") {
				t.Fatalf("the CLI was not built again:\n%s", out)
			}
			if err == nil {
				t.Fatalf("the rebuild succeeded with a go that always fails:\n%s", out)
			}
			if want := "stand-in go: GOSUMDB=[] GOPRIVATE=[] GONOSUMDB=[] GOFLAGS=[-mod=readonly] GOENV=[off] GOPROXY=[] CGO_ENABLED=[0] GOTOOLCHAIN=[go1.26.8]"; !strings.Contains(out, want) {
				t.Errorf("the rebuild ran go with the caller's settings; want Go's defaults, no cgo and the CLIs' Go (%s):\n%s", want, out)
			}
			if _, err := os.Lstat(link); err == nil {
				t.Error("the CLI that is not the expected build was linked into .bin/")
			}
		})
	}
}
