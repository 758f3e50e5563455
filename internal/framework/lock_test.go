package framework

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

// Another process holds the workspace's file (a second alias): Lock waits for it, and
// gives up with ctx, naming the lock, without sending anything.
func TestLockWaitsForAnotherHolderOfTheFile(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "locks")
	l := LockFor(dir, "api.intercom.io/abc12345")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	other := flock.New(l.path) // a separate open file: as another process holds it
	if ok, err := other.TryLock(); !ok || err != nil {
		t.Fatalf("%v %v", ok, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := l.Lock(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lock while another holds the file: %v", err)
	}
	_ = other.Unlock()
	unlock, err := l.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	unlock()
}

// The lock's directory is created private to the user.
func TestLockDirectoryIsPrivate(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "cache", "locks")
	unlock, err := LockFor(dir, "api.intercom.io/abc12345").Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("lock directory: %v %v", info.Mode(), err)
	}
}

// One process: every provider configuration of one workspace shares one lock; other
// workspaces (or the same id on another host) have their own.
func TestLockForIsOnePerWorkspace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := LockFor(dir, "api.intercom.io/abc12345"), LockFor(dir, "API.intercom.io/ABC12345")
	if a != b {
		t.Error("one workspace, two locks")
	}
	if c := LockFor(dir, "api.eu.intercom.io/abc12345"); c == a || c.path == a.path {
		t.Error("another host shares the lock")
	}
	unlock, err := a.Lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		u, err := b.Lock(context.Background())
		if err == nil {
			u()
		}
		close(done)
	}()
	select {
	case <-done:
		t.Fatal("a second holder got the lock while the first held it")
	case <-time.After(50 * time.Millisecond):
	}
	unlock()
	<-done
}
