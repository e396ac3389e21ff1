// Package mail delivers the product's e-mail. Messages are written to the
// outbox table first; a job sends them over SMTP when PROECOMMERCE_SMTP_URL
// is set, and otherwise they stay in the outbox for the admin pages.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	gomail "github.com/wneessen/go-mail"
)

// Message is one e-mail.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Sender delivers messages over SMTP.
type Sender struct {
	host     string
	port     int
	user     string
	password string
	implicit bool
	from     string
}

// NewSender reads an SMTP URL: smtp://user:pass@host:587 (STARTTLS when the
// server offers it) or smtps://user:pass@host:465 (TLS from the start).
func NewSender(rawURL, from string) (*Sender, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return nil, errors.New("mail: PROECOMMERCE_SMTP_URL: not a URL like smtp://user:pass@host:587")
	}
	if u.Scheme != "smtp" && u.Scheme != "smtps" {
		return nil, fmt.Errorf("mail: PROECOMMERCE_SMTP_URL: scheme %q, want smtp or smtps", u.Scheme)
	}
	s := &Sender{host: u.Hostname(), port: 587, implicit: u.Scheme == "smtps", from: from}
	if s.implicit {
		s.port = 465
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil {
			return nil, errors.New("mail: PROECOMMERCE_SMTP_URL: bad port")
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	return s, nil
}

// Send delivers one message.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("mail: from %q: %w", s.from, err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("mail: to %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)

	c, err := gomail.NewClient(s.host, s.options()...)
	if err != nil {
		return fmt.Errorf("mail: client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s: %w", m.To, err)
	}
	return nil
}

func (s *Sender) options() []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTLSPolicy(gomail.TLSOpportunistic)}
	if s.implicit {
		opts = append(opts, gomail.WithSSL())
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.user), gomail.WithPassword(s.password))
	}
	return opts
}
