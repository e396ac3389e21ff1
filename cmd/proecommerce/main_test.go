package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// run executes the command line with its own data folder and returns what
// it printed.
func run(t *testing.T, dir string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	vars := map[string]string{"PROECOMMERCE_DATA_DIR": dir, "PROECOMMERCE_LOG_FORMAT": "text"}
	e := &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }}
	err := dispatch(context.Background(), e, args)
	return out.String(), errOut.String(), err
}

func TestUserAndTokenCommands(t *testing.T) {
	dir := t.TempDir()

	id, _, err := run(t, dir, "user", "create", "--email", "ops@example.com", "--password",
		"long enough", "--role", "admin")
	if err != nil || !strings.HasPrefix(strings.TrimSpace(id), "usr_") {
		t.Fatalf("user create: %q %v", id, err)
	}
	tok, _, err := run(t, dir, "token", "create", "--email", "ops@example.com")
	if err != nil || !strings.HasPrefix(tok, "pcd_") || strings.Count(tok, "\n") != 1 {
		t.Fatalf("token create printed %q (%v); want the token alone", tok, err)
	}

	tenant, _, err := run(t, dir, "tenant", "create", "--name", "Second Host")
	if err != nil || !strings.HasPrefix(tenant, "ten_") {
		t.Fatalf("tenant create: %q %v", tenant, err)
	}
	_, _, err = run(t, dir, "user", "create", "--email", "c@example.com", "--password", "long enough",
		"--role", "client", "--name", "C", "--tenant", strings.TrimSpace(tenant))
	if err != nil {
		t.Fatalf("client in second tenant: %v", err)
	}
	if _, _, err := run(t, dir, "token", "create", "--email", "c@example.com"); err == nil {
		t.Error("a user of another tenant got a token from the default tenant")
	}
}

func TestCommandErrorsNameTheFlag(t *testing.T) {
	dir := t.TempDir()
	cases := [][]string{
		{"user", "create", "--email", "nope", "--password", "long enough"},
		{"user", "create", "--email", "a@b.c", "--password", "short"},
		{"user", "create", "--email", "a@b.c", "--password", "long enough", "--role", "root"},
		{"token", "create"},
		{"tenant", "create"},
		{"sandbox", "complete"},
	}
	flags := []string{"--email", "--password", "--role", "--email", "--name", "--domain"}
	for i, args := range cases {
		_, _, err := run(t, dir, args...)
		if err == nil || !strings.Contains(err.Error(), flags[i]) || exitCode(err) != 2 {
			t.Errorf("%v: %v (exit %d), want a usage error naming %s", args, err, exitCode(err), flags[i])
		}
	}
}

func TestHelpForEveryCommand(t *testing.T) {
	for _, c := range commands() {
		args := append(strings.Fields(c.name), "--help")
		_, errOut, err := run(t, t.TempDir(), args...)
		if err != nil || !strings.Contains(errOut, "Usage: proecommerce "+c.name) {
			t.Errorf("%s --help: %v %q", c.name, err, errOut)
		}
	}
	out, _, _ := run(t, t.TempDir(), "help")
	if !strings.Contains(out, "token create") || !strings.Contains(out, "serve") {
		t.Errorf("help lists %q", out)
	}
}
