package gdpr

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readCSV writes raw as the DPO's CSV file and reads it as subjects_file.
func readCSV(t *testing.T, raw string) (Request, []Problem) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "DSR-2026-0142.csv")
	if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	var b Builder
	ReadFile(&b, path)
	return b.Result()
}

// The CSV a DPO really has, as a spreadsheet saves it: a byte-order mark, semicolons (a
// European locale), CRLF line ends, headers in their own words, stray spaces, the same
// address twice in another case, rows with one cell of two empty, and a blank row at the
// end. It is taken as it is: each subject once, named by its row.
func TestReadFileTakesTheCSVADPOHas(t *testing.T) {
	t.Parallel()
	req, problems := readCSV(t, "\ufeffE-mail;External ID\r\n"+
		" jane.doe@example.org ;\r\n"+
		"JANE.DOE@example.org;\r\n"+
		";user-42\r\n"+
		"shared@example.org;user-43\r\n"+
		";\r\n")
	if len(problems) > 0 {
		t.Fatalf("refused the DPO's CSV:\n%s", problemsText(problems))
	}
	var got []string
	for _, s := range req.Subjects {
		got = append(got, s.Kind.Key()+"="+s.Value+" @ "+s.Where())
	}
	want := []string{
		"emails=jane.doe@example.org @ subjects_file row 2 (email)",
		"emails=shared@example.org @ subjects_file row 5 (email)",
		"external_ids=user-42 @ subjects_file row 4 (external_id)",
		"external_ids=user-43 @ subjects_file row 5 (external_id)",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("subjects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if req.Trimmed != 1 || req.Duplicates != 1 {
		t.Errorf("trimmed %d, duplicates %d; want 1 and 1", req.Trimmed, req.Duplicates)
	}
}

// A CSV with problems: every one at once, by row and column, never by value (a header
// may be a subject's address when the file has no header row).
func TestReadFileRefusesACSVByPosition(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		raw  string
		want []string
	}{
		"a column that is not an identifier, and a bad address": {"email,name\njane@example.org,Jane Doe\nnot-an-address,\n",
			[]string{"subjects_file column 2 of the header row: is not email, external_id or contact_id",
				"subjects_file row 3 (email): is not one e-mail address"}},
		"no header row": {"jane@example.org\n",
			[]string{"subjects_file column 1 of the header row: is not email, external_id or contact_id"}},
		"a row with more cells than the header": {"email\njane@example.org,Jane\n",
			[]string{"subjects_file line 2: a row with more or fewer cells than the header row"}},
		"a quote left open": {"email\n\"jane@example.org\n",
			[]string{"subjects_file line 2"}},
		"two columns of one kind": {"email,Email\njane@example.org,john@example.org\n",
			[]string{"subjects_file column 2 of the header row: repeats column 1 (email)"}},
		"only a header": {"email\n", []string{"the request: names no subject"}},
		"nothing":       {"", []string{"subjects_file: is empty"}},
	} {
		_, problems := readCSV(t, tc.raw)
		text := problemsText(problems)
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: problems\n%s\nlack %q", name, text, w)
			}
		}
		for _, pd := range []string{"jane", "john", "Jane", "Doe", "not-an-address"} {
			if strings.Contains(text, pd) {
				t.Errorf("%s: problems name a value %q:\n%s", name, pd, text)
			}
		}
	}
}
