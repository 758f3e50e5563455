package release

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The repository holds source, not build output: a compiled program cannot be reviewed,
// and what the release ships must come from the source it signs. A tracked file may be
// executable only as a script (#!), and no tracked file is a compiled executable.
func TestNoTrackedExecutables(t *testing.T) {
	out, err := exec.Command("git", "-C", repoRoot(), "ls-files", "-s", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	magics := map[string][]byte{
		"ELF":         []byte("\x7fELF"),
		"Mach-O":      {0xcf, 0xfa, 0xed, 0xfe},
		"Mach-O 32":   {0xce, 0xfa, 0xed, 0xfe},
		"Mach-O fat":  {0xca, 0xfe, 0xba, 0xbe},
		"Windows PE":  []byte("MZ"),
		"WebAssembly": []byte("\x00asm"),
	}
	for _, entry := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		meta, name, ok := strings.Cut(entry, "\t")
		if !ok {
			continue
		}
		head := make([]byte, 4)
		f, err := os.Open(filepath.Join(repoRoot(), name))
		if err != nil {
			continue // deleted in the work tree
		}
		n, _ := f.Read(head)
		f.Close()
		head = head[:n]
		for kind, magic := range magics {
			if bytes.HasPrefix(head, magic) {
				t.Errorf("%s is a compiled executable (%s): remove it with git rm --cached and ignore its path", name, kind)
			}
		}
		if strings.HasPrefix(meta, "100755") && !bytes.HasPrefix(head, []byte("#!")) {
			t.Errorf("%s is tracked as executable but is not a script (#!): git update-index --chmod=-x %s", name, name)
		}
	}
}

// Dependabot proposes updates for every kind of dependency the project pins, indirect Go
// modules and the tools' modules included, each after a cooldown.
func TestDependabotCoversEveryPin(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(), ".github", "dependabot.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Updates []struct {
			Ecosystem   string   `yaml:"package-ecosystem"`
			Directory   string   `yaml:"directory"`
			Directories []string `yaml:"directories"`
			Cooldown    struct {
				DefaultDays int `yaml:"default-days"`
			} `yaml:"cooldown"`
			Allow []map[string]string `yaml:"allow"`
		} `yaml:"updates"`
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, u := range cfg.Updates {
		dirs := append([]string{u.Directory}, u.Directories...)
		for _, d := range dirs {
			if d == "" {
				continue
			}
			key := u.Ecosystem + " " + d
			covered[key] = true
			if u.Cooldown.DefaultDays < 1 {
				t.Errorf("dependabot: %s has no cooldown", key)
			}
			if key == "gomod /" {
				all := false
				for _, a := range u.Allow {
					all = all || a["dependency-type"] == "all"
				}
				if !all {
					t.Error("dependabot: the provider's go.mod is updated for direct modules only; allow dependency-type all")
				}
			}
		}
	}
	for _, want := range []string{"gomod /", "gomod /tools/*", "github-actions /"} {
		if !covered[want] {
			t.Errorf("dependabot.yml does not cover %s", want)
		}
	}
}
