package pluginproc

import (
	"bytes"
	"context"
	"maps"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tfsdklog"
)

func TestWantedOnlyWhenTheCLIKeepsLogs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		environ []string
		want    bool
	}{
		{"no logging variable", []string{"HOME=/root", "PATH=/usr/bin", "TF_IN_AUTOMATION=1"}, false},
		{"TF_LOG set but empty, which the CLI reads as unset", []string{"TF_LOG="}, false},
		{"TF_LOG", []string{"TF_LOG=trace"}, true},
		{"TF_LOG_PROVIDER", []string{"TF_LOG_PROVIDER=debug"}, true},
		{"a provider-specific level", []string{"TF_LOG_PROVIDER_INTERCOM=debug"}, true},
		{"an SDK level", []string{"TF_LOG_SDK_FRAMEWORK=trace"}, true},
		{"protocol data capture", []string{"TF_LOG_SDK_PROTO_DATA_DIR=/tmp/proto"}, true},
		{"a log file, even without a level", []string{"TF_LOG_PATH=/tmp/tf.log"}, true},
		{"Terraform's crash-log sink", []string{"TF_TEMP_LOG_PATH=/tmp/x"}, true},
		{"the testing framework's log file", []string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, true},
		{"a variable whose value mentions TF_LOG", []string{"NOTE=TF_LOG=trace"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Wanted(tc.environ); got != tc.want {
				t.Errorf("Wanted(%q) = %v, want %v", tc.environ, got, tc.want)
			}
		})
	}
}

func TestQuietSettingsSilenceEverySDKLoggerAndTheProvidersOwn(t *testing.T) {
	got := QuietSettings(nil, "intercom")
	want := map[string]string{
		"TF_LOG_SDK":               "OFF",
		"TF_LOG_SDK_PROTO":         "OFF",
		"TF_LOG_SDK_FRAMEWORK":     "OFF",
		"TF_LOG_PROVIDER_INTERCOM": "OFF",
	}
	if !maps.Equal(got, want) {
		t.Errorf("QuietSettings = %v, want %v", got, want)
	}
	if got := QuietSettings([]string{"TF_LOG=info"}, "intercom"); len(got) != 0 {
		t.Errorf("with TF_LOG set, QuietSettings = %v, want nothing changed", got)
	}
}

// The SDK's loggers, built as terraform-plugin-go and the framework build them for each
// request, in a child process whose stderr the test reads: with the quiet settings they
// write nothing; without them (TF_LOG set) they write their TRACE lines.
func TestQuietUnlessWantedSilencesTheSDKsLoggers(t *testing.T) {
	if os.Getenv("SDKLOGS_CHILD") == "1" {
		if err := QuietUnlessWanted("intercom"); err != nil {
			t.Fatal(err)
		}
		logEveryLogger()
		return
	}
	for _, tc := range []struct {
		name      string
		env       []string
		wantLines bool
	}{
		{"no logging variable", nil, false},
		{"TF_LOG=trace", []string{"TF_LOG=trace"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestQuietUnlessWantedSilencesTheSDKsLoggers$")
			cmd.Env = append(withoutLogVariables(os.Environ()), append(tc.env, "SDKLOGS_CHILD=1")...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("child: %v\n%s", err, stderr.String())
			}
			for _, marker := range []string{"sdk-root-line", "sdk-proto-line", "sdk-framework-line", "provider-line"} {
				if got := strings.Contains(stderr.String(), marker); got != tc.wantLines {
					t.Errorf("stderr has %q: %v, want %v\n%s", marker, got, tc.wantLines, stderr.String())
				}
			}
		})
	}
}

func logEveryLogger() {
	ctx := tfsdklog.NewRootSDKLogger(context.Background(), tfsdklog.WithLevelFromEnv("TF_LOG_SDK"), tfsdklog.WithStderrFromInit())
	ctx = tfsdklog.NewSubsystem(ctx, "proto", tfsdklog.WithLevelFromEnv("TF_LOG_SDK_PROTO"))
	ctx = tfsdklog.NewSubsystem(ctx, "framework", tfsdklog.WithLevelFromEnv("TF_LOG_SDK_FRAMEWORK"))
	ctx = tfsdklog.NewRootProviderLogger(ctx, tfsdklog.WithLogName("intercom"), tflog.WithLevelFromEnv("TF_LOG_PROVIDER", "intercom"), tfsdklog.WithStderrFromInit())
	tfsdklog.Trace(ctx, "sdk-root-line")
	tfsdklog.SubsystemTrace(ctx, "proto", "sdk-proto-line")
	tfsdklog.SubsystemTrace(ctx, "framework", "sdk-framework-line")
	tflog.Trace(ctx, "provider-line")
}

func withoutLogVariables(environ []string) []string {
	var out []string
	for _, kv := range environ {
		if !Wanted([]string{kv}) {
			out = append(out, kv)
		}
	}
	return out
}
