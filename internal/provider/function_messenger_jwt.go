package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/salestim/terraform-provider-intercom/internal/messengerauth"
)

var _ function.Function = messengerJWTFunction{}

// NewMessengerJWTFunction returns provider::intercom::messenger_jwt.
func NewMessengerJWTFunction() function.Function { return messengerJWTFunction{} }

// messengerJWTFunction signs a Messenger security JWT (HS256).
type messengerJWTFunction struct{}

func (messengerJWTFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "messenger_jwt"
}

func (messengerJWTFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "A Messenger security JWT (HS256)",
		MarkdownDescription: "Returns a JWT for Intercom's Messenger security, signed with HS256 and an identity " +
			"verification secret. `claims` is an object that must hold a string `user_id` and `exp` (Unix seconds); " +
			"`email` and `name` are recommended. A token without `exp` never expires, so anyone who copies it can act as " +
			"the user for ever: it is refused unless asked for by name with `exp = null` (the token then carries no `exp`). " +
			"`exp`, `iat` and `nbf` must be numbers (a string is refused: a verifier would read it as no time at all). " +
			"The result is deterministic: the function reads no clock, so pass `exp` yourself. Keys are serialised in " +
			"sorted order.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "secret", MarkdownDescription: "The identity verification secret."},
			function.DynamicParameter{Name: "claims", MarkdownDescription: "The claims, as an object or map, e.g. `{ user_id = \"42\", exp = 1767225600 }`."},
		},
		Return: function.StringReturn{},
	}
}

func (messengerJWTFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var secret string
	var claims types.Dynamic
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &secret, &claims))
	if resp.Error != nil {
		return
	}
	if secret == "" {
		resp.Error = function.NewArgumentFuncError(0, "secret must not be empty: pass the secret of an intercom_identity_verification_secret")
		return
	}
	value, err := claimsToGo(claims.UnderlyingValue())
	if err != nil {
		resp.Error = function.NewArgumentFuncError(1, "claims: "+err.Error())
		return
	}
	object, ok := value.(map[string]any)
	if !ok {
		resp.Error = function.NewArgumentFuncError(1, "claims must be an object such as { user_id = \"42\" }")
		return
	}
	token, err := messengerauth.JWT(secret, object)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(1, err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, token))
}

// claimsToGo turns a Terraform value into what encoding/json marshals as the same JSON.
func claimsToGo(v attr.Value) (any, error) {
	if v == nil || v.IsNull() {
		return nil, nil
	}
	if v.IsUnknown() {
		return nil, fmt.Errorf("a value is not known yet")
	}
	switch val := v.(type) {
	case basetypes.StringValue:
		return val.ValueString(), nil
	case basetypes.BoolValue:
		return val.ValueBool(), nil
	case basetypes.NumberValue:
		return jsonNumber(val.ValueBigFloat()), nil
	case basetypes.Int64Value:
		return val.ValueInt64(), nil
	case basetypes.Float64Value:
		return val.ValueFloat64(), nil
	case basetypes.DynamicValue:
		return claimsToGo(val.UnderlyingValue())
	case basetypes.ObjectValue:
		return mapToGo(val.Attributes())
	case basetypes.MapValue:
		return mapToGo(val.Elements())
	case basetypes.ListValue:
		return listToGo(val.Elements())
	case basetypes.TupleValue:
		return listToGo(val.Elements())
	case basetypes.SetValue:
		return listToGo(val.Elements())
	}
	return nil, fmt.Errorf("values of type %s cannot be a JWT claim", v.Type(context.Background()))
}

func mapToGo(in map[string]attr.Value) (map[string]any, error) {
	out := make(map[string]any, len(in))
	for k, v := range in {
		g, err := claimsToGo(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = g
	}
	return out, nil
}

func listToGo(in []attr.Value) ([]any, error) {
	out := make([]any, 0, len(in))
	for i, v := range in {
		g, err := claimsToGo(v)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out = append(out, g)
	}
	return out, nil
}

// jsonNumber writes whole numbers without exponent or fraction (exp = 1767225600 must
// stay 1767225600 in the token), others in their shortest form.
func jsonNumber(f *big.Float) json.Number {
	if f == nil {
		return "0"
	}
	if f.IsInt() {
		return json.Number(f.Text('f', 0))
	}
	return json.Number(f.Text('g', -1))
}
