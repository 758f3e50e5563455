// Command terraform-provider-intercom serves the Intercom provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/salestim/terraform-provider-intercom/internal/gdprcmd"
	"github.com/salestim/terraform-provider-intercom/internal/pluginproc"
	"github.com/salestim/terraform-provider-intercom/internal/provider"
)

// Address is where the registry publishes the provider.
const Address = "registry.terraform.io/salestim/intercom"

// version is set at release time from the tag (GoReleaser's -X main.version).
var version = "dev"

// openProfile creates the CPU profile file the environment names, or returns nil. It only
// ever creates a new file (O_EXCL), readable by its owner alone: an environment variable
// that names an existing path (a state file, a key) must never truncate it.
func openProfile(path string, pid int) *os.File {
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(strings.ReplaceAll(path, "%d", strconv.Itoa(pid)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) //nolint:gosec // TF_PROVIDER_INTERCOM_CPUPROFILE, a path the developer profiling the provider names
	if err != nil {
		return nil
	}
	return f
}

func main() {
	// The GDPR actions as a command, for OpenTofu and Terraform before 1.14: Terraform
	// starts the provider without arguments, so "gdpr" cannot be a Terraform launch.
	if len(os.Args) > 1 && os.Args[1] == "gdpr" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := gdprcmd.Main(ctx, os.Args[2:], gdprcmd.IO{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Version: version})
		stop()
		os.Exit(code)
	}

	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	// For profiling under a real CLI (see BENCHMARKS.md): the CLI starts the provider,
	// so the profile is asked for through the environment.
	// Each provider configuration is its own process: "%d" in the path becomes the pid.
	if f := openProfile(os.Getenv("TF_PROVIDER_INTERCOM_CPUPROFILE"), os.Getpid()); f != nil {
		if err := pprof.StartCPUProfile(f); err == nil {
			defer pprof.StopCPUProfile()
		}
	}

	// Logs nobody reads and a GC paced for servers cost a short-lived plugin process
	// (BENCHMARKS.md).
	if err := pluginproc.Tune("intercom", debug); err != nil {
		log.Print(err)
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: Address,
		Debug:   debug,
	})
	if err != nil {
		log.Print(err)
		os.Exit(1) //nolint:gocritic // the profile is of no use after a failed start
	}
}
