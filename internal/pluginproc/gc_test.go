package pluginproc

import "testing"

func TestGCSettingsLeaveTheUsersChoiceAlone(t *testing.T) {
	percent, limit, set := GCSettings([]string{"HOME=/root", "GOGC="})
	if !set || percent != shortLivedGCPercent || limit != shortLivedMemoryLimit {
		t.Errorf("GCSettings(no GOGC, no GOMEMLIMIT) = %d, %d, %v; want %d, %d, true", percent, limit, set, shortLivedGCPercent, shortLivedMemoryLimit)
	}
	if percent <= 100 {
		t.Errorf("GC percent %d: the runtime's default is 100, so this changes nothing", percent)
	}
	for _, environ := range [][]string{{"GOGC=50"}, {"GOMEMLIMIT=1GiB"}, {"GOMEMLIMIT=1GiB", "GOGC=off"}} {
		if _, _, set := GCSettings(environ); set {
			t.Errorf("GCSettings(%q) would change the runtime: the user has chosen", environ)
		}
	}
}
