package browsertest

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/proecommerce/domains/internal/apptest"
)

// waitFor bounds a wait for one state of a page (a streamed row, a polled
// status, a job that settles).
const waitFor = 30 * time.Second

// page is one browser tab in its own browser context (cookies of its own),
// pointed at a running product.
type page struct {
	t   *testing.T
	h   *apptest.Harness
	tab context.Context
	ctx context.Context
	// label tells the tabs of one test apart in screenshot names.
	label string

	mu     sync.Mutex
	errors []string
}

// newPage opens a tab for the test. When the test ends it saves a screenshot
// of what the tab shows, checks that the page threw no script error, and
// closes the tab.
func newPage(t *testing.T, h *apptest.Harness) *page {
	t.Helper()
	return newLabelledPage(t, h, "")
}

// newLabelledPage opens a second (third…) tab of a test; label names its
// screenshots.
func newLabelledPage(t *testing.T, h *apptest.Harness, label string) *page {
	t.Helper()
	tab, closeTab := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tab, flowTimeout)
	t.Cleanup(func() { cancel(); closeTab() })

	p := &page{t: t, h: h, tab: tab, ctx: ctx, label: label}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: open a tab: %v", err)
	}
	go p.watchConsole()
	t.Cleanup(p.finish)
	return p
}

// watchConsole records uncaught script errors of the tab.
func (p *page) watchConsole() {
	for msg, err := range chromedp.Console(p.ctx) {
		if err != nil {
			return
		}
		if msg.IsException() {
			p.mu.Lock()
			p.errors = append(p.errors, msg.Text+" at "+msg.URL)
			p.mu.Unlock()
		}
	}
}

func (p *page) finish() {
	p.screenshot("last")
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.errors {
		p.t.Errorf("script error in the page: %s", e)
	}
}

// screenshot saves a PNG of the whole page as the client sees it.
func (p *page) screenshot(step string) {
	ctx, cancel := context.WithTimeout(p.tab, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Logf("browsertest: no screenshot of %s: %v", step, err)
		return
	}
	if p.label != "" {
		step = p.label + "-" + step
	}
	path := shotPath(p.t, step)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Errorf("browsertest: save screenshot: %v", err)
		return
	}
	p.t.Logf("screenshot of %s: %s", step, path)
}

// do runs steps that return nothing and fails the test on the first error.
func (p *page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, waitFor)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v (page %s)", what, err, p.location())
	}
}

// open loads a path of the product and waits for the page.
func (p *page) open(path string) {
	p.t.Helper()
	p.do("open "+path, chromedp.Navigate(p.h.URL+path))
}

// submit clicks a button or link that loads another page and returns the
// HTTP status of the page that loaded (after redirects). sel is CSS, or
// XPath when it starts with "/".
func (p *page) submit(sel string) int64 {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, waitFor)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, click(sel))
	if err != nil {
		p.t.Fatalf("click %s: %v (page %s)", sel, err, p.location())
	}
	return resp.Status
}

// isXPath tells an XPath selector from a CSS one.
func isXPath(sel string) bool { return strings.HasPrefix(sel, "/") || strings.HasPrefix(sel, "(") }

// click clicks the first visible element sel (CSS or XPath) finds.
func click(sel string) chromedp.Action[chromedp.Void] {
	if isXPath(sel) {
		return chromedp.Click(chromedp.Search(sel), chromedp.NodeVisible)
	}
	return chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)
}

// fill types values into the inputs with these ids.
func (p *page) fill(values map[string]string) {
	p.t.Helper()
	for id, v := range values {
		p.do("fill #"+id, chromedp.SetValue(chromedp.ID(id), v))
	}
}

// typeInto types text into one input key by key, as a person would.
func (p *page) typeInto(id, text string) {
	p.t.Helper()
	p.do("type into #"+id, chromedp.Clear(chromedp.ID(id)), chromedp.SendKeys(chromedp.ID(id), text))
}

// text returns the visible text of the first element sel (CSS, or XPath
// when it starts with "/") finds.
func (p *page) text(sel string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, waitFor)
	defer cancel()
	read := chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible)
	if isXPath(sel) {
		read = chromedp.Text(chromedp.Search(sel), chromedp.NodeVisible)
	}
	s, err := chromedp.Run(ctx, read)
	if err != nil {
		p.t.Fatalf("read %s: %v (page %s)", sel, err, p.location())
	}
	return strings.TrimSpace(s)
}

// path returns the path (and query) of the page the tab shows.
func (p *page) path() string {
	u, err := url.Parse(p.location())
	if err != nil {
		return ""
	}
	return u.RequestURI()
}

func (p *page) location() string {
	ctx, cancel := context.WithTimeout(p.tab, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}

// eval runs a script expression in the page and returns its value.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitUntil polls a script expression in the page until it is true.
func (p *page) waitUntil(what, expr string) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](expr,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(waitFor)))
	if err != nil {
		p.t.Fatalf("waiting for %s: %v (page %s)", what, err, p.location())
	}
}

// waitText waits until the element a CSS selector finds holds the text.
func (p *page) waitText(css, want string) {
	p.t.Helper()
	p.waitUntil(css+" to say "+want, "(document.querySelector("+js(css)+")?.textContent ?? '').includes("+
		js(want)+")")
}

// js quotes a Go string as a script string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// evalVoid runs a script expression for its effect.
func evalVoid(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](expr)
}
