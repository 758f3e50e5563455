package provider

import (
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

func TestPickDriftEntry(t *testing.T) {
	const us, sync = "991267", int64(1_800_000_000)
	entry := func(id string, at int64, by, kind string) intercom.ActivityLog {
		return intercom.ActivityLog{ID: id, CreatedAt: at, ActivityType: kind, PerformedBy: intercom.PerformedBy{ID: by}}
	}
	types := []string{"security_settings_change"}
	for _, tc := range []struct {
		name  string
		logs  []intercom.ActivityLog
		since int64
		want  string
	}{
		{"newest after the sync, whoever made it", []intercom.ActivityLog{
			entry("c", sync+30, us, "security_settings_change"), // the same token, from a script
			entry("b", sync+20, "mallory", "security_settings_change"),
		}, sync, "c"},
		{"older than the sync is never named", []intercom.ActivityLog{
			entry("a", sync-5, "mallory", "security_settings_change"),
		}, sync, ""},
		{"other types are ignored", []intercom.ActivityLog{
			entry("x", sync+50, "eve", "app_name_change"),
			entry("b", sync+20, "mallory", "security_settings_change"),
		}, sync, "b"},
		{"our own write in the sync's second is not named", []intercom.ActivityLog{
			entry("w", sync, us, "security_settings_change"),
		}, sync, ""},
		{"someone else in the sync's second is named when nothing is later", []intercom.ActivityLog{
			entry("w", sync, us, "security_settings_change"),
			entry("m", sync, "mallory", "security_settings_change"),
		}, sync, "m"},
		{"a later entry wins over the sync's second", []intercom.ActivityLog{
			entry("l", sync+1, us, "security_settings_change"),
			entry("m", sync, "mallory", "security_settings_change"),
		}, sync, "l"},
		{"within one second, the first listed (newest)", []intercom.ActivityLog{
			entry("second", sync+9, "eve", "security_settings_change"),
			entry("first", sync+9, "mallory", "security_settings_change"),
		}, sync, "second"},
		{"no sync known: the newest", []intercom.ActivityLog{
			entry("old", 100, "eve", "security_settings_change"),
			entry("new", 200, us, "security_settings_change"),
		}, 0, "new"},
		{"nothing", nil, sync, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var since time.Time
			if tc.since != 0 {
				since = time.Unix(tc.since, 0)
			}
			got := pickDriftEntry(tc.logs, types, since, us)
			switch {
			case got == nil && tc.want != "":
				t.Fatalf("picked nothing, want %s", tc.want)
			case got != nil && got.ID != tc.want:
				t.Fatalf("picked %s, want %q", got.ID, tc.want)
			}
		})
	}
}
