// Package whmcs reads WHMCS exports (CSV dumps of tblclients, tbldomains
// and tblcurrencies, column names as shared/data/whmcs-columns.md lists
// them) and imports them into a tenant: clients, their domains with
// statuses mapped to ours, renewal amounts and periods, and exchange rates
// (SPEC 11). Rows are read one at a time; nothing holds a whole file.
package whmcs

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Row is one record of an export, read by column name.
type Row struct {
	// Line is the line the record starts on (1 is the header).
	Line   int
	fields []string
	index  map[string]int
}

// Get returns a column's value trimmed, or "" when the export lacks it.
func (r Row) Get(col string) string {
	i, ok := r.index[col]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// Has reports whether the export has the column.
func (r Row) Has(col string) bool {
	_, ok := r.index[col]
	return ok
}

// Reader reads an export's records one by one. Quoted fields may hold
// commas, doubled quotes and line breaks (RFC 4180).
type Reader struct {
	csv   *csv.Reader
	index map[string]int
}

// NewReader reads the header and checks that every required column is
// there.
func NewReader(r io.Reader, required ...string) (*Reader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("whmcs: read header: %w", err)
	}
	index := make(map[string]int, len(header))
	for i, h := range header {
		index[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := index[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("whmcs: the export lacks the column(s) %s", strings.Join(missing, ", "))
	}
	return &Reader{csv: cr, index: index}, nil
}

// Next returns the next record, or io.EOF after the last.
func (r *Reader) Next() (Row, error) {
	rec, err := r.csv.Read()
	if errors.Is(err, io.EOF) {
		return Row{}, io.EOF
	}
	if err != nil {
		return Row{}, fmt.Errorf("whmcs: %w", err)
	}
	line, _ := r.csv.FieldPos(0)
	return Row{Line: line, fields: rec, index: r.index}, nil
}

// ParseDate reads a MySQL date ("2027-01-31"); WHMCS's "0000-00-00" and an
// empty field are the zero time.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, nil
	}
	if len(s) > 10 {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return t, nil
}
