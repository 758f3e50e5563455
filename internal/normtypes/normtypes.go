// Package normtypes holds the framework's custom string types for values Intercom spells
// its own way: trusted domains and IP ranges. Two values are semantically equal when
// internal/normalize gives them the same canonical form, so the framework keeps the
// spelling a configuration chose (Example.COM, 198.51.100.9) when Intercom answers with
// its own (example.com, 198.51.100.9/32).
package normtypes

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/salestim/terraform-provider-intercom/internal/normalize"
)

var (
	_ basetypes.StringTypable                    = DomainType{}
	_ basetypes.StringValuableWithSemanticEquals = Domain{}
	_ basetypes.StringTypable                    = IPRangeType{}
	_ basetypes.StringValuableWithSemanticEquals = IPRange{}
)

// stringFromTerraform reads a Terraform value as the base string value.
func stringFromTerraform(ctx context.Context, in tftypes.Value) (basetypes.StringValue, error) {
	v, err := basetypes.StringType{}.ValueFromTerraform(ctx, in)
	if err != nil {
		return basetypes.StringValue{}, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return basetypes.StringValue{}, fmt.Errorf("unexpected value type %T", v)
	}
	return s, nil
}

// DomainType is a Messenger trusted domain: a host name, or *. and a host name.
type DomainType struct{ basetypes.StringType }

func (t DomainType) String() string { return "normtypes.DomainType" }

func (t DomainType) Equal(o attr.Type) bool {
	_, ok := o.(DomainType)
	return ok
}

func (t DomainType) ValueType(context.Context) attr.Value { return Domain{} }

func (t DomainType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return Domain{StringValue: in}, nil
}

func (t DomainType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	s, err := stringFromTerraform(ctx, in)
	return Domain{StringValue: s}, err
}

// Domain is a value of DomainType.
type Domain struct{ basetypes.StringValue }

// NewDomain is a known Domain.
func NewDomain(s string) Domain { return Domain{StringValue: basetypes.NewStringValue(s)} }

func (v Domain) Type(context.Context) attr.Type { return DomainType{} }

func (v Domain) Equal(o attr.Value) bool {
	other, ok := o.(Domain)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals: Docs.Example.COM. and docs.example.com are one domain.
func (v Domain) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(Domain)
	if !ok {
		return false, nil
	}
	return normalize.SameCanonical(normalize.Domains, []string{v.ValueString()}, []string{other.ValueString()}), nil
}

// IPRangeType is an IP allowlist entry: an IPv4 address or CIDR range.
type IPRangeType struct{ basetypes.StringType }

func (t IPRangeType) String() string { return "normtypes.IPRangeType" }

func (t IPRangeType) Equal(o attr.Type) bool {
	_, ok := o.(IPRangeType)
	return ok
}

func (t IPRangeType) ValueType(context.Context) attr.Value { return IPRange{} }

func (t IPRangeType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return IPRange{StringValue: in}, nil
}

func (t IPRangeType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	s, err := stringFromTerraform(ctx, in)
	return IPRange{StringValue: s}, err
}

// IPRange is a value of IPRangeType.
type IPRange struct{ basetypes.StringValue }

// NewIPRange is a known IPRange.
func NewIPRange(s string) IPRange { return IPRange{StringValue: basetypes.NewStringValue(s)} }

func (v IPRange) Type(context.Context) attr.Type { return IPRangeType{} }

func (v IPRange) Equal(o attr.Value) bool {
	other, ok := o.(IPRange)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals: 198.51.100.9 and 198.51.100.9/32 are one range.
func (v IPRange) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(IPRange)
	if !ok {
		return false, nil
	}
	return normalize.SameCanonical(normalize.IPRanges, []string{v.ValueString()}, []string{other.ValueString()}), nil
}
