package gdpr

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// ReceiptKind marks a file as an erasure receipt; OptOutReceiptKind as an objection's.
const (
	ReceiptKind       = "intercom_contact_erasure_receipt"
	OptOutReceiptKind = "intercom_contact_opt_out_receipt"
)

// Receipt is what an auditor can check of a run: per subject, by position, its outcome
// and the pseudonymous contact ids acted on, never an identifier. With a key, each
// identifier's HMAC-SHA-256 lets whoever holds the key confirm that a given address was
// in the request. Each receipt holds the SHA-256 of the one before it in its folder, so a
// ledger of receipts is tamper-evident.
type Receipt struct {
	Kind            string          `json:"kind"`
	RequestID       string          `json:"request_id"`
	WorkspaceID     string          `json:"workspace_id"`
	ProviderVersion string          `json:"provider_version"`
	StartedAt       time.Time       `json:"started_at"`
	FinishedAt      time.Time       `json:"finished_at"`
	DryRun          bool            `json:"dry_run"`
	Interrupted     bool            `json:"interrupted"`
	Complete        bool            `json:"complete"` // every subject erased or proven absent
	Counts          map[Outcome]int `json:"counts"`
	// IdentifierHMAC says how identifiers are recorded: "HMAC-SHA-256(key, key_of_list + \":\" + identifier)"
	// with INTERCOM_RECEIPT_KEY, or "none".
	IdentifierHMAC        string           `json:"identifier_hmac"`
	PreviousReceipt       string           `json:"previous_receipt,omitempty"` // its file name, in this folder
	PreviousReceiptSHA256 string           `json:"previous_receipt_sha256,omitempty"`
	Subjects              []ReceiptSubject `json:"subjects"`
}

// ReceiptSubject is one subject's line of a receipt.
type ReceiptSubject struct {
	Position       string   `json:"position"` // e.g. "emails entry 3 of 16 in subjects_file"
	Kind           string   `json:"kind"`     // emails, external_ids or contact_ids
	Outcome        Outcome  `json:"outcome"`
	Reason         string   `json:"reason,omitempty"`
	ContactIDs     []string `json:"contact_ids,omitempty"`
	HTTPStatuses   []int    `json:"http_statuses,omitempty"` // per contact, the calls' in order: for an erasure the DELETE's, then the verifying GET's
	IdentifierHMAC string   `json:"identifier_hmac,omitempty"`
}

// ReceiptMeta is what the caller knows of the run beyond the report.
type ReceiptMeta struct {
	Kind                                    string // ReceiptKind when empty
	RequestID, WorkspaceID, ProviderVersion string
	StartedAt, FinishedAt                   time.Time
	DryRun                                  bool
	Key                                     []byte // INTERCOM_RECEIPT_KEY, or nil
}

// IdentifierHMAC is the hex HMAC-SHA-256 of an identifier as a receipt records it: the
// list's key, a colon, and the identifier as checked (e-mail addresses lower-cased).
func IdentifierHMAC(key []byte, kind Kind, value string) string {
	if kind == Email {
		value = strings.ToLower(value)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(kind.Key() + ":" + value))
	return hex.EncodeToString(m.Sum(nil))
}

// NewReceipt builds the receipt of a report.
func NewReceipt(r Report, meta ReceiptMeta) Receipt {
	kind := meta.Kind
	if kind == "" {
		kind = ReceiptKind
	}
	outcomes := r.Outcomes
	if len(outcomes) == 0 {
		outcomes = Outcomes
	}
	rc := Receipt{
		Kind: kind, RequestID: meta.RequestID, WorkspaceID: meta.WorkspaceID, ProviderVersion: meta.ProviderVersion,
		StartedAt: meta.StartedAt.UTC(), FinishedAt: meta.FinishedAt.UTC(), DryRun: meta.DryRun,
		Interrupted: r.Interrupted, Complete: r.Complete() && !meta.DryRun, Counts: map[Outcome]int{},
		IdentifierHMAC: "none",
	}
	if len(meta.Key) > 0 {
		rc.IdentifierHMAC = `HMAC-SHA-256(INTERCOM_RECEIPT_KEY, kind + ":" + identifier), e-mail addresses lower-cased`
	}
	for _, o := range outcomes {
		rc.Counts[o] = r.Count(o)
	}
	for _, res := range r.Results {
		line := ReceiptSubject{Position: res.Subject.Where(), Kind: res.Subject.Kind.Key(), Outcome: res.Outcome,
			Reason: res.Reason, ContactIDs: res.Contacts, HTTPStatuses: res.Statuses}
		if len(meta.Key) > 0 {
			line.IdentifierHMAC = IdentifierHMAC(meta.Key, res.Subject.Kind, res.Subject.Value)
		}
		rc.Subjects = append(rc.Subjects, line)
	}
	return rc
}

