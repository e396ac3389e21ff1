package renewal

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/store"
)

// Reminder kinds: a month before expiry, a week before, and after it.
const (
	ReminderMonth = "month_before"
	ReminderWeek  = "week_before"
	ReminderAfter = "after_expiry"
)

// ReminderDue returns the reminder to send on day today about a domain
// expiring at expiry, or "". Each kind has a window of days, so a day the
// job did not run is caught up the next day: the month reminder goes out
// from one month and a week to one month before expiry, the week reminder
// 14 to 7 days before, and the last one 1 to 5 days after.
func ReminderDue(today, expiry time.Time) string {
	day, exp := Day(today), Day(expiry)
	month := exp.AddDate(0, -1, 0)
	switch {
	case !day.Before(month.AddDate(0, 0, -7)) && !day.After(month):
		return ReminderMonth
	case !day.Before(exp.AddDate(0, 0, -14)) && !day.After(exp.AddDate(0, 0, -7)):
		return ReminderWeek
	case day.After(exp) && !day.After(exp.AddDate(0, 0, 5)):
		return ReminderAfter
	default:
		return ""
	}
}

// SendReminders writes the reminders due today to the outbox, once per
// domain, period and kind, and returns how many it wrote.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	today := Day(s.now())
	list, err := s.store.ReminderCandidates(ctx, today.AddDate(0, 0, -5),
		today.AddDate(0, 1, 8))
	if err != nil {
		return 0, fmt.Errorf("renewal: reminders: %w", err)
	}
	sent := 0
	for _, c := range list {
		kind := ReminderDue(today, c.ExpiresAt)
		if kind == "" {
			continue
		}
		ok, err := s.store.RecordReminder(ctx, c.DomainID, c.ExpiresAt, kind, reminderMail(c, kind))
		if err != nil {
			return sent, fmt.Errorf("renewal: reminder for %s: %w", c.Domain, err)
		}
		if ok {
			sent++
			s.logger.Info("renewal reminder queued", slog.String("domain", c.Domain),
				slog.String("kind", kind), slog.String("to", c.Email))
		}
	}
	return sent, nil
}

func reminderMail(c store.ReminderCandidate, kind string) store.Mail {
	date := c.ExpiresAt.Format("2 January 2006")
	subject := fmt.Sprintf("%s expires on %s", c.Domain, date)
	var next string
	switch {
	case c.Cancelled:
		next = "You cancelled its renewal, so it will not be renewed."
	case c.AutoRenew:
		next = "Auto-renew is on: your saved card is charged when the renewal invoice falls due."
	default:
		next = "Auto-renew is off: pay the renewal invoice in the portal to keep it."
	}
	if kind == ReminderAfter {
		subject = fmt.Sprintf("%s expired on %s", c.Domain, date)
		next = "It can still be renewed for a short time; see the portal for the price."
	}
	body := fmt.Sprintf("Hello %s,\n\n%s.\n%s\n", c.Name, subject, next)
	return store.Mail{TenantID: c.TenantID, To: c.Email, Subject: subject, Body: body}
}
