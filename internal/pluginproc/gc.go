package pluginproc

import (
	"os"
	"runtime/debug"
	"strings"
)

const (
	// shortLivedGCPercent lets the heap grow to five times what is live before a
	// collection. A provider process lives for one command; its live heap is a few MiB,
	// and at 500 resources the default (100) spent an eighth of its CPU collecting.
	shortLivedGCPercent = 400
	// shortLivedMemoryLimit bounds what the raised percent can cost: near it the runtime
	// collects as often as it must, whatever the percent says.
	shortLivedMemoryLimit = 256 << 20
)

// GCSettings returns the GC percent and soft memory limit to set, and false when they
// are to be left alone: a user who sets GOGC or GOMEMLIMIT has chosen, and the percent is
// raised only together with the limit that bounds it.
func GCSettings(environ []string) (percent int, limit int64, set bool) {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if (name == "GOGC" || name == "GOMEMLIMIT") && value != "" {
			return 0, 0, false
		}
	}
	return shortLivedGCPercent, shortLivedMemoryLimit, true
}

// PaceGC applies GCSettings to this process.
func PaceGC() {
	if percent, limit, set := GCSettings(os.Environ()); set {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(percent)
	}
}
