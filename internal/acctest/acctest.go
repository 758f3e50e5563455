// Package acctest holds what the acceptance tests share: which Terraform CLI runs them,
// a CLI configuration of their own, and an Intercom emulator per test. Only tests import it.
package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/semver"
)

// CLI is the Terraform-compatible binary acceptance tests run under.
type CLI struct {
	Path    string
	Name    string // "Terraform" or "OpenTofu"
	Version string // e.g. "1.8.5"
}

// IsOpenTofu reports whether the tests run under OpenTofu.
func (c CLI) IsOpenTofu() bool { return c.Name == "OpenTofu" }

// RegistryHost is the registry a provider source without a host means to this CLI.
func (c CLI) RegistryHost() string {
	if c.IsOpenTofu() {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

func (c CLI) String() string { return fmt.Sprintf("%s %s (%s)", c.Name, c.Version, c.Path) }

var current *CLI

// Current is the CLI chosen by Main, or nil when acceptance tests are off.
func Current() *CLI { return current }

// Main prepares the environment of a test binary with acceptance tests and runs it.
// With TF_ACC set it insists on TF_ACC_TERRAFORM_PATH (terraform-plugin-testing would
// otherwise look on PATH and then try to download a CLI), says which CLI and version run,
// points TF_CLI_CONFIG_FILE at a configuration of its own (the machine's may be missing or
// hold dev_overrides), and sets the reattach address OpenTofu needs.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "intercom-acctest-cli-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "acctest: %v\n", err)
		return 2
	}
	defer os.RemoveAll(dir)
	cfg := filepath.Join(dir, "cli.tfrc")
	// An empty configuration: no dev_overrides, no credentials, no plugin cache
	// from the machine leak into the tests.
	if err := os.WriteFile(cfg, []byte("# acceptance tests: intentionally empty\n"), 0o600); err != nil {
		fmt.Fprintf(os.Stderr, "acctest: %v\n", err)
		return 2
	}
	// The provider's own variables from the machine never reach a test: each test names
	// its emulator in its configuration or its CLI's environment. With the process
	// environment clean from the start, tests need no t.Setenv to clear it and may run in
	// parallel (t.Setenv refuses a parallel test).
	for _, k := range []string{"INTERCOM_ACCESS_TOKEN", "INTERCOM_REGION", "INTERCOM_BASE_URL"} {
		if err := os.Unsetenv(k); err != nil {
			panic(err)
		}
	}
	setenv("TF_CLI_CONFIG_FILE", cfg)
	setenv("CHECKPOINT_DISABLE", "1")
	setenv("TF_IN_AUTOMATION", "1")
	collectGarbageLessOften()

	cli, err := detectCLI(os.Getenv("TF_ACC_TERRAFORM_PATH"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "acctest: %v\n", err)
		return 2
	}
	current = cli
	fmt.Printf("acctest: acceptance tests run under %s\n", cli)
	if cli.IsOpenTofu() {
		// terraform-plugin-testing reattaches the in-process provider under this address.
		setenv("TF_ACC_PROVIDER_HOST", cli.RegistryHost())
		setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
	}
	return m.Run()
}

// cliGOGC is the garbage collector's target for the processes the acceptance tests
// start: each CLI command, and the provider binary it runs. Most of a leg's CPU goes to
// about 1,800 short CLI processes, and with Go's default (100) each collects several times
// while it loads the provider's schema; 400 takes about an eighth off their CPU (measured
// on three resource tests: 23.5 CPU-seconds down to 20.7), for a few tens of megabytes
// more per process. A GOGC the user set is left as it is.
const cliGOGC = 400

// collectGarbageLessOften sets cliGOGC for this test binary and, through its environment,
// for every process it starts, unless GOGC is already set.
func collectGarbageLessOften() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	debug.SetGCPercent(cliGOGC)
	setenv("GOGC", strconv.Itoa(cliGOGC))
}

func setenv(k, v string) {
	if err := os.Setenv(k, v); err != nil {
		panic(err) // only fails for invalid names: a bug here
	}
}

// detectCLI runs `<path> version` to learn which CLI it is.
func detectCLI(path string) (*CLI, error) {
	if path == "" {
		return nil, fmt.Errorf("TF_ACC is set but TF_ACC_TERRAFORM_PATH is not: run the acceptance tests " +
			"through `make test` (it installs Terraform and OpenTofu into .bin/), or set TF_ACC_TERRAFORM_PATH " +
			"to a terraform or tofu binary; the tests never download one")
	}
	out, err := exec.Command(path, "version").Output()
	if err != nil {
		return nil, fmt.Errorf("running %s version: %w", path, err)
	}
	// The first line saying "Terraform v1.8.5" or "OpenTofu v1.12.6"; warnings may come first.
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) == 2 && (fields[0] == "Terraform" || fields[0] == "OpenTofu") && strings.HasPrefix(fields[1], "v") {
			return &CLI{Path: path, Name: fields[0], Version: strings.TrimPrefix(fields[1], "v")}, nil
		}
	}
	return nil, fmt.Errorf("%s version printed %q: not a Terraform or OpenTofu CLI", path, out)
}

// SkipUnlessTerraform skips the test unless it runs under Terraform (not OpenTofu) at
// minVersion or later: for what only such a CLI has (actions, terraform query).
func SkipUnlessTerraform(t testing.TB, minVersion, feature string) {
	t.Helper()
	c := Current()
	if c == nil {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make testacc)")
	}
	if c.IsOpenTofu() || semver.Compare("v"+c.Version, "v"+minVersion) < 0 {
		t.Skipf("%s needs Terraform %s or later; this is %s %s", feature, minVersion, c.Name, c.Version)
	}
}

// SkipUnlessCLIAtLeast skips the test unless it runs under Terraform at terraformMin or
// later, or OpenTofu at tofuMin or later: for what both engines have, from different
// versions (ephemeral variables, say).
func SkipUnlessCLIAtLeast(t testing.TB, terraformMin, tofuMin, feature string) {
	t.Helper()
	c := Current()
	if c == nil {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make testacc)")
	}
	minVersion := terraformMin
	if c.IsOpenTofu() {
		minVersion = tofuMin
	}
	if semver.Compare("v"+c.Version, "v"+minVersion) < 0 {
		t.Skipf("%s needs Terraform %s or OpenTofu %s or later; this is %s %s", feature, terraformMin, tofuMin, c.Name, c.Version)
	}
}
