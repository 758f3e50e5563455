package provider

import (
	"encoding/base64"
	"encoding/hex"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// expectedJWT builds the token independently: header and payload written out by hand,
// signature from openssl.
func expectedJWT(t *testing.T, secret, payloadJSON string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	signingInput := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(payloadJSON))
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not on PATH: cannot check against an independent implementation")
	}
	cmd := exec.Command("openssl", "dgst", "-sha256", "-hmac", secret)
	cmd.Stdin = strings.NewReader(signingInput)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl: %v", err)
	}
	fields := strings.Fields(string(out))
	sig, err := hex.DecodeString(fields[len(fields)-1])
	if err != nil {
		t.Fatal(err)
	}
	return signingInput + "." + enc.EncodeToString(sig)
}

func TestAccMessengerJWTFunction(t *testing.T) {
	t.Parallel()
	want := expectedJWT(t, "s3cr3t-key", `{"email":"ada@salestim.com","exp":1767225600,"plan":["pro","sso"],"user_id":"42"}`)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionsSupported,
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
output "jwt" {
  value = provider::intercom::messenger_jwt("s3cr3t-key", {
    user_id = "42"
    email   = "ada@salestim.com"
    exp     = 1767225600
    plan    = ["pro", "sso"]
  })
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("jwt", knownvalue.StringExact(want)),
				},
			},
			{
				Config:      `output "x" { value = provider::intercom::messenger_jwt("s3cr3t-key", { email = "a@b.c", exp = 1767225600 }) }`,
				ExpectError: regexp.MustCompile(`(?s)user_id`),
			},
			{
				Config:      `output "x" { value = provider::intercom::messenger_jwt("s3cr3t-key", { user_id = "42", exp = "2026-12-31" }) }`,
				ExpectError: regexp.MustCompile(`(?s)"exp" must be a number of seconds`),
			},
			{
				// A token that never expires, minted without a word, was the old behaviour.
				Config:      `output "x" { value = provider::intercom::messenger_jwt("s3cr3t-key", { user_id = "42" }) }`,
				ExpectError: regexp.MustCompile(`(?s)no "exp".*never\s+expire.*exp\s+=\s+null`),
			},
			{
				Config: `output "jwt" { value = provider::intercom::messenger_jwt("s3cr3t-key", { user_id = "42", exp = null }) }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("jwt", knownvalue.StringExact(expectedJWT(t, "s3cr3t-key", `{"user_id":"42"}`))),
				},
			},
			{
				Config:      `output "x" { value = provider::intercom::messenger_jwt("s3cr3t-key", "not an object") }`,
				ExpectError: regexp.MustCompile(`(?s)claims must be an object`),
			},
		},
	})
}
