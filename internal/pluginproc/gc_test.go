package pluginproc

import "testing"

func TestGCSettingsLeaveTheUsersChoiceAlone(t *testing.T) {
	percent, limit := GCSettings(nil)
	if percent != shortLivedGCPercent || limit != shortLivedMemoryLimit {
		t.Errorf("GCSettings(no GOGC, no GOMEMLIMIT) = %d, %d; want %d, %d", percent, limit, shortLivedGCPercent, shortLivedMemoryLimit)
	}
	if percent <= 100 {
		t.Errorf("GC percent %d: the runtime's default is 100, so this changes nothing", percent)
	}
	percent, limit = GCSettings([]string{"GOGC=50"})
	if percent != -1 || limit != -1 {
		t.Errorf("with GOGC set: %d, %d; want both left alone (-1)", percent, limit)
	}
	percent, limit = GCSettings([]string{"GOMEMLIMIT=1GiB", "GOGC=off"})
	if percent != -1 || limit != -1 {
		t.Errorf("with GOGC and GOMEMLIMIT set: %d, %d; want both left alone (-1)", percent, limit)
	}
	percent, limit = GCSettings([]string{"GOMEMLIMIT=1GiB"})
	if percent != -1 || limit != -1 {
		t.Errorf("with GOMEMLIMIT set: %d, %d; want both left alone (-1)", percent, limit)
	}
}
