package acctest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// StartEmulator starts an Intercom emulator on loopback for one test, with the default
// workspace plus any given, and stops it when the test ends.
func StartEmulator(t testing.TB, extra ...emulator.WorkspaceConfig) *emulator.Server {
	t.Helper()
	return StartEmulatorWith(t, emulator.Config{Workspaces: append([]emulator.WorkspaceConfig{emulator.DefaultWorkspace}, extra...)})
}

// StartEmulatorWith starts an emulator with cfg (its workspaces default to
// DefaultWorkspace), for tests that need a mode such as PublishedOnly.
func StartEmulatorWith(t testing.TB, cfg emulator.Config) *emulator.Server {
	t.Helper()
	if len(cfg.Workspaces) == 0 {
		cfg.Workspaces = []emulator.WorkspaceConfig{emulator.DefaultWorkspace}
	}
	srv := emulator.New(cfg)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("starting the Intercom emulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// ProviderBlock is an HCL provider block pointing at srv with the default workspace's
// token; extra lines (e.g. `workspace_id = "x"`) go inside the block.
func ProviderBlock(srv *emulator.Server, extra ...string) string {
	return ProviderBlockFor(srv, emulator.DefaultWorkspace.Token, extra...)
}

// ProviderBlockWithDefaults is a provider block that sets only base_url and the token:
// max_retries and request_timeout keep the defaults a user gets.
func ProviderBlockWithDefaults(srv *emulator.Server) string {
	return fmt.Sprintf("provider \"intercom\" {\n  base_url     = %q\n  access_token = %q\n}\n", srv.URL(), emulator.DefaultWorkspace.Token)
}

// ProviderBlockFor is ProviderBlock with another token.
func ProviderBlockFor(srv *emulator.Server, token string, extra ...string) string {
	body := fmt.Sprintf("  base_url     = %q\n  access_token = %q\n", srv.URL(), token)
	retries := "  max_retries  = 1\n" // tests fail fast unless they ask for more
	for _, line := range extra {
		body += "  " + line + "\n"
		if strings.HasPrefix(strings.TrimSpace(line), "max_retries") {
			retries = ""
		}
	}
	body += retries
	return "provider \"intercom\" {\n" + body + "}\n"
}

// Workspace is the emulator's default workspace as it stands; the test fails (rather
// than checking an empty zero value) when the emulator does not hold it.
func Workspace(t testing.TB, srv *emulator.Server) emulator.WorkspaceState {
	t.Helper()
	ws, ok := srv.Workspace(emulator.DefaultWorkspace.IDCode)
	if !ok {
		t.Fatalf("the emulator holds no workspace %s", emulator.DefaultWorkspace.IDCode)
	}
	return ws
}

// CheckedWorkspace is Workspace for check functions, which report errors.
func CheckedWorkspace(srv *emulator.Server) (emulator.WorkspaceState, error) {
	ws, ok := srv.Workspace(emulator.DefaultWorkspace.IDCode)
	if !ok {
		return ws, fmt.Errorf("the emulator holds no workspace %s", emulator.DefaultWorkspace.IDCode)
	}
	return ws, nil
}

// Writes lists the calls other than GET the emulator served since its stats were last
// reset, as "METHOD /path ×n": what a test that must not write checks is empty.
func Writes(srv *emulator.Server) []string {
	var out []string
	for endpoint, n := range srv.Stats().Endpoints {
		if n > 0 && !strings.HasPrefix(endpoint, "GET ") {
			out = append(out, fmt.Sprintf("%s ×%d", endpoint, n))
		}
	}
	slices.Sort(out)
	return out
}
