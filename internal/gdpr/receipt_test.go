package gdpr

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

func receiptOf(t *testing.T, key []byte, finished time.Time) (Receipt, Request) {
	t.Helper()
	d := newDirectory(pat, other)
	req := request(t, `{"emails": ["P03@example.org", "nobody@example.org"], "external_ids": ["u-5"], "contact_ids": ["gone"]}`)
	r := Erase(context.Background(), d, req, Options{})
	return NewReceipt(r, ReceiptMeta{RequestID: "DSR-2026-0142", WorkspaceID: "abc12345", ProviderVersion: "0.1.0",
		StartedAt: finished.Add(-time.Minute), FinishedAt: finished, Key: key}), req
}

// A receipt says per subject, by position, what became of it, with the contact ids and
// statuses, and holds no identifier; with a key, the HMAC of each identifier lets an
// auditor confirm that a given address was in the request.
func TestReceiptRecordsOutcomesWithoutIdentifiers(t *testing.T) {
	key := []byte("receipt-key-of-the-dpo")
	rc, req := receiptOf(t, key, time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC))
	raw, err := json.Marshal(rc)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range req.Subjects {
		if s.Kind != ContactID && strings.Contains(strings.ToLower(string(raw)), strings.ToLower(s.Value)) {
			t.Errorf("the receipt holds a subject's identifier (%s)", s.Where())
		}
	}
	want := map[Outcome]int{Erased: 2, NotFound: 1, AlreadyAbsent: 1}
	for _, o := range Outcomes {
		if rc.Counts[o] != want[o] {
			t.Errorf("counts[%s] = %d, want %d", o, rc.Counts[o], want[o])
		}
	}
	if rc.Complete {
		t.Error("a run with a subject not found is recorded as complete")
	}
	first := rc.Subjects[0]
	if first.Position != "emails entry 1 of 2 in subjects_file" || first.Outcome != Erased ||
		!slices.Equal(first.ContactIDs, []string{"c1"}) || !slices.Equal(first.HTTPStatuses, []int{200, 404}) {
		t.Errorf("first subject recorded as %+v", first)
	}
	// The auditor's check: the address as the DPO has it, in any case, gives the recorded HMAC.
	if first.IdentifierHMAC != IdentifierHMAC(key, Email, "p03@EXAMPLE.org") || first.IdentifierHMAC == IdentifierHMAC(key, Email, "p04@example.org") {
		t.Error("the recorded HMAC does not confirm the address, or confirms another")
	}
	noKey, _ := receiptOf(t, nil, time.Now())
	if noKey.IdentifierHMAC != "none" || noKey.Subjects[0].IdentifierHMAC != "" {
		t.Error("without a key the receipt still records an HMAC")
	}
}

// Receipts are written with mode 0600, never over an existing file, and each names the
// SHA-256 of the one that finished before it in its folder.
func TestReceiptFilesFormATamperEvidentLedger(t *testing.T) {
	dir := t.TempDir()
	if _, err := CreateReceiptFile(filepath.Join(dir, "jane@example.org.json")); err == nil {
		t.Error("a receipt path with an @ was accepted")
	}
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	paths := []string{filepath.Join(dir, "DSR-1.json"), filepath.Join(dir, "DSR-2.json"), filepath.Join(dir, "DSR-3.json")}
	for i, p := range paths {
		f, err := CreateReceiptFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rc, _ := receiptOf(t, nil, t0.Add(time.Duration(i)*time.Hour))
		if err := f.Write(rc); err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(p)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("%s: mode %v, %v; want 0600", p, info.Mode().Perm(), err)
		}
	}
	if _, err := CreateReceiptFile(paths[0]); err == nil || !strings.Contains(err.Error(), "never overwritten") {
		t.Errorf("an existing receipt could be created again: %v", err)
	}
	for i := 1; i < len(paths); i++ {
		rc, err := ReadReceipt(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		prev, _ := os.ReadFile(paths[i-1])
		sum := sha256.Sum256(prev)
		if rc.PreviousReceipt != filepath.Base(paths[i-1]) || rc.PreviousReceiptSHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s links to %s %s, want %s", filepath.Base(paths[i]), rc.PreviousReceipt, rc.PreviousReceiptSHA256, filepath.Base(paths[i-1]))
		}
	}
	if rc, _ := ReadReceipt(paths[0]); rc.PreviousReceipt != "" {
		t.Errorf("the first receipt links to %s", rc.PreviousReceipt)
	}
	if _, err := ReadReceipt(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing receipt was read")
	}
}

// Intercom can restore a deleted contact for 7 days: a later look at a receipt reports
// every erased contact that answers again, and what could not be checked.
func TestReverifyFindsContactsThatCameBack(t *testing.T) {
	rc, _ := receiptOf(t, nil, time.Now())
	d := newDirectory(other) // c5 restored; c1 still gone
	v := Reverify(context.Background(), d, rc)
	if !slices.Equal(v.StillGone, []string{"c1"}) || !slices.Equal(v.CameBack, []string{"c5"}) || len(v.Unchecked) != 0 {
		t.Fatalf("verification %+v", v)
	}
	d = newDirectory()
	d.getFault = func(id string, _ bool) error {
		if id == "c5" {
			return &intercom.TransportError{Method: "GET", Path: "/contacts/c5", Err: context.DeadlineExceeded}
		}
		return nil
	}
	v = Reverify(context.Background(), d, rc)
	if _, ok := v.Unchecked["c5"]; !ok || !slices.Equal(v.StillGone, []string{"c1"}) {
		t.Fatalf("verification %+v", v)
	}
}
