package acctest

import (
	"os"
	"runtime/debug"
	"testing"
)

// The CLI processes of a leg collect garbage less often than Go's default; a GOGC the
// user set reaches them unchanged.
func TestCollectGarbageLessOften(t *testing.T) {
	for _, tc := range []struct {
		name, set, want string
	}{
		{"unset", "", "400"},
		{"the user's", "50", "50"},
		{"off", "off", "off"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.set) // restores GOGC, set or unset, when the test ends
			if tc.set == "" {
				if err := os.Unsetenv("GOGC"); err != nil {
					t.Fatal(err)
				}
			}
			before := debug.SetGCPercent(100)
			t.Cleanup(func() { debug.SetGCPercent(before) })

			collectGarbageLessOften()

			if got := os.Getenv("GOGC"); got != tc.want {
				t.Errorf("GOGC for the CLIs = %q, want %q", got, tc.want)
			}
			wantPercent := 100 // left alone
			if tc.set == "" {
				wantPercent = cliGOGC
			}
			if got := debug.SetGCPercent(100); got != wantPercent {
				t.Errorf("this process's GC percent = %d, want %d", got, wantPercent)
			}
		})
	}
}

// An in-process provider reads the Workdir's environment as the installed binary reads the
// CLI's: the last entry for a name wins, and a name not there reads as empty.
func TestLookupIn(t *testing.T) {
	getenv := lookupIn([]string{"INTERCOM_ACCESS_TOKEN=first", "PATH=/bin", "INTERCOM_ACCESS_TOKEN=second", "EMPTY=", "INTERCOM_BASE_URL=http://127.0.0.1:1/a=b"})
	for name, want := range map[string]string{
		"INTERCOM_ACCESS_TOKEN": "second",
		"INTERCOM_BASE_URL":     "http://127.0.0.1:1/a=b",
		"EMPTY":                 "",
		"INTERCOM_REGION":       "",
	} {
		if got := getenv(name); got != want {
			t.Errorf("getenv(%q) = %q, want %q", name, got, want)
		}
	}
}
