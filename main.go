// Command terraform-provider-intercom serves the Intercom provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"

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

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: Address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
