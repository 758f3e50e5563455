package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// BenchmarkProviderStartup measures what every CLI command pays before the first
// resource: the schema, then validating and configuring the provider (which calls
// GET /me once). Target: under 50 ms. Run with make bench (or go test -bench Startup).
func BenchmarkProviderStartup(b *testing.B) {
	srv := emulator.New(emulator.Config{RateLimit: 1 << 30})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })

	configType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"access_token": tftypes.String, "region": tftypes.String, "base_url": tftypes.String,
		"workspace_id": tftypes.String, "max_retries": tftypes.Number, "request_timeout": tftypes.String,
	}}
	config, err := tfprotov6.NewDynamicValue(configType, tftypes.NewValue(configType, map[string]tftypes.Value{
		"access_token":    tftypes.NewValue(tftypes.String, emulator.DefaultWorkspace.Token),
		"region":          tftypes.NewValue(tftypes.String, nil),
		"base_url":        tftypes.NewValue(tftypes.String, srv.URL()),
		"workspace_id":    tftypes.NewValue(tftypes.String, emulator.DefaultWorkspace.IDCode),
		"max_retries":     tftypes.NewValue(tftypes.Number, nil),
		"request_timeout": tftypes.NewValue(tftypes.String, nil),
	}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		server, err := providerserver.NewProtocol6WithError(New("bench")())()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
			b.Fatal(err)
		}
		if resp, err := server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: &config}); err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("validate: %v %v", err, resp.Diagnostics)
		}
		resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config, TerraformVersion: "1.8.5"})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("configure: %v %+v", err, resp.Diagnostics)
		}
	}
}
