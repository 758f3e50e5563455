package pluginproc

import (
	"os"
	"runtime/debug"
	"testing"
)

// Tune quiets the SDK unless the provider runs under -debug, and paces the GC either way.
func TestTune(t *testing.T) {
	for _, name := range []string{"TF_LOG", "TF_LOG_PATH", "TF_LOG_PROVIDER", "GOGC", "GOMEMLIMIT",
		"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_TUNED"} {
		t.Setenv(name, "") // restored after the test; empty reads as unset
	}
	previousPercent := debug.SetGCPercent(100)
	previousLimit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() {
		debug.SetGCPercent(previousPercent)
		debug.SetMemoryLimit(previousLimit)
	})

	if err := Tune("tuned", true); err != nil {
		t.Fatal(err)
	}
	if got := os.Getenv("TF_LOG_SDK"); got != "" {
		t.Errorf("under -debug TF_LOG_SDK = %q, want it left alone", got)
	}
	if got := debug.SetGCPercent(shortLivedGCPercent); got != shortLivedGCPercent {
		t.Errorf("GC percent %d after Tune, want %d", got, shortLivedGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != shortLivedMemoryLimit {
		t.Errorf("memory limit %d after Tune, want %d", got, shortLivedMemoryLimit)
	}

	debug.SetGCPercent(100)
	debug.SetMemoryLimit(previousLimit)
	if err := Tune("tuned", false); err != nil {
		t.Fatal(err)
	}
	if got := debug.SetGCPercent(shortLivedGCPercent); got != shortLivedGCPercent {
		t.Errorf("GC percent %d after Tune without -debug, want %d", got, shortLivedGCPercent)
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_TUNED"} {
		if got := os.Getenv(name); got != "OFF" {
			t.Errorf("%s = %q after Tune without -debug, want OFF", name, got)
		}
	}
}

// A user's GOGC leaves the runtime as the user set it.
func TestPaceGCLeavesTheUsersGOGC(t *testing.T) {
	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "")
	previous := debug.SetGCPercent(50)
	t.Cleanup(func() { debug.SetGCPercent(previous) })
	PaceGC()
	if got := debug.SetGCPercent(previous); got != 50 {
		t.Errorf("GC percent %d with GOGC=50, want 50", got)
	}
}
