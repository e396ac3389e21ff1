package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") || strings.Contains(h, "correct horse") {
		t.Fatalf("hash %q", h)
	}
	if err := CheckPassword(h, "correct horse"); err != nil {
		t.Errorf("right password refused: %v", err)
	}
	if err := CheckPassword(h, "wrong horse"); err != ErrMismatch {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("short password accepted")
	}
}

func TestLimiter(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	l := NewLimiter(clk, 3, time.Minute)
	for i := 0; i < 3; i++ {
		if !l.Allow("a") {
			t.Fatalf("attempt %d refused", i)
		}
	}
	if l.Allow("a") {
		t.Error("fourth attempt allowed")
	}
	if !l.Allow("b") {
		t.Error("other key refused")
	}
	clk.Advance(time.Minute)
	if !l.Allow("a") {
		t.Error("attempt after the window refused")
	}
}
