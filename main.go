// Command terraform-provider-intercom serves the Intercom provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/salestim/terraform-provider-intercom/internal/provider"
)

// Address is where the registry publishes the provider.
const Address = "registry.terraform.io/salestim/intercom"

// version is set at release time from the tag (GoReleaser's -X main.version).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	// For profiling under a real CLI (see BENCHMARKS.md): the CLI starts the provider,
	// so the profile is asked for through the environment.
	// Each provider configuration is its own process: "%d" in the path becomes the pid.
	if path := os.Getenv("TF_PROVIDER_INTERCOM_CPUPROFILE"); path != "" {
		if f, err := os.Create(strings.ReplaceAll(path, "%d", strconv.Itoa(os.Getpid()))); err == nil {
			if err := pprof.StartCPUProfile(f); err == nil {
				defer pprof.StopCPUProfile()
			}
		}
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
