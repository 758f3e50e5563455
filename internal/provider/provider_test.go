package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// protoV6ProviderFactories serves the provider in-process to the CLI under test.
// protoV6ProviderFactories serves a new provider instance each time a test's CLI starts
// one, so that tests running in parallel share nothing.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"intercom": func() (tfprotov6.ProviderServer, error) { return providerserver.NewProtocol6WithError(New("test")())() },
}

// newWorkdir is a Workdir whose CLI runs the provider served from this test binary, for
// tests about what the CLI prints and what reaches Intercom; acctest.NewWorkdir runs the
// installed binary, for tests about the binary itself.
func newWorkdir(t *testing.T, files map[string]string) *acctest.Workdir {
	t.Helper()
	return acctest.NewInProcessWorkdir(t, files, func(getenv func(string) string) (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6WithError(newWithEnv("test", getenv)())()
	})
}

func TestAccProvider_badToken(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      acctest.ProviderBlockFor(srv, "not-a-valid-token") + `data "intercom_workspace" "this" {}`,
			ExpectError: regexp.MustCompile(`(?s)Intercom rejected the access token.*HTTP 401.*code:\s+unauthorized.*request_id:`),
		}},
	})
}

func TestAccProvider_missingToken(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      `provider "intercom" { base_url = "` + srv.URL() + `" }` + "\n" + `data "intercom_workspace" "this" {}`,
			ExpectError: regexp.MustCompile(`(?s)Missing Intercom access token.*INTERCOM_ACCESS_TOKEN`),
		}},
	})
}

func TestAccProvider_unknownRegion(t *testing.T) {
	t.Parallel()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "intercom" {
  access_token = "x"
  region       = "mars"
}
data "intercom_workspace" "this" {}`,
			ExpectError: regexp.MustCompile(`(?s)region.*must be one of.*"us".*"eu".*"au".*got: "mars"`),
		}},
	})
}

func TestAccProvider_unknownRegionFromEnv(t *testing.T) {
	t.Setenv(EnvRegion, "mars")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      `provider "intercom" { access_token = "x" }` + "\n" + `data "intercom_workspace" "this" {}`,
			ExpectError: regexp.MustCompile(`(?s)Unknown Intercom region.*"mars".*INTERCOM_REGION`),
		}},
	})
}

func TestAccProvider_wrongWorkspaceID(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv, `workspace_id = "prod9999"`) + `data "intercom_workspace" "this" {}`,
			ExpectError: regexp.MustCompile(`(?s)Access token belongs to another workspace.*"prod9999".*"` +
				emulator.DefaultWorkspace.IDCode + `"`),
		}},
	})
}

func TestAccProvider_unreachableBaseURL(t *testing.T) {
	t.Parallel()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "intercom" {
  base_url     = "http://127.0.0.1:9"
  access_token = "x"
  max_retries  = 0
}
data "intercom_workspace" "this" {}`,
			ExpectError: regexp.MustCompile(`(?s)Intercom could not be reached.*http://127.0.0.1:9/me.*base_url`),
		}},
	})
}

func TestAccProvider_invalidBaseURL(t *testing.T) {
	t.Parallel()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "intercom" {
  base_url     = "api.intercom.io"
  access_token = "x"
}
data "intercom_workspace" "this" {}`,
			ExpectError: regexp.MustCompile(`(?s)Invalid Intercom base URL.*not an absolute http\(s\) URL`),
		}},
	})
}

// The token never travels in clear text: http:// is refused at plan time, before any
// call, unless the host is loopback (the emulator).
func TestAccProvider_plainHTTPOnlyForLoopback(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"http://api.intercom.io", "http://10.0.0.8:8080/intercom", "http://localhost.example.com"} {
		t.Run(base, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: `provider "intercom" {
  base_url     = "` + base + `"
  access_token = "x"
}
data "intercom_workspace" "this" {}`,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)Invalid Intercom base URL.*clear.*text.*use.*https://`),
				}},
			})
		})
	}
	for _, host := range []string{"localhost", "127.0.0.1", "[::1]", "127.8.8.8"} {
		if msg := checkBaseURL("http://" + host + ":8089"); msg != "" {
			t.Errorf("http to loopback host %s refused: %s", host, msg)
		}
	}
}

// The token must never reach a log, even at TF_LOG=trace: neither the CLI's nor the provider's.
func TestAccProvider_tokenNeverLogged(t *testing.T) {
	srv := acctest.StartEmulator(t)
	logFile := filepath.Join(os.TempDir(), "intercom-trace-"+strconv.Itoa(os.Getpid())+".log")
	t.Cleanup(func() {
		if !t.Failed() {
			os.Remove(logFile)
		}
	})
	t.Setenv("TF_LOG", "trace")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	// The token comes from the environment, as it should in real use: a literal in the
	// configuration would be logged by the test harness itself.
	t.Setenv(EnvAccessToken, emulator.DefaultWorkspace.Token)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "intercom" { base_url = "` + srv.URL() + `" }
data "intercom_workspace" "this" {}
resource "intercom_two_factor_authentication" "this" { required = true }`,
		}},
	})
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("reading the trace log: %v", err)
	}
	logs := string(raw)
	// The log must hold the provider's own API request lines, or this test proves nothing.
	if !strings.Contains(logs, "Intercom API request") {
		t.Fatalf("the trace log (%d bytes) has no provider request lines: logging was not captured", len(logs))
	}
	if strings.Contains(logs, emulator.DefaultWorkspace.Token) {
		t.Fatalf("the access token appears in the TF_LOG=trace output (%s)", logFile)
	}
}

func TestUserAgent(t *testing.T) {
	got := userAgent("1.2.3", "1.8.5")
	for _, want := range []string{"terraform-provider-intercom/1.2.3", "Terraform/1.8.5"} {
		if !strings.Contains(got, want) {
			t.Errorf("userAgent() = %q, want it to contain %q", got, want)
		}
	}
}

// A token known only after apply (from another resource) plans without calling Intercom,
// and applies once it is known, as the framework documents for unknown provider values.
func TestAccProvider_tokenKnownAfterApply(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "token" { input = %q }
provider "intercom" {
  base_url     = %q
  access_token = terraform_data.token.output
}
resource "intercom_two_factor_authentication" "this" { required = true }
`, emulator.DefaultWorkspace.Token, srv.URL()),
			Check: emulatorTwoFactor(srv, true),
		}},
	})
}
