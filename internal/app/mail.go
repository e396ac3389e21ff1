package app

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/jobs"

	"github.com/proecommerce/domains/internal/mail"
)

// SendMailArgs sends what waits in the outbox.
type SendMailArgs struct{}

// Kind names the job.
func (SendMailArgs) Kind() string { return "send_mail" }

// InsertOpts keeps one sender at a time.
func (SendMailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: jobs.LiveOnce()}
}

type sendMailWorker struct {
	river.WorkerDefaults[SendMailArgs]
	app    *App
	sender *mail.Sender
}

func (w *sendMailWorker) Work(ctx context.Context, _ *river.Job[SendMailArgs]) error {
	_, err := mail.Dispatch(ctx, w.app.Store, w.sender, w.app.Logger)
	return err
}

// The sender runs only when SMTP is configured; without it messages stay in
// the outbox, which the admin pages show.
func init() {
	Register(Module{
		Name: "mail",
		Workers: func(a *App, w *river.Workers) error {
			if a.Config.SMTPURL == "" {
				return nil
			}
			s, err := mail.NewSender(a.Config.SMTPURL, a.Config.MailFrom)
			if err != nil {
				return err
			}
			return river.AddWorkerSafely(w, &sendMailWorker{app: a, sender: s})
		},
		Periodic: func(a *App) []*river.PeriodicJob {
			if a.Config.SMTPURL == "" {
				return nil
			}
			return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return SendMailArgs{}, nil },
				&river.PeriodicJobOpts{ID: "send_mail", RunOnStart: true})}
		},
	})
}
