package namecheap

import (
	"fmt"
	"strings"
	"time"
)

// parseDate reads a Namecheap date, which is month-first ("04/28/2027" is
// 28 April 2027), as midnight UTC. An empty string is the zero time.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}

	t, err := time.Parse("01/02/2006", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("namecheap: date %q is not MM/DD/YYYY: %w", s, err)
	}
	return t, nil
}
