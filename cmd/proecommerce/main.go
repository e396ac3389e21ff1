// Command proecommerce runs ProEcommerce Domains: the web portal, the JSON
// API and the background jobs (serve), and the one-shot commands operators
// use beside it (migrate, tenant, user and token management, price sync,
// sandbox controls).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what every command gets.
type env struct {
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// extraCommands are added by init in the files of later features.
var extraCommands []command

func commands() []command {
	return append([]command{
		{"serve", "run the portal, the JSON API and the background jobs", runServe},
		{"migrate", "apply pending database migrations and exit", runMigrate},
		{"tenant create", "create a tenant (an operator) and print its id", runTenantCreate},
		{"user create", "create an admin or client user", runUserCreate},
		{"token create", "print a new API token for a user", runTokenCreate},
		{"tlds sync", "fetch each registrar's price list into the TLD table", runTLDsSync},
		{"sandbox complete", "end a slow- sandbox registration or transfer", runSandboxComplete},
	}, extraCommands...)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	if err := dispatch(ctx, e, os.Args[1:]); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "proecommerce:", err)
		}
		os.Exit(exitCode(err))
	}
}

var errUsage = errors.New("usage")

// exitError carries a chosen exit status.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

func dispatch(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		usage(e.stdout)
		if len(args) == 0 {
			return &exitError{code: 2, err: errUsage}
		}
		return nil
	}
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			return c.run(ctx, e, args[len(words):])
		}
	}
	fmt.Fprintf(e.stderr, "proecommerce: unknown command %q\n\n", strings.Join(args, " "))
	usage(e.stderr)
	return &exitError{code: 2, err: errUsage}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: proecommerce COMMAND [flags]   (each command takes --help)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-18s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Configuration comes from environment variables; see the README.")
}

// newLogger logs JSON, or text when PROECOMMERCE_LOG_FORMAT=text or the
// output is a terminal.
func newLogger(format string, w *os.File) *slog.Logger {
	text := format == "text"
	if format == "" {
		if fi, err := w.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			text = true
		}
	}
	if text {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}
