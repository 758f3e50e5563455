package framework

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// WorkspaceLock serialises the writes to one workspace made from this machine. Terraform
// starts one provider process per provider configuration, so two aliases on one token
// are two processes: a mutex alone would let them interleave a read-modify-write of the
// trusted-domain list, or the last-secret check and a delete. The lock is an advisory
// file lock keyed by the workspace's id (one file per workspace in dir), taken after the
// process's own mutex so goroutines of one process queue without touching the file.
type WorkspaceLock struct {
	mu   sync.Mutex
	path string
}

// locks holds this process's lock per file, so that the provider configurations one
// process serves share the mutex and only one of them polls the file.
var locks sync.Map // path -> *WorkspaceLock

// LockFor is the lock of workspace in dir (created 0700 when first locked).
func LockFor(dir, workspace string) *WorkspaceLock {
	sum := sha256.Sum256([]byte(strings.ToLower(workspace)))
	path := filepath.Join(dir, "workspace-"+hex.EncodeToString(sum[:8])+".lock")
	l, _ := locks.LoadOrStore(path, &WorkspaceLock{path: path})
	return l.(*WorkspaceLock)
}

// DefaultLockDir is where the locks of this user live: the user's cache directory, or
// the temporary directory when there is none.
func DefaultLockDir() string {
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "terraform-provider-intercom", "locks")
	}
	return filepath.Join(os.TempDir(), "terraform-provider-intercom-locks")
}

// lockPoll is how often a waiting process tries the file lock again.
const lockPoll = 20 * time.Millisecond

// Lock waits for the workspace, or for ctx to end, and returns the unlock function.
func (l *WorkspaceLock) Lock(ctx context.Context) (func(), error) {
	l.mu.Lock()
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		l.mu.Unlock()
		return nil, fmt.Errorf("cannot create the workspace lock's directory %s: %w", filepath.Dir(l.path), err)
	}
	file := flock.New(l.path, flock.SetPermissions(0o600))
	if locked, err := file.TryLockContext(ctx, lockPoll); !locked {
		l.mu.Unlock()
		// Not locked: ctx ended (err is ctx's error) or the file could not be locked.
		return nil, fmt.Errorf("waiting for the workspace lock %s: %w", l.path, cmp.Or(err, ctx.Err()))
	}
	return func() {
		_ = file.Unlock() // closing the file releases the lock whatever Unlock says
		l.mu.Unlock()
	}, nil
}
