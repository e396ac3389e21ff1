package pricing

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

const (
	maxPercent         = 1000
	maxPercentDecimals = 4
)

// ParsePercent validates a percent string ("20", "2.5", "0.0125") and
// returns it exactly. It must be a plain decimal, 0 <= p <= 1000, with at
// most four decimals; the error names the problem.
func ParsePercent(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("pricing: percent is empty")
	}
	if strings.HasPrefix(s, "-") {
		return nil, fmt.Errorf("pricing: percent %q is negative", s)
	}

	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > maxPercentDecimals {
		return nil, fmt.Errorf("pricing: percent %q has more than %d decimals",
			s, maxPercentDecimals)
	}

	p, err := parseDecimal(s)
	if err != nil || whole == "" {
		return nil, fmt.Errorf("pricing: percent %q is not a plain decimal number", s)
	}
	if p.Cmp(big.NewRat(maxPercent, 1)) > 0 {
		return nil, fmt.Errorf("pricing: percent %q is above %d", s, maxPercent)
	}
	return p, nil
}

// parseDecimal reads a plain decimal ("12", "0.86000"): digits, at most one
// point followed by at least one digit. No sign, exponent or fraction bar.
func parseDecimal(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" && frac == "" || !digits(whole) || !digits(frac) || hasPoint && frac == "" {
		return nil, fmt.Errorf("%q is not a plain decimal number", s)
	}

	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("%q is not a plain decimal number", s)
	}
	return r, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
