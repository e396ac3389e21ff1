package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/app"
	"github.com/proecommerce/domains/internal/auth"
	"github.com/proecommerce/domains/internal/config"
)

// lockedBuffer is a bytes.Buffer safe for a command writing while the
// test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveOnce runs serve on free ports until it says it is running, stops
// it, and returns what it printed.
func serveOnce(t *testing.T, dir string) string {
	t.Helper()
	vars := map[string]string{"PROECOMMERCE_DATA_DIR": dir, "PROECOMMERCE_LOG_FORMAT": "text",
		"PROECOMMERCE_LISTEN": "127.0.0.1:0", "PROECOMMERCE_SANDBOX_DNS_LISTEN": "127.0.0.1:0"}
	var out lockedBuffer
	e := &env{stdout: &out, stderr: &lockedBuffer{}, getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- dispatch(ctx, e, []string{"serve"}) }()

	deadline := time.After(30 * time.Second)
	for !strings.Contains(out.String(), "is running at") {
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, out.String())
		case <-deadline:
			t.Fatalf("serve did not start:\n%s", out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil && ctx.Err() == nil {
		t.Fatalf("serve: %v", err)
	}
	return out.String()
}

var firstAdmin = regexp.MustCompile(`e-mail:\s+(\S+)\s+password:\s+(\S+)`)

// The first serve creates the admin and prints its password once; the
// password is the stored one; a second start prints no credentials.
func TestServePrintsTheFirstAdminOnce(t *testing.T) {
	dir := t.TempDir()
	first := serveOnce(t, dir)
	m := firstAdmin.FindStringSubmatch(first)
	if m == nil || m[1] != "admin@localhost" || len(m[2]) < 16 {
		t.Fatalf("first start printed no admin credentials:\n%s", first)
	}

	if again := serveOnce(t, dir); strings.Contains(again, "password") || strings.Contains(again, m[2]) {
		t.Errorf("a second start printed credentials again:\n%s", again)
	}

	cfg, err := config.LoadFrom(func(k string) string {
		return map[string]string{"PROECOMMERCE_DATA_DIR": dir}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	users, err := a.Store.UsersByEmail(context.Background(), m[1])
	if err != nil || len(users) != 1 || !users[0].IsAdmin() {
		t.Fatalf("admin user: %v %+v", err, users)
	}
	if err := auth.CheckPassword(users[0].PasswordHash, m[2]); err != nil {
		t.Errorf("the printed password is not the admin's: %v", err)
	}
}
