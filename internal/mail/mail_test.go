package mail_test

import (
	"bufio"
	"context"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/mail"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// fakeSMTP speaks just enough SMTP to receive messages.
type fakeSMTP struct {
	mu   sync.Mutex
	data []string
	rcpt []string
}

func (f *fakeSMTP) serve(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.session(c)
		}
	}()
	return ln.Addr().String()
}

func (f *fakeSMTP) session(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	say := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
	say("220 fake ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-fake\r\n250 8BITMIME")
		case strings.HasPrefix(cmd, "RCPT TO"):
			f.mu.Lock()
			f.rcpt = append(f.rcpt, strings.TrimSpace(line))
			f.mu.Unlock()
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil || l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			f.mu.Lock()
			f.data = append(f.data, b.String())
			f.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func TestDispatchSendsOutboxOnce(t *testing.T) {
	ctx := context.Background()
	st := store.New(testdb.SQLite(t), clock.System{})
	ten, _ := st.CreateTenant(ctx, "T", true)
	if err := st.QueueMail(ctx, store.Mail{TenantID: ten.ID, To: "client@example.com",
		Subject: "Your domain expires soon", Body: "renew example.com"}); err != nil {
		t.Fatal(err)
	}

	smtp := &fakeSMTP{}
	addr := smtp.serve(t)
	s, err := mail.NewSender("smtp://"+addr, "domains@host.example")
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.DiscardHandler)
	n, err := mail.Dispatch(ctx, st, s, logger)
	if err != nil || n != 1 {
		t.Fatalf("dispatch: %d %v", n, err)
	}
	if n, _ := mail.Dispatch(ctx, st, s, logger); n != 0 {
		t.Errorf("second dispatch sent %d again", n)
	}

	smtp.mu.Lock()
	defer smtp.mu.Unlock()
	if len(smtp.data) != 1 || !strings.Contains(smtp.data[0], "Subject: Your domain expires soon") ||
		!strings.Contains(smtp.rcpt[0], "client@example.com") {
		t.Errorf("received %q to %q", smtp.data, smtp.rcpt)
	}
	box, _ := st.Outbox(ctx, ten.ID, "", 10)
	if len(box) != 1 || box[0].SentAt.IsZero() {
		t.Errorf("outbox %+v", box)
	}
}

func TestSenderURLErrors(t *testing.T) {
	for _, u := range []string{"mailto:x", "http://host", "smtp://"} {
		if _, err := mail.NewSender(u, "a@b.c"); err == nil || !strings.Contains(err.Error(), "PROECOMMERCE_SMTP_URL") {
			t.Errorf("%s: %v", u, err)
		}
	}
}