// ReceiptFile is a receipt's file, created before the run so that a run is never made
// whose receipt cannot be written: it exists from then on, and no other run writes it.
// Its run writes it whole each time (the receipt at an interruption, then the final one),
// by replacing it with a complete file: a process ended mid-write leaves the last
// complete receipt, never a partial one.
type ReceiptFile struct {
	path string
	mu   sync.Mutex
}

// CheckReceiptPath refuses, without writing, what CreateReceiptFile would: an existing
// file or a path with an @. A request checks it before its first call.
func CheckReceiptPath(path string) error {
	if strings.Contains(path, "@") {
		return errors.New("the path holds an @, like an e-mail address: name the receipt after the ticket")
	}
	if _, err := os.Lstat(path); err == nil {
		return errors.New("exists already: a receipt is never overwritten; give each run a receipt of its own")
	}
	return nil
}

// CreateReceiptFile creates path (mode 0600), refusing an existing file or a path with an @.
func CreateReceiptFile(path string) (*ReceiptFile, error) {
	if err := CheckReceiptPath(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) //nolint:gosec // receipt_file, named by the configuration
	if errors.Is(err, fs.ErrExist) {
		return nil, errors.New("exists already: a receipt is never overwritten; give each run a receipt of its own")
	}
	if err != nil {
		return nil, fmt.Errorf("cannot be created: %w", errors.Unwrap(err))
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("cannot be created: %w", err)
	}
	return &ReceiptFile{path: path}, nil
}

// Write links rc to the newest other receipt in the folder and writes it whole, in place
// of what this run wrote before.
func (rf *ReceiptFile) Write(rc Receipt) error {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if name, sum, ok := previousReceipt(rf.path, rc.Kind); ok {
		rc.PreviousReceipt, rc.PreviousReceiptSHA256 = name, sum
	}
	raw, err := json.MarshalIndent(rc, "", "  ")
	if err != nil {
		return err
	}
	return replaceFile(rf.path, append(raw, '\n'))
}

// replaceFile puts data at path whole: written to a new file beside it (mode 0600),
// synced, then renamed over path, so that path holds the old content or the new, never a
// part. The temporary name does not end in .json, so no receipt chain reads it.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // after the rename, there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := errors.Join(tmp.Sync(), tmp.Close()); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// The rename itself lasts once the folder is synced.
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		_ = dir.Sync()
		_ = dir.Close()
	}
	return nil
}

// previousReceipt finds the receipt of this kind in path's folder that finished last (by
// its own finished_at; then by name), other than path, and its SHA-256.
func previousReceipt(path, kind string) (name, sum string, ok bool) {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", "", false
	}
	var best Receipt
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") || e.Name() == filepath.Base(path) {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name())) //nolint:gosec // a file of the receipts' folder
		if err != nil {
			continue
		}
		var rc Receipt
		if json.Unmarshal(raw, &rc) != nil || rc.Kind != kind {
			continue
		}
		if !ok || rc.FinishedAt.After(best.FinishedAt) || (rc.FinishedAt.Equal(best.FinishedAt) && e.Name() > name) {
			h := sha256.Sum256(raw)
			best, name, sum, ok = rc, e.Name(), hex.EncodeToString(h[:]), true
		}
	}
	return name, sum, ok
}

// ReadReceipt reads an erasure receipt.
func ReadReceipt(path string) (Receipt, error) { return ReadReceiptOfKind(path, ReceiptKind) }

// ReadReceiptOfKind reads a receipt of the given kind.
func ReadReceiptOfKind(path, kind string) (Receipt, error) {
	var rc Receipt
	raw, err := os.ReadFile(path) //nolint:gosec // verify_receipt, named by the configuration
	if err != nil {
		return rc, fmt.Errorf("cannot be read: %w", errors.Unwrap(err))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&rc); err != nil || rc.Kind != kind {
		return rc, fmt.Errorf("is not a receipt of this provider of kind %s", kind)
	}
	return rc, nil
}

// Verification is what a later look found of a receipt's erased contacts.
type Verification struct {
	StillGone []string          // answer 404
	CameBack  []string          // answer 200: restored (Intercom can restore a contact for 7 days)
	Unchecked map[string]string // could not be checked: id -> why
}

// Reverify checks that every contact a receipt records as erased still answers 404.
func Reverify(ctx context.Context, dir Directory, rc Receipt) Verification {
	v := Verification{Unchecked: map[string]string{}}
	var ids []string
	for _, s := range rc.Subjects {
		if s.Outcome == Erased {
			for _, id := range s.ContactIDs {
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
	}
	for _, id := range ids {
		_, err := dir.GetContact(ctx, id)
		_, merged := intercom.MergedInto(err)
		switch {
		case intercom.IsNotFound(err):
			v.StillGone = append(v.StillGone, id)
		case err == nil || merged:
			v.CameBack = append(v.CameBack, id)
		default:
			v.Unchecked[id] = err.Error() // contact ids and Intercom's answer: no subject value is sent
		}
	}
	return v
}
