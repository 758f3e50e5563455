package release

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"gopkg.in/yaml.v3"
)

// The release pipeline's supply chain, read from the workflow files: what actionlint
// cannot know (our rules for pins, secrets, caches and permissions).

// workflow is the part of a GitHub workflow file these tests read.
type workflow struct {
	On          map[string]any `yaml:"on"`
	Permissions any            `yaml:"permissions"`
	Jobs        map[string]struct {
		Needs       any               `yaml:"needs"`
		Environment any               `yaml:"environment"`
		Permissions any               `yaml:"permissions"`
		Env         map[string]string `yaml:"env"`
		Steps       []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]any    `yaml:"with"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

var workflowFiles = []string{
	".github/workflows/test.yml",
	".github/workflows/release.yml",
	".github/workflows/mutation.yml",
	"examples/drift-detection/drift-detection.yml",
}

func repoRoot() string { return filepath.Join("..", "..") }

func readWorkflow(t *testing.T, name string) (workflow, string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(), name))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(raw, &w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return w, string(raw)
}

// Every action is pinned by a full commit SHA and says which version that is; a tag can
// be moved to other code, a SHA cannot.
func TestWorkflowActionsPinnedBySHA(t *testing.T) {
	pinned := regexp.MustCompile(`^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$`)
	for _, name := range workflowFiles {
		_, raw := readWorkflow(t, name)
		uses := 0
		for i, line := range strings.Split(raw, "\n") {
			if !strings.Contains(line, "uses:") || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			uses++
			if !pinned.MatchString(line) {
				t.Errorf("%s:%d: %q is not pinned as owner/repo@<commit SHA> # vX.Y.Z", name, i+1, strings.TrimSpace(line))
			}
		}
		if uses == 0 {
			t.Errorf("%s uses no action: the test reads the wrong file", name)
		}
	}
}

// Every checkout leaves no credential in .git/config for later steps to find.
func TestWorkflowCheckoutsPersistNoCredentials(t *testing.T) {
	for _, name := range workflowFiles {
		w, _ := readWorkflow(t, name)
		for jobName, job := range w.Jobs {
			for _, step := range job.Steps {
				if strings.HasPrefix(step.Uses, "actions/checkout@") && step.With["persist-credentials"] != false {
					t.Errorf("%s: job %s checks out without persist-credentials: false", name, jobName)
				}
			}
		}
	}
}

// The signing key reaches one job: it runs in a protected environment, after a gate that
// proves the tag is on main and passed the tests, with its own permissions and no cache
// that another job could have written.
func TestReleaseJobIsGated(t *testing.T) {
	w, _ := readWorkflow(t, ".github/workflows/release.yml")
	if w.Permissions == nil {
		t.Error("release.yml sets no top-level permissions: set `permissions: {}` and grant per job")
	}
	var signing []string
	for jobName, job := range w.Jobs {
		if job.Permissions == nil {
			t.Errorf("release.yml: job %s sets no permissions of its own", jobName)
		}
		usesKey := false
		for _, step := range job.Steps {
			for _, v := range step.With {
				if s, ok := v.(string); ok && strings.Contains(s, "secrets.GPG_PRIVATE_KEY") {
					usesKey = true
				}
			}
			if strings.HasPrefix(step.Uses, "actions/setup-go@") && step.With["cache"] != false {
				t.Errorf("release.yml: job %s restores a Go cache (set cache: false): test jobs that run unpinned CLIs can write it", jobName)
			}
			if strings.HasPrefix(step.Uses, "actions/cache@") {
				t.Errorf("release.yml: job %s restores a cache", jobName)
			}
		}
		if !usesKey {
			continue
		}
		signing = append(signing, jobName)
		if perms, ok := job.Permissions.(map[string]any); ok {
			for _, mint := range []string{"id-token", "attestations"} {
				if perms[mint] == "write" {
					t.Errorf("release.yml: job %s holds the signing key and may write %s: provenance belongs in a job of its own", jobName, mint)
				}
			}
		}
		if job.Environment != "release" {
			t.Errorf("release.yml: job %s reads the signing key outside the `release` environment (environment: %v)", jobName, job.Environment)
		}
		gate, ok := job.Needs.(string)
		if !ok {
			t.Fatalf("release.yml: job %s reads the signing key without needing a gate job", jobName)
		}
		var gateRuns strings.Builder
		for _, step := range w.Jobs[gate].Steps {
			gateRuns.WriteString(step.Run)
		}
		for _, want := range []string{"git merge-base --is-ancestor", "workflows/test.yml/runs", "status=success"} {
			if !strings.Contains(gateRuns.String(), want) {
				t.Errorf("release.yml: the gate job %s does not run %q", gate, want)
			}
		}
	}
	if len(signing) != 1 {
		t.Errorf("the signing key is read by jobs %v, want exactly one", signing)
	}
}

// One Go everywhere: the patched Go that go.mod's go line names (go1.27.3) is the one the
// workflows set up, .ci/run and the Makefile export as GOTOOLCHAIN, and the README tells a
// newcomer to export. The Go tools are pinned by tools/*/go.mod, and govulncheck runs on
// pushes and on a schedule.
func TestOneGoVersionEverywhere(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := modfile.Parse("go.mod", raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := mod.Go.Version
	if mod.Toolchain != nil {
		t.Errorf("go.mod has a toolchain line (%s) beside its go line (%s): machines run GOTOOLCHAIN=local and ignore it; "+
			"name the patched Go in the go line alone", mod.Toolchain.Name, want)
	}
	if strings.Count(want, ".") != 2 {
		t.Fatalf("go.mod's go line %q names no patch release: name the patched Go the project builds with", want)
	}
	for _, name := range workflowFiles[:3] {
		w, _ := readWorkflow(t, name)
		for jobName, job := range w.Jobs {
			for _, step := range job.Steps {
				if !strings.HasPrefix(step.Uses, "actions/setup-go@") {
					continue
				}
				if got := step.With["go-version"]; got != want {
					t.Errorf("%s: job %s sets up Go %v, want %s (go.mod's go line)", name, jobName, got, want)
				}
			}
		}
	}
	for file, literal := range map[string]string{
		".ci/run":     "export GOTOOLCHAIN=go" + want,
		"README.md":   "export GOTOOLCHAIN=go" + want,
		"GNUmakefile": "export GOTOOLCHAIN := go$(shell sed -n 's/^go \\([0-9.]*\\)$$/\\1/p' go.mod)",
	} {
		text, err := os.ReadFile(filepath.Join(repoRoot(), file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(text), literal) {
			t.Errorf("%s does not hold %q: the project builds with Go %s", file, literal, want)
		}
	}
	for _, tool := range []string{"golangci-lint", "goreleaser", "gremlins", "actionlint", "govulncheck"} {
		text, err := os.ReadFile(filepath.Join(repoRoot(), "tools", tool, "go.mod"))
		if err != nil {
			t.Errorf("%s is not pinned by tools/%s/go.mod: %v", tool, tool, err)
			continue
		}
		toolMod, err := modfile.Parse("go.mod", text, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(toolMod.Tool) != 1 || toolMod.Go == nil || toolMod.Go.Version != want {
			t.Errorf("tools/%s/go.mod: want one tool directive and go %s", tool, want)
		}
	}

	_, release := readWorkflow(t, ".github/workflows/release.yml")
	if !strings.Contains(release, "install-clis.sh goreleaser") || strings.Contains(release, "goreleaser-action") {
		t.Error("release.yml does not install GoReleaser the way make release-check does (.ci/install-clis.sh goreleaser)")
	}
	tests, raw2 := readWorkflow(t, ".github/workflows/test.yml")
	if !strings.Contains(raw2, "make vulncheck") {
		t.Error("test.yml does not run make vulncheck (govulncheck as tools/govulncheck pins it)")
	}
	for _, trigger := range []string{"push", "schedule"} {
		if _, ok := tests.On[trigger]; !ok {
			t.Errorf("test.yml (which runs govulncheck) is not triggered on %s", trigger)
		}
	}
}

// The users' drift-detection workflow hands the token to the plan step alone, installs
// only the reviewed provider builds and pins Terraform; its configuration constrains the
// provider's version.
func TestDriftDetectionWorkflowHoldsTheTokenTight(t *testing.T) {
	w, _ := readWorkflow(t, "examples/drift-detection/drift-detection.yml")
	var tokenSteps []string
	for jobName, job := range w.Jobs {
		if _, ok := job.Env["INTERCOM_ACCESS_TOKEN"]; ok {
			t.Errorf("job %s hands INTERCOM_ACCESS_TOKEN to every step: give it to the plan step only", jobName)
		}
		for _, step := range job.Steps {
			if _, ok := step.Env["INTERCOM_ACCESS_TOKEN"]; ok {
				tokenSteps = append(tokenSteps, step.Name)
			}
			if strings.Contains(step.Run, "terraform init") && !strings.Contains(step.Run, "-lockfile=readonly") {
				t.Errorf("job %s runs terraform init without -lockfile=readonly", jobName)
			}
			if strings.HasPrefix(step.Uses, "hashicorp/setup-terraform@") {
				v, _ := step.With["terraform_version"].(string)
				if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
					t.Errorf("setup-terraform installs %q, not a pinned version", v)
				}
			}
		}
	}
	if len(tokenSteps) != 1 || tokenSteps[0] != "Plan" {
		t.Errorf("the token is handed to steps %q, want the plan step alone", tokenSteps)
	}
	tf, err := os.ReadFile(filepath.Join(repoRoot(), "examples", "drift-detection", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`version\s*=\s*"[^"]+"`).Match(tf) {
		t.Error("examples/drift-detection/main.tf does not constrain the provider's version")
	}
}
