package normtypes

import (
	"context"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestDomainSemanticEquality(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"docs.example.com", "docs.example.com", true},
		{"Docs.Example.COM.", "docs.example.com", true},
		{"*.Example.com", "*.example.com", true},
		{"bücher.example", "xn--bcher-kva.example", true},
		{"docs.example.com", "app.example.com", false},
		{"docs.example.com", "*.docs.example.com", false},
		{"https://x.example", "https://x.example", true}, // an invalid spelling equals only itself
		{"https://x.example", "x.example", false},
	} {
		got, diags := NewDomain(tc.a).StringSemanticEquals(ctx, NewDomain(tc.b))
		if diags.HasError() || got != tc.same {
			t.Errorf("%q ~ %q = %v (%v), want %v", tc.a, tc.b, got, diags, tc.same)
		}
	}
	if got, _ := NewDomain("x.example").StringSemanticEquals(ctx, NewIPRange("x.example")); got {
		t.Error("a domain is semantically equal to an IP range value")
	}
}

func TestIPRangeSemanticEquality(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"198.51.100.9", "198.51.100.9/32", true},
		{"203.0.113.0/24", "203.0.113.0/24", true},
		{"203.0.113.0/24", "203.0.113.0/25", false},
		{"198.51.100.9", "198.51.100.10", false},
		{"not-an-ip", "not-an-ip", true},
		{"not-an-ip", "198.51.100.9", false},
	} {
		got, diags := NewIPRange(tc.a).StringSemanticEquals(ctx, NewIPRange(tc.b))
		if diags.HasError() || got != tc.same {
			t.Errorf("%q ~ %q = %v (%v), want %v", tc.a, tc.b, got, diags, tc.same)
		}
	}
	if got, _ := NewIPRange("198.51.100.9").StringSemanticEquals(ctx, NewDomain("198.51.100.9")); got {
		t.Error("an IP range is semantically equal to a domain value")
	}
}

// The types round-trip Terraform values and tell themselves apart, as the framework needs
// for set elements.
func TestTypes(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		typ  basetypes.StringTypable
		kind string
	}{{DomainType{}, "normtypes.DomainType"}, {IPRangeType{}, "normtypes.IPRangeType"}} {
		if tc.typ.String() != tc.kind {
			t.Errorf("String() = %q, want %q", tc.typ.String(), tc.kind)
		}
		v, err := tc.typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "x.example"))
		if err != nil {
			t.Fatal(err)
		}
		if !v.Type(ctx).Equal(tc.typ) {
			t.Errorf("%s: a value's type is %v", tc.kind, v.Type(ctx))
		}
		sv, diags := tc.typ.ValueFromString(ctx, basetypes.NewStringValue("x.example"))
		if diags.HasError() || !sv.(attr.Value).Equal(v) {
			t.Errorf("%s: ValueFromString and ValueFromTerraform disagree: %v, %v", tc.kind, sv, v)
		}
		if !tc.typ.ValueType(ctx).Type(ctx).Equal(tc.typ) {
			t.Errorf("%s: ValueType is not a value of the type", tc.kind)
		}
		null, err := tc.typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, nil))
		if err != nil || !null.IsNull() {
			t.Errorf("%s: null: %v, %v", tc.kind, null, err)
		}
		if _, err := tc.typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.Number, big.NewFloat(1))); err == nil {
			t.Errorf("%s: a number was read as a string", tc.kind)
		}
	}
	if (DomainType{}).Equal(IPRangeType{}) || (IPRangeType{}).Equal(DomainType{}) {
		t.Error("the two types are equal")
	}
	if NewDomain("a.example").Equal(NewIPRange("a.example")) || NewIPRange("a").Equal(NewDomain("a")) {
		t.Error("values of the two types are equal")
	}
	if !NewDomain("a.example").Equal(NewDomain("a.example")) || NewDomain("a.example").Equal(NewDomain("A.example")) {
		t.Error("Equal is not the exact (not semantic) comparison")
	}
}
