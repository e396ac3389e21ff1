package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserNames are the executables looked up on PATH, in this order.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// flowTimeout bounds one test's browser work, so a page that never reaches
// the state a test waits for fails the test instead of hanging the run.
const flowTimeout = 3 * time.Minute

// shared is the one browser process every test of the run opens its own
// incognito-like browser context in.
var shared struct {
	once    sync.Once
	ctx     context.Context
	stop    context.CancelFunc
	err     error
	dataDir string
}

var screenshots struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.stop != nil {
		shared.stop()
	}
	if shared.dataDir != "" {
		_ = os.RemoveAll(shared.dataDir)
	}
	os.Exit(code)
}

// findBrowser returns the path of an installed Chromium, or "".
func findBrowser() string {
	for _, n := range browserNames {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// browser returns the shared browser's context, starting it on first use,
// and skips the test when no Chromium is installed.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := findBrowser()
	if path == "" && os.Getenv("PROECOMMERCE_REQUIRE_BROWSER") != "" {
		t.Fatalf("browsertest: PROECOMMERCE_REQUIRE_BROWSER is set but no Chromium is on PATH "+
			"(looked for %s)", strings.Join(browserNames, ", "))
	}
	if path == "" {
		t.Skipf("browser tests skipped: no Chromium on PATH (looked for %s); "+
			"install it with: apt-get install -y chromium", strings.Join(browserNames, ", "))
	}
	shared.once.Do(func() { startBrowser(path) })
	if shared.err != nil {
		t.Fatalf("browsertest: start %s: %v", path, shared.err)
	}
	return shared.ctx
}

func startBrowser(path string) {
	shared.dataDir, shared.err = os.MkdirTemp("", "proecommerce-chromium-")
	if shared.err != nil {
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(shared.dataDir),
		chromedp.WindowSize(1280, 900),
	)
	alloc, stopAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, stopBrowser := chromedp.NewContext(alloc)
	shared.ctx = ctx
	shared.stop = func() { stopBrowser(); stopAlloc() }
	shared.err = chromedp.Do(ctx) // launches the browser and its first tab
}

// screenshotDir returns the folder screenshots go to, printing it once:
// PROECOMMERCE_SCREENSHOTS, else proecommerce-screenshots in the system's
// temporary folder, a fixed place a person can find after a passing run
// (go test shows a passing package's output only with -v). Each run
// overwrites the screenshots of the tests it runs.
func screenshotDir(t *testing.T) string {
	t.Helper()
	screenshots.once.Do(func() {
		dir := os.Getenv("PROECOMMERCE_SCREENSHOTS")
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "proecommerce-screenshots")
		}
		screenshots.err = os.MkdirAll(dir, 0o755)
		screenshots.dir = dir
		if screenshots.err == nil {
			fmt.Printf("browsertest: screenshots in %s\n", dir)
		}
	})
	if screenshots.err != nil {
		t.Fatalf("browsertest: screenshot folder: %v", screenshots.err)
	}
	return screenshots.dir
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// shotPath names a screenshot after the test and a step.
func shotPath(t *testing.T, step string) string {
	name := unsafeName.ReplaceAllString(t.Name()+"-"+step, "_")
	return filepath.Join(screenshotDir(t), name+".png")
}
