package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// An installed provider costs each CLI command several provider processes (one per
// graph walk, each with its own TLS key pair): TestAccExamples took 33 CPU-seconds under
// Terraform 1.16 with it and 18 with the provider served in-process. Tests that look only
// at what the CLI prints and what reaches the emulator use an in-process Workdir. Those
// about the installed binary keep NewWorkdir: its logs under TF_LOG, Ctrl-C, the gdpr
// command, installation; the actions, which read and write files relative to the CLI's
// working directory (a provider in this process has the test's); and configurations with
// provider aliases: the CLI starts one provider process per alias, but attaches every
// alias to the one server it is given.

// ProviderAddress is the provider's source address, as the examples spell it.
const ProviderAddress = "salestim/intercom"

// NewServer makes a provider server that reads its environment variables through getenv.
type NewServer func(getenv func(string) string) (tfprotov6.ProviderServer, error)

// NewInProcessWorkdir is NewWorkdir with the provider served from this process: each
// command gets a fresh server made by newServer, as terraform-plugin-testing serves
// it, so that nothing a command leaves in the provider reaches the next one. The server
// reads the provider's environment variables from the Workdir's Env, as the installed
// binary would from the CLI's.
func NewInProcessWorkdir(t *testing.T, files map[string]string, newServer NewServer) *Workdir {
	t.Helper()
	w := newWorkdir(t, files)
	w.newServer = newServer
	return w
}

// serve starts a provider server for one command and returns the environment variable
// that attaches the CLI to it, and a function that stops it.
func (w *Workdir) serve() (reattachEnv string, stop func()) {
	w.t.Helper()
	server, err := w.newServer(lookupIn(w.Env))
	if err != nil {
		w.t.Fatalf("creating the provider server: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(ProviderAddress, func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, configCh, closed), tf6server.WithoutLogStderrOverride(),
			// Its SDK logs go where terraform-plugin-testing sends them: nowhere, unless
			// TF_LOG, TF_ACC_LOG_PATH or TF_LOG_PATH_MASK is set for the test binary.
			// (Without a sink they would all reach the test's stderr, at trace.)
			// (NewInProcessWorkdir takes a *testing.T, which the sink needs.)
			tf6server.WithLoggingSink(w.t.(*testing.T)),
			// The server's own log says only that it stopped accepting connections when stopped.
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
	}()
	var config *plugin.ReattachConfig
	select {
	case config = <-configCh:
	case err := <-served:
		cancel()
		w.t.Fatalf("serving the provider in-process: %v", err)
	}
	reattach, err := json.Marshal(tfexec.ReattachInfo{
		w.cli.RegistryHost() + "/" + ProviderAddress: tfexec.ReattachConfig{
			Protocol:        string(config.Protocol),
			ProtocolVersion: config.ProtocolVersion,
			Pid:             config.Pid,
			Test:            config.Test,
			Addr:            tfexec.ReattachConfigAddr{Network: config.Addr.Network(), String: config.Addr.String()},
		},
	})
	if err != nil {
		cancel()
		w.t.Fatal(err)
	}
	return fmt.Sprintf("TF_REATTACH_PROVIDERS=%s", reattach), func() {
		cancel()
		<-closed
	}
}

// lookupIn reads a variable from env (KEY=value entries; the last wins, as in exec.Cmd).
func lookupIn(env []string) func(string) string {
	return func(key string) string {
		value := ""
		for _, kv := range env {
			if k, v, ok := strings.Cut(kv, "="); ok && k == key {
				value = v
			}
		}
		return value
	}
}
