package gdpr

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func parse(t *testing.T, raw string) (Request, []Problem) {
	t.Helper()
	var b Builder
	ParseFile(&b, []byte(raw))
	return b.Result()
}

func problemsText(ps []Problem) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return strings.Join(out, "\n")
}

// The file a DPO really has, exported from a ticketing system's CSV: stray spaces, a line
// break, duplicates in another case. Each subject is kept once, trimmed, and the trims and
// duplicates are counted.
func TestParseFileTakesARealExport(t *testing.T) {
	req, problems := parse(t, `{"emails": [" p03@example.org ", "p06@example.org\n", "P03@Example.org", "jürgen.müller@exämple.de"],
	 "external_ids": ["u-17", "u-17", "jane.doe@example.org"], "contact_ids": ["6650a1"]}`)
	if len(problems) > 0 {
		t.Fatalf("refused a real export:\n%s", problemsText(problems))
	}
	var values []string
	for _, s := range req.Subjects {
		values = append(values, s.Value)
	}
	want := []string{"p03@example.org", "p06@example.org", "jürgen.müller@exämple.de", "u-17", "jane.doe@example.org", "6650a1"}
	slices.Sort(values)
	slices.Sort(want)
	if !slices.Equal(values, want) {
		t.Errorf("subjects = %q, want %q", values, want)
	}
	if req.Trimmed != 2 || req.Duplicates != 2 {
		t.Errorf("trimmed %d, duplicates %d; want 2 and 2", req.Trimmed, req.Duplicates)
	}
}

// Everything that used to erase a bystander, drop subjects silently or call present
// people absent is refused before any call, every problem at once, by position, and
// never by value.
func TestParseFileRefusesEveryProblemAtOnceByPosition(t *testing.T) {
	for name, tc := range map[string]struct {
		raw  string
		want []string
	}{
		"blank and null entries": {`{"emails": ["", null, "  ", "ok@example.org"]}`,
			[]string{"emails entry 1 of 4 in subjects_file: is blank", "emails entry 2 of 4 in subjects_file: is null", "emails entry 3 of 4 in subjects_file: is blank"}},
		"display names, brackets and two addresses": {`{"emails": ["Pat <p05@example.org>", "<p07@example.org>", "a@example.org, b@example.org", "not-an-address"]}`,
			[]string{"emails entry 1 of 4", "emails entry 2 of 4", "emails entry 3 of 4", "emails entry 4 of 4"}},
		"two objects":         {`{"emails": ["a@example.org"]} {"emails": ["b@example.org"]}`, []string{"holds more after its JSON object"}},
		"a key twice":         {`{"emails": ["a@example.org"], "emails": ["b@example.org"]}`, []string{`has the key "emails" twice`}},
		"an unknown key":      {`{"email": ["a@example.org"]}`, []string{`has the unknown key "email"`}},
		"an address as key":   {`{"a@example.org": []}`, []string{"unknown key that holds an @"}},
		"empty lists":         {`{"emails": []}`, []string{"names no subject"}},
		"not an object":       {`["a@example.org"]`, []string{"does not start with a JSON object"}},
		"not JSON":            {`{"emails": ["a@example.org"`, []string{"is not valid JSON"}},
		"not strings":         {`{"external_ids": [17]}`, []string{`key "external_ids" is not a list of strings`}},
		"a contact id path":   {`{"contact_ids": ["../admins"]}`, []string{"contact_ids entry 1 of 1 in subjects_file: is not an Intercom contact id"}},
		"a line break inside": {`{"external_ids": ["u-1\nu-2"]}`, []string{"external_ids entry 1 of 1 in subjects_file: holds a control character"}},
	} {
		t.Run(name, func(t *testing.T) {
			req, problems := parse(t, tc.raw)
			if len(req.Subjects) != 0 {
				t.Errorf("a refused file still gave %d subject(s)", len(req.Subjects))
			}
			text := problemsText(problems)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("problems lack %q:\n%s", w, text)
				}
			}
			for _, value := range []string{"example.org", "p05", "u-1", "../admins"} {
				if strings.Contains(text, value) {
					t.Errorf("a problem repeats a value (%q):\n%s", value, text)
				}
			}
		})
	}
}

// Entries from the configuration and the file are checked together: a duplicate across
// them counts once, and problems of both are reported in one run.
func TestBuilderChecksEverySourceTogether(t *testing.T) {
	var b Builder
	s := func(v string) *string { return &v }
	b.Add("the configuration", ExternalID, []*string{s("u-1"), s(" ")})
	ParseFile(&b, []byte(`{"external_ids": ["u-1", null]}`))
	_, problems := b.Result()
	text := problemsText(problems)
	for _, w := range []string{"external_ids entry 2 of 2 in the configuration: is blank", "external_ids entry 2 of 2 in subjects_file: is null"} {
		if !strings.Contains(text, w) {
			t.Errorf("problems lack %q:\n%s", w, text)
		}
	}
}

// subjects_file must be a regular file of bounded size, and its path holds no @.
func TestReadFileRefusesWhatIsNotASubjectsFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "DSR-2026-0142.json")
	if err := os.WriteFile(good, []byte(`{"contact_ids": ["6650a1"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	named := filepath.Join(dir, "jane.doe@example.org.json")
	if err := os.WriteFile(named, []byte(`{"contact_ids": ["6650a1"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, []byte(`{"contact_ids": ["`+strings.Repeat("a", MaxFileSize)+`"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.json")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		good: "", named: "the path holds an @", big: "more than the", empty: "does not start with a JSON object", fifo: "is not a regular file", dir: "is not a regular file",
		filepath.Join(dir, "missing.json"): "cannot be read",
	} {
		var b Builder
		ReadFile(&b, path)
		_, problems := b.Result()
		text := problemsText(problems)
		if want == "" && len(problems) > 0 || want != "" && !strings.Contains(text, want) {
			t.Errorf("ReadFile(%s): problems %q, want %q", filepath.Base(path), text, want)
		}
		if strings.Contains(text, "jane.doe") {
			t.Errorf("ReadFile repeats the path's address: %s", text)
		}
	}
}

// Spaces inside an identifier are part of it (some apps' user ids hold them); only
// control characters are refused.
func TestInnerSpacesAreKept(t *testing.T) {
	req, problems := parse(t, `{"external_ids": ["user 17"]}`)
	if len(problems) > 0 || len(req.Subjects) != 1 || req.Subjects[0].Value != "user 17" {
		t.Fatalf("an external id with an inner space: %+v %v", req, problems)
	}
	if _, problems := parse(t, `{"external_ids": ["user\u007f17"]}`); len(problems) == 0 {
		t.Error("an external id with DEL was accepted")
	}
}

// A file of exactly MaxFileSize bytes is read whole.
func TestReadFileTakesAFileOfTheCap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "DSR-cap.json")
	head, tail := `{"contact_ids": ["c1"], "external_ids": ["`, `"]}`
	raw := head + strings.Repeat("x", MaxFileSize-len(head)-len(tail)) + tail
	if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	var b Builder
	ReadFile(&b, path)
	if req, problems := b.Result(); len(problems) > 0 || len(req.Subjects) != 2 {
		t.Fatalf("a file of %d bytes: %v", MaxFileSize, problems)
	}
}
