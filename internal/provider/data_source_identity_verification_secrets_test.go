package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Secrets come out oldest first whatever order Intercom lists them in; ties by id,
// numerically.
func TestSortSecretsOldestFirst(t *testing.T) {
	list := []intercom.IdentityVerificationSecret{
		{ID: "110", CreatedAt: 300}, {ID: "99", CreatedAt: 300}, {ID: "7", CreatedAt: 100}, {ID: "8", CreatedAt: 200},
	}
	sortSecretsOldestFirst(list)
	var got []string
	for _, s := range list {
		got = append(got, s.ID)
	}
	if strings.Join(got, ",") != "7,8,99,110" {
		t.Fatalf("order %v, want 7,8,99,110", got)
	}
}

func TestAccIdentityVerificationSecretsDataSource(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: secretConfig(srv, `name = "Production iOS"
  supports_ios = true`)},
			{
				Config: secretConfig(srv, `name = "Production iOS"
  supports_ios = true`) + `data "intercom_identity_verification_secrets" "all" {}`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.intercom_identity_verification_secrets.all", "secrets.#", "1"),
					resource.TestCheckResourceAttrPair("data.intercom_identity_verification_secrets.all", "secrets.0.id", secretAddr, "id"),
					resource.TestCheckResourceAttr("data.intercom_identity_verification_secrets.all", "secrets.0.name", "Production iOS"),
					resource.TestCheckResourceAttr("data.intercom_identity_verification_secrets.all", "secrets.0.supports_ios", "true"),
					resource.TestCheckResourceAttr("data.intercom_identity_verification_secrets.all", "secrets.0.supports_web", "false"),
					resource.TestCheckNoResourceAttr("data.intercom_identity_verification_secrets.all", "secrets.0.secret"),
				),
			},
		},
	})
}
