package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maskSecrets makes tflog replace every occurrence of the secrets in messages and
// field values logged with the returned context.
func maskSecrets(ctx context.Context, secrets ...string) context.Context {
	var nonEmpty []string
	for _, s := range secrets {
		if s != "" {
			nonEmpty = append(nonEmpty, s)
		}
	}
	if len(nonEmpty) == 0 {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, nonEmpty...)
	return tflog.MaskMessageStrings(ctx, nonEmpty...)
}

// maskingLogger adapts the client's Logger to tflog. The client logs no headers or
// bodies; masking the token as well is defence in depth.
type maskingLogger struct {
	secrets []string
}

func (l maskingLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(maskSecrets(ctx, l.secrets...), msg, fields)
}
