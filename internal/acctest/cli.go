package acctest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Some behaviour can only be seen in what the CLI prints (warnings, say), which
// terraform-plugin-testing does not expose. For those, Workdir runs the CLI under test
// as a user would: the provider built as a binary, installed with dev_overrides.

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// ProviderBinaryDir builds the provider once per test binary and returns the folder
// holding terraform-provider-intercom.
func ProviderBinaryDir(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "intercom-provider-bin-")
		if buildErr != nil {
			return
		}
		root, err := repoRoot()
		if err != nil {
			buildErr = err
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(buildDir, "terraform-provider-intercom"), ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building the provider: %v", buildErr)
	}
	return buildDir
}

// repoRoot walks up from this source file to the folder holding go.mod.
func repoRoot() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("cannot locate the source tree")
	}
	dir := filepath.Dir(file)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above " + file)
		}
		dir = parent
	}
}

// Workdir is a Terraform working directory driven through the CLI under test.
type Workdir struct {
	t   testing.TB
	Dir string
	Env []string
	cli *CLI
	// newServer, when set, serves the provider in-process for each command
	// (NewInProcessWorkdir) instead of the installed binary.
	newServer NewServer
}

// command is the CLI run with args in w, and a function to call once it has ended.
func (w *Workdir) command(args []string) (*exec.Cmd, func()) {
	cmd := exec.Command(w.cli.Path, args...)
	cmd.Dir = w.Dir
	cmd.Env = w.Env
	if w.newServer == nil {
		return cmd, func() {}
	}
	reattach, stop := w.serve()
	cmd.Env = append(append([]string(nil), w.Env...), reattach)
	return cmd, stop
}

// NewWorkdir writes files (name -> content) into a new folder, with a CLI configuration
// that installs the built provider through dev_overrides. It skips the test when
// acceptance tests are off.
func NewWorkdir(t testing.TB, files map[string]string) *Workdir {
	t.Helper()
	w := newWorkdir(t, files)
	config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", ProviderAddress, ProviderBinaryDir(t))
	w.Env = append(w.Env, cliConfigEnv(t, config))
	return w
}

// NewBareWorkdir is a Workdir whose CLI configuration is cliConfig as given (no
// dev_overrides): for installing the provider the way users do.
func NewBareWorkdir(t testing.TB, files map[string]string, cliConfig string) *Workdir {
	t.Helper()
	w := newWorkdir(t, files)
	w.Env = append(w.Env, cliConfigEnv(t, cliConfig), "TF_PLUGIN_CACHE_DIR=")
	return w
}

// newWorkdir is a Workdir holding files, whose CLI runs in this process's environment
// (acctest.Main's CLI configuration among it) and quietly; it skips the test when
// acceptance tests are off.
func newWorkdir(t testing.TB, files map[string]string) *Workdir {
	t.Helper()
	cli := Current()
	if cli == nil {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make testacc)")
	}
	env := append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "NO_COLOR=1")
	return &Workdir{t: t, Dir: writeFiles(t, files), Env: env, cli: cli}
}

// cliConfigEnv writes a CLI configuration into a folder of its own and returns the
// environment entry that points the CLI at it.
func cliConfigEnv(t testing.TB, config string) string {
	t.Helper()
	rc := filepath.Join(t.TempDir(), "cli.tfrc")
	if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return "TF_CLI_CONFIG_FILE=" + rc
}

// Result is what one CLI command printed.
type Result struct {
	Stdout, Stderr string
	ExitCode       int
}

// Output is stdout and stderr together.
func (r Result) Output() string { return r.Stdout + r.Stderr }

// Run runs the CLI with args (plus -no-color) and returns what it printed.
func (w *Workdir) Run(args ...string) Result {
	w.t.Helper()
	if len(args) > 0 && args[0] != "version" && args[0] != "fmt" {
		args = append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)
	}
	cmd, stop := w.command(args)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	stop()
	res := Result{Stdout: stdout.String(), Stderr: stderr.String()}
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		res.ExitCode = exitErr.ExitCode()
	case err != nil:
		w.t.Fatalf("running %s %s: %v", w.cli.Name, strings.Join(args, " "), err)
	}
	return res
}

// MustRun is Run that fails the test unless the command exits with one of okCodes (0 when none given).
func (w *Workdir) MustRun(args []string, okCodes ...int) Result {
	w.t.Helper()
	if len(okCodes) == 0 {
		okCodes = []int{0}
	}
	res := w.Run(args...)
	for _, c := range okCodes {
		if res.ExitCode == c {
			return res
		}
	}
	w.t.Fatalf("%s %s exited %d, want %v\n%s", w.cli.Name, strings.Join(args, " "), res.ExitCode, okCodes, res.Output())
	return res
}

// RunInterrupted starts the CLI with args, sends it SIGINT (as Ctrl-C does) as soon as
// ready reports true (polled; at the latest after 30 s), and returns what it printed
// once it exits.
func (w *Workdir) RunInterrupted(ready func() bool, args ...string) Result {
	w.t.Helper()
	args = append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)
	cmd, stop := w.command(args)
	defer stop()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		w.t.Fatalf("starting %s: %v", w.cli.Name, err)
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		deadline := time.Now().Add(30 * time.Second)
		for !ready() && time.Now().Before(deadline) {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
		_ = cmd.Process.Signal(os.Interrupt)
	}()
	err := cmd.Wait()
	res := Result{Stdout: stdout.String(), Stderr: stderr.String()}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		res.ExitCode = exitErr.ExitCode()
	} else if err != nil {
		w.t.Fatalf("running %s: %v", w.cli.Name, err)
	}
	return res
}

// writeFiles writes files (name -> content) into a new folder and returns it.
func writeFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
