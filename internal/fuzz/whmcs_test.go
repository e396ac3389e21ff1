package fuzz

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/whmcs"
)

func FuzzWHMCSCSV(f *testing.F) {
	for _, s := range []string{
		"id,domain,nextduedate,status\n1,example.com,2027-01-31,Active\n",
		"\ufeffid,domain\n1,\"a,b.com\"\n2,\"multi\nline\"\n",
		"id,domain,nextduedate\n1,x.com,0000-00-00\n2,y.com,\n3,z.com,2027-02-30\n",
		"id,domain\n1\n2,a.com,extra,fields\n",
		"id,domain\n\"unterminated\n",
		"domain\n\"\"\"quoted\"\"\"\n",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		r, err := whmcs.NewReader(strings.NewReader(data), "domain")
		if err != nil {
			return
		}
		last := 1
		for range 10000 {
			row, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				return
			}
			if row.Line <= last-1 || row.Line < 2 {
				t.Fatalf("row at line %d after line %d", row.Line, last)
			}
			last = row.Line
			d := row.Get("domain")
			if d != strings.TrimSpace(d) {
				t.Fatalf("Get did not trim %q", d)
			}
			date := row.Get("nextduedate")
			if when, err := whmcs.ParseDate(date); err == nil && !when.IsZero() &&
				!strings.HasPrefix(date, when.Format("2006-01-02")) {
				t.Fatalf("ParseDate(%q) = %s", date, when)
			}
		}
		t.Fatal("more than 10000 rows from a fuzz input")
	})
}
