package gdpr

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// csvHeaders are the header cells a CSV subjects_file may name its columns with,
// compared case-insensitively with spaces and hyphens read as underscores: the words a
// ticketing system or a spreadsheet uses.
var csvHeaders = map[string]Kind{
	"email": Email, "emails": Email, "e_mail": Email, "email_address": Email, "e_mail_address": Email,
	"external_id": ExternalID, "external_ids": ExternalID, "user_id": ExternalID,
	"contact_id": ContactID, "contact_ids": ContactID,
}

// ParseCSV reads a CSV subjects_file into b, as a spreadsheet or a ticketing system
// saves one: a header row naming each column email, external_id or contact_id (every
// column must be one of them: a file without a header row would take its first subject
// for a header), one subject per non-empty cell, commas or, when the header row holds
// semicolons and no comma, semicolons (a European locale's spreadsheet), with or without
// a byte-order mark. Rows whose cells are all empty are skipped. Problems name rows,
// lines and columns, never a cell's value.
func ParseCSV(b *Builder, raw []byte) {
	const where = "subjects_file"
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(raw))
	r.Comma = csvDelimiter(raw)
	r.TrimLeadingSpace = true // " jane@example.org" in a cell; a cell's trailing space is trimmed by add
	header, err := r.Read()
	switch {
	case errors.Is(err, io.EOF):
		b.Problem(where, "is empty: give a header row (email, external_id, contact_id) and a row per subject")
		return
	case err != nil:
		b.Problem(csvProblem(err))
		return
	}
	kinds := make([]Kind, len(header))
	known := make([]bool, len(header))
	firstOf := map[Kind]int{}
	for i, cell := range header {
		name := strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(cell)))
		kind, ok := csvHeaders[name]
		colWhere := fmt.Sprintf("%s column %d of the header row", where, i+1)
		switch {
		case !ok:
			b.Problem(colWhere, "is not email, external_id or contact_id: remove the column, or name it one of these "+
				"(a file without a header row is refused: its first row would be read as one)")
		case firstOf[kind] > 0:
			b.Problem(colWhere, fmt.Sprintf("repeats column %d (%s): put every identifier of one kind in one column", firstOf[kind], kind.Column()))
		default:
			firstOf[kind] = i + 1
			kinds[i], known[i] = kind, true
		}
	}
	entries := map[Kind][]*string{}
	rows := map[Kind][]int{}
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			b.Problem(csvProblem(err))
			var parse *csv.ParseError
			if errors.As(err, &parse) && errors.Is(parse.Err, csv.ErrFieldCount) {
				continue // the next rows may be read still, and their problems reported too
			}
			return
		}
		// The row as an editor or a spreadsheet numbers it: the line the record starts on
		// (the reader skips blank lines, so a count of records would drift from it).
		row, _ := r.FieldPos(0)
		for i, cell := range record {
			if !known[i] || strings.TrimSpace(cell) == "" {
				continue // an empty cell: the row names this subject by another column
			}
			entries[kinds[i]] = append(entries[kinds[i]], &cell)
			rows[kinds[i]] = append(rows[kinds[i]], row)
		}
	}
	for _, kind := range []Kind{Email, ExternalID, ContactID} {
		b.add(where, kind, entries[kind], rows[kind])
	}
}

// csvDelimiter is ';' when the header row holds semicolons and no comma, else ','.
func csvDelimiter(raw []byte) rune {
	header, _, _ := bytes.Cut(raw, []byte("\n"))
	if bytes.ContainsRune(header, ';') && !bytes.ContainsRune(header, ',') {
		return ';'
	}
	return ','
}

// csvProblem words a CSV reader's error by line, without the text it was reading.
func csvProblem(err error) (where, what string) {
	var parse *csv.ParseError
	if !errors.As(err, &parse) {
		return "subjects_file", "cannot be read as CSV"
	}
	what = "is not valid CSV (a quote left open, or one inside an unquoted cell)"
	if errors.Is(parse.Err, csv.ErrFieldCount) {
		what = "a row with more or fewer cells than the header row"
	}
	return fmt.Sprintf("subjects_file line %d", parse.StartLine), what
}
