package secretbox

import (
	"strings"
	"testing"
)

func TestRoundTripAndWrongKey(t *testing.T) {
	b, err := New([]byte("key one"))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := b.Seal("EPP-code-123")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "EPP-code-123") {
		t.Fatal("sealed value shows the secret")
	}
	got, err := b.Open(sealed)
	if err != nil || got != "EPP-code-123" {
		t.Fatalf("Open = %q, %v", got, err)
	}

	other, _ := New([]byte("key two"))
	if _, err := other.Open(sealed); err == nil {
		t.Error("opened with the wrong key")
	}
	if s, _ := b.Seal(""); s != "" {
		t.Error("empty input should stay empty")
	}
}
