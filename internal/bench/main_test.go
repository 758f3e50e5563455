package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The no-op floors are planned in the shape of ours: the same provider configurations,
// the same resource blocks, the same number of resources. Otherwise the ratio measures
// the configuration's shape, not the provider.
func TestFloorConfigHasTheShapeOfOurs(t *testing.T) {
	b := &bench{url: "http://127.0.0.1:1"}
	for _, n := range []int{1, 10, 100, 500} {
		ours, floor := shape(b.config(n, 50)), shape(frameworkFloorConfig(n, 50))
		if ours != floor {
			t.Errorf("N=%d: ours has %+v, the no-op floor %+v", n, ours, floor)
		}
		if ours.resources != n {
			t.Errorf("N=%d: the configuration declares %d resources", n, ours.resources)
		}
	}
}

type configShape struct{ providers, blocks, resources int }

var countLine = regexp.MustCompile(`(?m)^\s*count\s*=\s*(\d+)`)

func shape(config string) configShape {
	s := configShape{providers: strings.Count(config, "\nprovider \""), blocks: strings.Count(config, "\nresource \"")}
	s.resources = s.blocks
	for _, m := range countLine.FindAllStringSubmatch(config, -1) {
		n, _ := strconv.Atoi(m[1])
		s.resources += n - 1
	}
	return s
}
