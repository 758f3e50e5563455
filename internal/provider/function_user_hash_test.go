package provider

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Functions need Terraform 1.8 or OpenTofu 1.7; both CLIs under test are newer, and the
// check keeps the tests honest should an older one be configured.
var functionsSupported = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// opensslHMAC computes the hex HMAC-SHA256 with openssl, an implementation independent of ours.
func opensslHMAC(t *testing.T, key, message string) string {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not on PATH: cannot check against an independent implementation")
	}
	cmd := exec.Command("openssl", "dgst", "-sha256", "-hmac", key)
	cmd.Stdin = strings.NewReader(message)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl: %v", err)
	}
	fields := strings.Fields(string(out))
	return fields[len(fields)-1]
}

func TestAccUserHashFunction(t *testing.T) {
	t.Parallel()
	independent := opensslHMAC(t, "s3cr3t-key", "user-42")
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionsSupported,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
output "intercom_vector" { value = provider::intercom::user_hash("secret", "Message") }
output "independent"     { value = provider::intercom::user_hash("s3cr3t-key", "user-42") }
`,
				ConfigStateChecks: []statecheck.StateCheck{
					// Intercom's published vector.
					statecheck.ExpectKnownOutputValue("intercom_vector", knownvalue.StringExact("aa747c502a898200f9e4fa21bac68136f886a0e27aec70ba06daf2e2a5cb5597")),
					statecheck.ExpectKnownOutputValue("independent", knownvalue.StringExact(independent)),
				},
			},
			{
				Config:      `output "x" { value = provider::intercom::user_hash("", "user-42") }`,
				ExpectError: regexp.MustCompile(`(?s)secret must not be empty`),
			},
			{
				Config:      `output "x" { value = provider::intercom::user_hash("secret", "") }`,
				ExpectError: regexp.MustCompile(`(?s)user_id must not be empty`),
			},
		},
	})
}
