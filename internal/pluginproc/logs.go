// terraform-plugin-go and the framework log every request at TRACE unless told
// otherwise, and format each line as JSON on the provider's stderr. Terraform and
// OpenTofu parse those lines and drop them unless one of their TF_LOG variables is set;
// at 500 resources that formatting was a quarter of the provider's CPU in a plan. The
// SDK reads its levels from the environment at every request, so a provider that sets
// them to OFF at start-up, when no logging variable is set, loses nothing a user could
// have seen.

package pluginproc

import (
	"os"
	"strings"
)

// Wanted reports whether a log line written by the provider could be kept: any
// TF_LOG… variable with a value (the CLI's and the SDK's levels and files, the protocol
// capture), Terraform's crash-log sink or the testing framework's log file. It errs on
// the side of logging: TF_LOG_PATH alone does not make the CLI log, but it is kept.
func Wanted(environ []string) bool {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if value == "" {
			continue
		}
		if strings.HasPrefix(name, "TF_LOG") || name == "TF_TEMP_LOG_PATH" || strings.HasPrefix(name, "TF_ACC_LOG") {
			return true
		}
	}
	return false
}

// QuietSettings returns the environment variables that turn every SDK logger and the
// provider's own logger (TF_LOG_PROVIDER_<NAME>) off, or nothing when Wanted. The
// subsystem levels are set too: the SDK lets a subsystem without its own level format
// each line before its logger drops it.
func QuietSettings(environ []string, providerName string) map[string]string {
	if Wanted(environ) {
		return nil
	}
	return map[string]string{
		"TF_LOG_SDK":           "OFF",
		"TF_LOG_SDK_PROTO":     "OFF",
		"TF_LOG_SDK_FRAMEWORK": "OFF",
		"TF_LOG_PROVIDER_" + strings.ToUpper(providerName): "OFF",
	}
}

// QuietUnlessWanted applies QuietSettings to this process's environment. Call it before
// serving the provider.
func QuietUnlessWanted(providerName string) error {
	for name, value := range QuietSettings(os.Environ(), providerName) {
		if err := os.Setenv(name, value); err != nil {
			return err
		}
	}
	return nil
}
