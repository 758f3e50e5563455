package gdpr

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"filippo.io/age"
)

// ManifestKind marks a file as the manifest of an access request's bundle.
const ManifestKind = "intercom_contact_export_manifest"

// ManifestName is the manifest's file name in the bundle's folder.
const ManifestName = "manifest.json"

// Bundle is the folder an access request writes: one file per contact and per
// conversation (personal data, mode 0600, each created new), optionally encrypted to an
// age recipient, and a manifest in plain JSON that holds no personal data: counts,
// pseudonymous Intercom ids and each file's SHA-256, so that the bundle can be checked
// without decrypting it.
type Bundle struct {
	dir       string
	recipient age.Recipient // nil: files are plain JSON
	publicKey string
	manifest  string // its path: created before the run, written whole each time

	mu       sync.Mutex
	files    []BundleFile
	contacts []ContactCounts
}

// BundleFile is one file of a bundle as written.
type BundleFile struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"` // of the file as written (encrypted, when it is)
}

// ContactCounts is what the bundle holds of one contact, in counts: no personal data.
type ContactCounts struct {
	ContactID string         `json:"contact_id"`
	Lists     map[string]int `json:"lists"` // companies, tags, notes, segments, subscriptions
	// Tickets is nil when the workspace's API does not serve tickets (it answered 404).
	Tickets           *int     `json:"tickets"`
	TicketsNote       string   `json:"tickets_note,omitempty"`
	Conversations     int      `json:"conversations"`
	ConversationParts int      `json:"conversation_parts"`
	Missing           []string `json:"missing,omitempty"` // what could not be exported, and why
	// SharedConversations are the conversations other contacts take part in too: their
	// files hold those people's messages, which an access request must not disclose
	// (GDPR article 15(4)). Review them before the bundle is handed over.
	SharedConversations []string `json:"shared_conversations,omitempty"`
}

// Manifest is the bundle's record: the receipt of the request (per subject, by position,
// its outcome and contact ids) with what was written.
type Manifest struct {
	Receipt
	EncryptedTo string          `json:"encrypted_to,omitempty"` // the age recipient, a public key
	Contacts    []ContactCounts `json:"contacts"`
	Files       []BundleFile    `json:"files"`
}

// CreateBundle checks the folder and the recipient and creates the manifest's file,
// before any call: a request whose bundle cannot be written is never started. The folder
// is created (mode 0700) or must be empty: a bundle is never written over another.
func CreateBundle(dir, recipient string) (*Bundle, error) {
	r, exists, err := checkBundle(dir, recipient)
	if err != nil {
		return nil, err
	}
	b := &Bundle{dir: dir}
	if r != nil {
		b.recipient, b.publicKey = r, recipient
	}
	if !exists {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("output_dir cannot be created: %w", errors.Unwrap(err))
		}
	}
	b.manifest = filepath.Join(dir, ManifestName)
	f, err := os.OpenFile(b.manifest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) //nolint:gosec // output_dir, named by the configuration
	if err != nil {
		return nil, fmt.Errorf("output_dir cannot be written: %w", errors.Unwrap(err))
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("output_dir cannot be written: %w", err)
	}
	return b, nil
}

// CheckBundle refuses, without writing, what CreateBundle would: a request checks it
// before its first call.
func CheckBundle(dir, recipient string) error {
	_, _, err := checkBundle(dir, recipient)
	return err
}

func checkBundle(dir, recipient string) (r age.Recipient, exists bool, err error) {
	if strings.Contains(dir, "@") {
		return nil, false, errors.New("output_dir holds an @, like an e-mail address: name the folder after the ticket")
	}
	if recipient != "" {
		if r, err = parseRecipient(recipient); err != nil {
			return nil, false, err
		}
	}
	switch entries, err := os.ReadDir(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return r, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("output_dir cannot be read: %w", errors.Unwrap(err))
	case len(entries) > 0:
		return nil, false, errors.New("output_dir holds files already: a bundle is never written over another; give each request a new folder")
	}
	return r, true, nil
}

// CheckRecipient refuses what is not an age public key.
func CheckRecipient(recipient string) error {
	_, err := parseRecipient(recipient)
	return err
}

func parseRecipient(recipient string) (age.Recipient, error) {
	r, err := age.ParseX25519Recipient(recipient)
	if err != nil {
		return nil, errors.New("age_recipient is not an age public key (age1…): give the key the data subject or your team generated with age-keygen")
	}
	return r, nil
}

// Encrypted reports whether the bundle's files are encrypted.
func (b *Bundle) Encrypted() bool { return b.recipient != nil }

// write creates one file of the bundle from v's JSON (encrypted when the bundle is) and
// records it. It never writes over a file.
func (b *Bundle) write(base string, v any) (string, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	name := base + ".json"
	if b.recipient != nil {
		name += ".age"
	}
	f, err := os.OpenFile(filepath.Join(b.dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) //nolint:gosec // a file of output_dir, named by a pseudonymous id
	if err != nil {
		return "", fmt.Errorf("%s cannot be created: %w", name, errors.Unwrap(err))
	}
	sum := sha256.New()
	counted := &countingWriter{w: io.MultiWriter(f, sum)}
	if err := b.encode(counted, raw); err != nil {
		_ = f.Close()
		return "", fmt.Errorf("%s cannot be written: %w", name, err)
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return "", fmt.Errorf("%s cannot be written: %w", name, err)
	}
	b.mu.Lock()
	b.files = append(b.files, BundleFile{Name: name, Bytes: counted.n, SHA256: hex.EncodeToString(sum.Sum(nil))})
	b.mu.Unlock()
	return name, nil
}

func (b *Bundle) encode(w io.Writer, raw []byte) error {
	if b.recipient == nil {
		_, err := w.Write(raw)
		return err
	}
	enc, err := age.Encrypt(w, b.recipient)
	if err != nil {
		return err
	}
	if _, err := io.Copy(enc, bytes.NewReader(raw)); err != nil {
		return err
	}
	return enc.Close()
}

func (b *Bundle) recordContact(c ContactCounts) {
	b.mu.Lock()
	b.contacts = append(b.contacts, c)
	b.mu.Unlock()
}

// Finish writes the manifest of rc and of the files written so far, whole, in place of
// the one written before (the manifest at an interruption, then the final one).
func (b *Bundle) Finish(rc Receipt) (Manifest, error) {
	rc.Kind = ManifestKind
	b.mu.Lock()
	m := Manifest{Receipt: rc, EncryptedTo: b.publicKey, Contacts: slices.Clone(b.contacts), Files: slices.Clone(b.files)}
	b.mu.Unlock()
	slices.SortFunc(m.Contacts, func(x, y ContactCounts) int { return strings.Compare(x.ContactID, y.ContactID) })
	slices.SortFunc(m.Files, func(x, y BundleFile) int { return strings.Compare(x.Name, y.Name) })
	if m.Contacts == nil {
		m.Contacts = []ContactCounts{}
	}
	if m.Files == nil {
		m.Files = []BundleFile{}
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	b.mu.Lock() // one manifest write at a time
	defer b.mu.Unlock()
	return m, replaceFile(b.manifest, append(raw, '\n'))
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
