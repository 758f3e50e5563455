package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// Trusted domains and IP ranges have several spellings of one value ("SalesTim.com." and
// "salestim.com"; "198.51.100.7/32" and "198.51.100.7"). One normaliser per kind both
// validates at plan time and decides equality, so the two can never disagree: state keeps
// the spelling the user wrote as long as Intercom holds the same canonical values.

// normaliseList is normalize.Domains or normalize.IPRanges: canonical, sorted values, or
// an error naming the bad entry and the fix.
type normaliseList func([]string) ([]string, error)

// normalisedSetValidator runs the normaliser over a set of strings at plan time.
type normalisedSetValidator struct {
	normalise normaliseList
	what      string // e.g. "trusted domain"
}

func (v normalisedSetValidator) Description(context.Context) string {
	return fmt.Sprintf("every entry must be a valid %s, with no two spellings of the same one", v.what)
}

func (v normalisedSetValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v normalisedSetValidator) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	values, known := knownStrings(req.ConfigValue)
	if !known {
		return // checked again at apply time, when every entry is known
	}
	if _, err := v.normalise(values); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.what, err.Error())
	}
}

// normalisedStringValidator runs a single-value normaliser at plan time.
type normalisedStringValidator struct {
	normalise func(string) (string, error)
	what      string
}

func (v normalisedStringValidator) Description(context.Context) string {
	return "must be a valid " + v.what
}

func (v normalisedStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v normalisedStringValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := v.normalise(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.what, err.Error())
	}
}

// knownStrings returns a set's strings, and false when any is unknown.
func knownStrings(set types.Set) ([]string, bool) {
	out := make([]string, 0, len(set.Elements()))
	for _, e := range set.Elements() {
		valuable, ok := e.(basetypes.StringValuable)
		if !ok {
			return nil, false
		}
		s, diags := valuable.ToStringValue(context.Background())
		if diags.HasError() || s.IsUnknown() {
			return nil, false
		}
		if !s.IsNull() {
			out = append(out, s.ValueString())
		}
	}
	return out, true
}

// setFromStrings builds a set of elemType from strings; nil gives an empty set, not null.
func setFromStrings(elemType basetypes.StringTypable, values []string) (types.Set, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		e, d := elemType.ValueFromString(context.Background(), types.StringValue(v))
		diags.Append(d...)
		elems = append(elems, e)
	}
	set, d := types.SetValue(elemType, elems)
	diags.Append(d...)
	return set, diags
}
