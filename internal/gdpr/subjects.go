// Package gdpr carries out data-subject requests: it reads and checks the subjects,
// finds the contacts that carry exactly each identifier, erases and verifies them, and
// gives every subject one outcome. It knows nothing of Terraform; the provider's actions
// are thin adapters over it.
//
// Every identifier it is given (an e-mail address, an external id, a contact id) is
// personal data or leads to it. What it reports names subjects by position ("emails
// entry 3 of 16"), never by value, and scrubs every value from the errors it passes on.
package gdpr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Kind is what an identifier names a contact by.
type Kind int

const (
	ContactID Kind = iota
	ExternalID
	Email
)

// Key is the kind's key in subjects_file and its attribute in the configuration.
func (k Kind) Key() string {
	switch k {
	case ContactID:
		return "contact_ids"
	case ExternalID:
		return "external_ids"
	default:
		return "emails"
	}
}

// Column is the kind's column header in a CSV subjects_file.
func (k Kind) Column() string {
	switch k {
	case ContactID:
		return "contact_id"
	case ExternalID:
		return "external_id"
	default:
		return "email"
	}
}

// Subject is one identifier of a request and where it was given.
type Subject struct {
	Kind         Kind
	Value        string // personal data: never printed
	source       string // "subjects_file" or "the configuration"
	index, total int    // its entry, 1-based, of the total in its list
	row          int    // its row in a CSV subjects_file (1 is the header row), or 0
}

// Where names the subject by position, e.g. "emails entry 3 of 16 in subjects_file", or
// "subjects_file row 4 (email)" in a CSV file. It is built when asked for: a request of
// 100,000 subjects need not hold 100,000 of them.
func (s Subject) Where() string { return entryWhere(s.Kind, s.index, s.total, s.row, s.source) }

func entryWhere(kind Kind, index, total, row int, source string) string {
	if row > 0 {
		return fmt.Sprintf("%s row %d (%s)", source, row, kind.Column())
	}
	return fmt.Sprintf("%s entry %d of %d in %s", kind.Key(), index, total, source)
}

// seenKey is a subject's identity for finding duplicates: e-mail addresses compared
// case-insensitively.
type seenKey struct {
	kind  Kind
	value string
}

// Problem is one reason the input is refused. It names a position or a key, never a value.
type Problem struct {
	Where string
	What  string
}

func (p Problem) String() string { return p.Where + ": " + p.What }

// Request is the checked subjects of a request, each identifier once.
type Request struct {
	Subjects   []Subject
	Trimmed    int // entries given with surrounding whitespace, taken without it
	Duplicates int // entries that repeat an earlier one (e-mail addresses compared case-insensitively)
}

// Builder checks entries from several sources (the configuration's lists, the file)
// and collects every problem, so that one run reports them all.
type Builder struct {
	req      Request
	problems []Problem
	seen     map[seenKey]bool
}

// Add checks one source's entries of one kind; nil stands for a JSON null.
func (b *Builder) Add(source string, kind Kind, entries []*string) { b.add(source, kind, entries, nil) }

// add checks entries, given in rows of a CSV file when rows is not nil.
func (b *Builder) add(source string, kind Kind, entries []*string, rows []int) {
	if b.seen == nil {
		b.seen = make(map[seenKey]bool, len(entries))
	}
	b.req.Subjects = slices.Grow(b.req.Subjects, len(entries))
	for i, e := range entries {
		row := 0
		if rows != nil {
			row = rows[i]
		}
		where := func() string { return entryWhere(kind, i+1, len(entries), row, source) }
		if e == nil {
			b.problems = append(b.problems, Problem{where(), "is null: give an identifier or remove the entry"})
			continue
		}
		v := strings.TrimSpace(*e)
		if v != *e {
			b.req.Trimmed++
		}
		if v == "" {
			b.problems = append(b.problems, Problem{where(), "is blank: an empty identifier would match contacts that have none"})
			continue
		}
		if what := invalid(kind, v); what != "" {
			b.problems = append(b.problems, Problem{where(), what})
			continue
		}
		key := seenKey{kind, v}
		if kind == Email {
			key.value = strings.ToLower(v)
		}
		if b.seen[key] {
			b.req.Duplicates++
			continue
		}
		b.seen[key] = true
		b.req.Subjects = append(b.req.Subjects, Subject{Kind: kind, Value: v, source: source, index: i + 1, total: len(entries), row: row})
	}
}

// Problem records a problem found outside the entries (the file, a key).
func (b *Builder) Problem(where, what string) { b.problems = append(b.problems, Problem{where, what}) }

