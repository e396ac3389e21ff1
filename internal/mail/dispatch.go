package mail

import (
	"context"
	"log/slog"

	"github.com/proecommerce/domains/internal/store"
)

// Dispatch sends every unsent outbox message once; a message that fails
// stays in the outbox for the next run. It returns how many were sent.
func Dispatch(ctx context.Context, st *store.Store, s *Sender, logger *slog.Logger) (int, error) {
	mails, err := st.UnsentMail(ctx, 100)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range mails {
		if err := s.Send(ctx, Message{To: m.To, Subject: m.Subject, Body: m.Body}); err != nil {
			logger.Warn("mail not sent; it stays in the outbox", "mail_id", m.ID, "err", err)
			continue
		}
		if err := st.MarkMailSent(ctx, m.ID); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}
