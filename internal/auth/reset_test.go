package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
)

func TestResetTokens(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC))
	rt, err := NewResetTokens([]byte("0123456789abcdef0123456789abcdef"), time.Hour, clk)
	if err != nil {
		t.Fatal(err)
	}
	tok := rt.Make("usr_abc", "!")

	if id, err := rt.UserID(tok); err != nil || id != "usr_abc" {
		t.Fatalf("UserID = %q, %v", id, err)
	}
	if err := rt.Check(tok, "!"); err != nil {
		t.Fatalf("fresh token refused: %v", err)
	}

	other, _ := NewResetTokens([]byte("another secret of enough length!"), time.Hour, clk)
	forged := other.Make("usr_abc", "!")
	bad := map[string]struct{ token, hash string }{
		"password changed since": {tok, "$argon2id$new"},
		"other installation":     {forged, "!"},
		"other user in it":       {rt.Make("usr_xyz", "!")[:len("dXNyX3h5eg")] + tok[len("dXNyX2FiYw"):], "!"},
		"truncated":              {tok[:len(tok)-2], "!"},
		"garbage":                {"nonsense", "!"},
	}
	for name, b := range bad {
		if err := rt.Check(b.token, b.hash); !errors.Is(err, ErrBadResetToken) {
			t.Errorf("%s: %v, want ErrBadResetToken", name, err)
		}
	}

	clk.Advance(time.Hour)
	if err := rt.Check(tok, "!"); !errors.Is(err, ErrBadResetToken) {
		t.Errorf("expired token: %v, want ErrBadResetToken", err)
	}
	if _, err := NewResetTokens(nil, time.Hour, clk); err == nil {
		t.Error("an empty secret was accepted")
	}
}
