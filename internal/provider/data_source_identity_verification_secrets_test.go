package provider

import (
	"strings"
	"testing"

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
