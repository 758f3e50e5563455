package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TF_PROVIDER_INTERCOM_CPUPROFILE is read by released binaries: naming a file that exists
// must leave it as it is, not truncate it.
func TestOpenProfileNeverTruncates(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "terraform.tfstate")
	if err := os.WriteFile(existing, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if f := openProfile(existing, 42); f != nil {
		f.Close()
		t.Fatal("openProfile opened a file that exists")
	}
	if b, _ := os.ReadFile(existing); string(b) != "precious" {
		t.Fatalf("the existing file now holds %q", b)
	}

	f := openProfile(filepath.Join(dir, "cpu-%d.prof"), 42)
	if f == nil {
		t.Fatal("openProfile did not create a new profile file")
	}
	defer f.Close()
	if f.Name() != filepath.Join(dir, "cpu-42.prof") {
		t.Errorf("profile path %q, want the pid in place of %%d", f.Name())
	}
	if info, err := f.Stat(); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("profile mode %v (%v), want 0600", info.Mode().Perm(), err)
	}
	if openProfile("", 42) != nil {
		t.Error("an empty path opened a file")
	}
}
