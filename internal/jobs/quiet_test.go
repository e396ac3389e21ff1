package jobs

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestRiverLogsOnlyWarnings(t *testing.T) {
	var buf bytes.Buffer
	l := quietRiver(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	l.With("component", "river").Info("producer: Producer job counts")
	l.Warn("job failed", "kind", "x")
	if out := buf.String(); strings.Contains(out, "Producer job counts") || !strings.Contains(out, "job failed") ||
		!strings.Contains(out, "kind=x") {
		t.Errorf("log:\n%s", out)
	}
}
