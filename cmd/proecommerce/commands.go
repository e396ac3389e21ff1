package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"os"
	"slices"
	"strings"

	"github.com/proecommerce/domains/internal/app"
	"github.com/proecommerce/domains/internal/auth"
	"github.com/proecommerce/domains/internal/config"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/store"
)

// newFlags makes a flag set whose --help prints the command's usage.
func newFlags(e *env, name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: proecommerce %s [flags]\n\n%s.\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse reads flags; --help is not an error.
func parse(fs *flag.FlagSet, args []string) (bool, error) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return false, nil
	}
	if err != nil {
		return false, &exitError{code: 2, err: err}
	}
	if fs.NArg() > 0 {
		return false, &exitError{code: 2, err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	return true, nil
}

// openApp loads the configuration and opens the app (applying migrations).
func openApp(ctx context.Context, e *env, work bool) (*app.App, error) {
	cfg, err := config.LoadFrom(e.getenv)
	if err != nil {
		return nil, err
	}
	logger := newLogger(cfg.LogFormat, os.Stderr)
	return app.Open(ctx, cfg, logger, app.Options{Work: work})
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "Run the portal, the JSON API and the background jobs until stopped")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()

	admin, err := a.Bootstrap(ctx)
	if err != nil {
		return err
	}
	if admin != nil {
		fmt.Fprintf(e.stdout, "\nFirst start: an admin account was created (shown once).\n"+
			"  e-mail:   %s\n  password: %s\nLog in at %s/login\n\n", admin.Email, admin.Password,
			a.Config.BaseURL)
	}
	fmt.Fprintf(e.stdout, "ProEcommerce Domains is running at %s (registrar %s, DNS %s, payments %s)\n",
		a.Config.BaseURL, a.Config.Registrar, a.Config.DNS, a.Config.Payments)
	return a.Serve(ctx)
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "Apply pending database migrations (ours and River's) and exit")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	a, err := openApp(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(e.stdout, "migrations applied")
	return nil
}

// openBootstrapped opens the app and makes the first-start records, so a
// command run before the first serve still finds the default tenant.
func openBootstrapped(ctx context.Context, e *env) (*app.App, error) {
	a, err := openApp(ctx, e, false)
	if err != nil {
		return nil, err
	}
	if admin, err := a.Bootstrap(ctx); err != nil {
		a.Close()
		return nil, err
	} else if admin != nil {
		fmt.Fprintf(e.stderr, "First start: admin %s created with password %s (shown once)\n",
			admin.Email, admin.Password)
	}
	return a, nil
}

func runTenantCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "tenant create", "Create a tenant (an operator) and print its id")
	name := fs.String("name", "", "the tenant's name (required)")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return &exitError{code: 2, err: errors.New("--name: a tenant name is required")}
	}
	a, err := openBootstrapped(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()

	t, err := a.CreateTenant(ctx, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, t.ID)
	return nil
}

func runUserCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "user create", "Create an admin or client user of a tenant")
	email := fs.String("email", "", "the user's e-mail (required)")
	password := fs.String("password", "", "the password, at least 8 characters (required)")
	role := fs.String("role", "client", "admin or client")
	name := fs.String("name", "", "the user's name (default: the e-mail's local part)")
	tenant := fs.String("tenant", "", "tenant id (default: the default tenant)")
	currency := fs.String("currency", "", "a client's currency (default: the tenant's)")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if err := checkUserFlags(*email, *password, *role); err != nil {
		return &exitError{code: 2, err: err}
	}
	a, err := openBootstrapped(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()

	u, err := createUser(ctx, a, *tenant, *email, *password, *role, *name, *currency)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, u.ID)
	return nil
}

func checkUserFlags(email, password, role string) error {
	if !strings.Contains(email, "@") {
		return errors.New("--email: a valid e-mail address is required")
	}
	if len(password) < auth.MinPasswordLength {
		return fmt.Errorf("--password: at least %d characters are required", auth.MinPasswordLength)
	}
	if role != store.RoleAdmin && role != store.RoleClient {
		return errors.New("--role: must be admin or client")
	}
	return nil
}

func createUser(ctx context.Context, a *app.App, tenantID, email, password, role, name, currency string) (store.User, error) {
	t, err := a.Tenant(ctx, tenantID)
	if err != nil {
		return store.User{}, err
	}
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	if currency == "" {
		currency = t.Settings.Currency
	}
	if currency = strings.ToUpper(currency); !money.ValidCurrency(currency) {
		return store.User{}, errors.New("--currency: must be an ISO 4217 code such as USD")
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return store.User{}, err
	}
	u, err := a.Store.CreateUser(ctx, store.User{TenantID: t.ID, Email: email, Name: name,
		Role: role, PasswordHash: hash, Currency: currency})
	if errors.Is(err, store.ErrConflict) {
		return u, fmt.Errorf("--email: %s already exists in tenant %s", email, t.ID)
	}
	return u, err
}

func runTokenCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "token create", "Print a new API token for a user (the token alone)")
	email := fs.String("email", "", "the user's e-mail (required)")
	tenant := fs.String("tenant", "", "tenant id (default: the default tenant)")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if *email == "" {
		return &exitError{code: 2, err: errors.New("--email: required")}
	}
	a, err := openBootstrapped(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()

	t, err := a.Tenant(ctx, *tenant)
	if err != nil {
		return err
	}
	u, err := a.Store.UserByEmail(ctx, t.ID, *email)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("--email: no user %s in tenant %s", *email, t.ID)
	}
	if err != nil {
		return err
	}
	token, err := a.Store.CreateToken(ctx, u)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token)
	return nil
}

func runTLDsSync(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "tlds sync", "Fetch each configured registrar's price list into the TLD table")
	only := fs.String("registrar", "", "sync only this registrar")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	a, err := openBootstrapped(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()

	names := a.Providers.Names()
	if *only != "" && !slices.Contains(names, *only) {
		return &exitError{code: 2, err: fmt.Errorf("--registrar: %q is not configured (configured: %s)",
			*only, strings.Join(names, ", "))}
	}
	for _, name := range names {
		if *only != "" && name != *only {
			continue
		}
		n, err := a.SyncPrices(ctx, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %d TLDs priced\n", name, n)
	}
	return nil
}

func runSandboxComplete(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sandbox complete", "End a slow- sandbox registration or transfer now")
	domain := fs.String("domain", "", "the domain whose operation to end (required)")
	fail := fs.Bool("fail", false, "end it as failed instead of successful")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if *domain == "" {
		return &exitError{code: 2, err: errors.New("--domain: required")}
	}
	a, err := openApp(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()

	if a.Providers.SandboxRegistrar == nil {
		return errors.New("sandbox complete: the registrar is not the sandbox (PROECOMMERCE_REGISTRAR)")
	}
	op, err := a.Providers.SandboxRegistrar.Complete(ctx, strings.ToLower(*domain), *fail)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s %s: %s\n", op.Domain, op.Type, op.Status)
	return nil
}
