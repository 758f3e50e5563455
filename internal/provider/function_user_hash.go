package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/salestim/terraform-provider-intercom/internal/messengerauth"
)

var _ function.Function = userHashFunction{}

// NewUserHashFunction returns provider::intercom::user_hash.
func NewUserHashFunction() function.Function { return userHashFunction{} }

// userHashFunction computes the Messenger's identity verification user_hash.
type userHashFunction struct{}

func (userHashFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "user_hash"
}

func (userHashFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The Messenger's identity verification user_hash",
		MarkdownDescription: "Returns the `user_hash` Intercom's Messenger expects for a user: the lower-case hex " +
			"HMAC-SHA256 of the user's id, keyed with an identity verification secret (as shown, not decoded). " +
			"Pass the secret from `intercom_identity_verification_secret.<name>.secret`; the result stays sensitive.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "secret", MarkdownDescription: "The identity verification secret."},
			function.StringParameter{Name: "user_id", MarkdownDescription: "The user's `user_id` (or email when there is no user_id)."},
		},
		Return: function.StringReturn{},
	}
}

func (userHashFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var secret, userID string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &secret, &userID))
	if resp.Error != nil {
		return
	}
	if secret == "" {
		resp.Error = function.NewArgumentFuncError(0, "secret must not be empty: pass the secret of an intercom_identity_verification_secret")
		return
	}
	if userID == "" {
		resp.Error = function.NewArgumentFuncError(1, "user_id must not be empty: pass the user's user_id, or their email when they have none")
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, messengerauth.UserHash(secret, userID)))
}