// Result is the request, or every problem found. A request without subjects is a problem.
func (b *Builder) Result() (Request, []Problem) {
	b.seen = nil // needed no more: a large request's map is freed before the calls begin
	if len(b.problems) == 0 && len(b.req.Subjects) == 0 {
		b.problems = append(b.problems, Problem{"the request", "names no subject: give contact_ids, external_ids or emails"})
	}
	if len(b.problems) > 0 {
		return Request{}, b.problems
	}
	return b.req, nil
}

// invalid says why v cannot be an identifier of kind, or "".
func invalid(kind Kind, v string) string {
	switch kind {
	case Email:
		addr, err := mail.ParseAddress(v)
		if err != nil || addr.Name != "" || addr.Address != v {
			return "is not one e-mail address (write it as local-part@domain, without a display name, brackets or a second address)"
		}
	case ContactID:
		if strings.ContainsAny(v, "/\\?#% ") || v == "." || v == ".." {
			return "is not an Intercom contact id (ids hold no slash, space or ?#%)"
		}
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "holds a control character (a line break inside the entry, say)"
	}
	return ""
}

// MaxFileSize is the largest subjects_file read: about 100,000 subjects.
const MaxFileSize = 16 << 20

// ReadFile reads subjects_file into b. The path itself must not hold an @ (it would put an
// e-mail address into the configuration); the file must be a regular file of at most
// MaxFileSize bytes holding exactly one JSON object with the keys emails, external_ids and
// contact_ids, each a list of strings, or, named *.csv, a CSV file (ParseCSV).
func ReadFile(b *Builder, path string) {
	const where = "subjects_file"
	if strings.Contains(path, "@") {
		b.Problem(where, "the path holds an @, like an e-mail address: the path is part of the configuration, "+
			"which Terraform prints and stores; name the file after the ticket instead")
		return
	}
	info, err := os.Stat(path)
	switch {
	case err != nil:
		b.Problem(where, fmt.Sprintf("cannot be read: %v", errors.Unwrap(err)))
		return
	case !info.Mode().IsRegular():
		b.Problem(where, "is not a regular file (a pipe or a device, say): give the path of a JSON or CSV file")
		return
	case info.Size() > MaxFileSize:
		b.Problem(where, fmt.Sprintf("is %d bytes, more than the %d bytes read: split the request", info.Size(), MaxFileSize))
		return
	}
	f, err := os.Open(path) //nolint:gosec // subjects_file, the path the configuration names on purpose
	if err != nil {
		b.Problem(where, fmt.Sprintf("cannot be read: %v", errors.Unwrap(err)))
		return
	}
	defer f.Close()
	// Read in one buffer of the size Stat gave (one more byte shows a file that grew since).
	raw := make([]byte, info.Size()+1)
	n, err := io.ReadFull(f, raw)
	// ReadFull's io.EOF is an empty file read whole; its ErrUnexpectedEOF, one read whole.
	if (err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF)) || int64(n) != info.Size() {
		b.Problem(where, "cannot be read whole (it changed while it was read)")
		return
	}
	raw = raw[:n]
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		ParseCSV(b, raw)
		return
	}
	ParseFile(b, raw)
}

// ParseFile reads the JSON of subjects_file into b: exactly one object, no trailing data,
// no key twice, no other key, each value a list of strings (null entries are reported by
// position by Add).
func ParseFile(b *Builder, raw []byte) {
	const where = "subjects_file"
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		b.Problem(where, `does not start with a JSON object: write it as {"emails": [...], "external_ids": [...], "contact_ids": [...]}, `+
			`or give a CSV file, named *.csv`)
		return
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			b.Problem(where, fmt.Sprintf("is not valid JSON (at byte %d)", dec.InputOffset()))
			return
		}
		key, _ := tok.(string)
		kind, known := map[string]Kind{"emails": Email, "external_ids": ExternalID, "contact_ids": ContactID}[key]
		var entries []*string
		if err := dec.Decode(&entries); err != nil {
			var syntax *json.SyntaxError
			if errors.As(err, &syntax) {
				b.Problem(where, fmt.Sprintf("is not valid JSON (at byte %d)", syntax.Offset))
				return
			}
			b.Problem(where, fmt.Sprintf("key %q is not a list of strings", key))
			continue
		}
		switch {
		case !known && strings.Contains(key, "@"):
			b.Problem(where, "has an unknown key that holds an @, like an e-mail address: the keys are emails, external_ids and contact_ids")
		case !known:
			b.Problem(where, fmt.Sprintf("has the unknown key %q: the keys are emails, external_ids and contact_ids", key))
		case seen[key]:
			b.Problem(where, fmt.Sprintf("has the key %q twice: a JSON reader would keep only one of the lists", key))
		default:
			seen[key] = true
			b.Add(where, kind, entries)
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		b.Problem(where, fmt.Sprintf("is not valid JSON (at byte %d)", dec.InputOffset()))
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		b.Problem(where, "holds more after its JSON object: give one object, with every subject in its lists")
	}
}
