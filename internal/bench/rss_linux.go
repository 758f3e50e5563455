package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rssWatcher samples the peak resident set (VmHWM, a high-water mark kept by the
// kernel) of every process with a given name, from /proc, until stopped.
type rssWatcher struct {
	done chan struct{}
	wg   sync.WaitGroup
	peak int64
}

func watchPeakRSS(name string) *rssWatcher {
	w := &rssWatcher{done: make(chan struct{})}
	w.wg.Go(func() {
		ticker := time.NewTicker(20 * time.Millisecond)
		defer ticker.Stop()
		for {
			w.peak = max(w.peak, sampleHWM(name))
			select {
			case <-w.done:
				return
			case <-ticker.C:
			}
		}
	})
	return w
}

func (w *rssWatcher) stop() int64 {
	close(w.done)
	w.wg.Wait()
	return w.peak
}

// sampleHWM returns the largest VmHWM (KiB) among running processes called name.
func sampleHWM(name string) int64 {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var peak int64
	for _, d := range dirs {
		comm, err := os.ReadFile(filepath.Join(d, "comm"))
		if err != nil || strings.TrimSpace(string(comm)) != name[:min(len(name), 15)] {
			continue // the kernel cuts comm at 15 characters
		}
		f, err := os.Open(filepath.Join(d, "status"))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
				peak = max(peak, kib)
			}
		}
		f.Close()
	}
	return peak
}
