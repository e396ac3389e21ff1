package e2e

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
)

// portalPage is a portal answer after any redirect.
type portalPage struct {
	Status int
	Path   string
	Body   string
}

// postForm posts a form as a browser without JavaScript would, following
// the redirect.
func postDNSForm(t *testing.T, h *apptest.Harness, c *apptest.Client, path string, form url.Values) portalPage {
	t.Helper()
	resp, err := c.HTTP.PostForm(h.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	return readPortalPage(t, resp)
}

func readPortalPage(t *testing.T, resp *http.Response) portalPage {
	t.Helper()
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return portalPage{Status: resp.StatusCode, Path: resp.Request.URL.Path, Body: string(b)}
}

// reviewThenApply posts the form, checks that it only showed a plan, then
// posts it again with step=apply.
func reviewThenApply(t *testing.T, h *apptest.Harness, c *apptest.Client, path string, form url.Values,
	wantPlan ...string) portalPage {
	t.Helper()
	before := listRecords(t, c)
	p := postDNSForm(t, h, c, path, form)
	if p.Status != 200 || !strings.Contains(p.Body, `id="review"`) || !strings.Contains(p.Body, `id="apply"`) {
		t.Fatalf("review of %s %v: %d\n%s", path, form, p.Status, p.Body)
	}
	for _, w := range wantPlan {
		if !strings.Contains(p.Body, w) {
			t.Errorf("the review of %s lacks %q", path, w)
		}
	}
	if after := listRecords(t, c); after.Change != nil && before.Change != nil && after.Change.ID != before.Change.ID {
		t.Fatalf("the review of %s applied a change", path)
	}

	form.Set("step", "apply")
	p = postDNSForm(t, h, c, path, form)
	if p.Status != 200 || p.Path != "/domains/"+zoneDomain || strings.Contains(p.Body, `id="review"`) {
		t.Fatalf("apply of %s: %d at %s\n%s", path, p.Status, p.Path, p.Body)
	}
	return p
}

func TestDNSEditorPortal(t *testing.T) {
	// Changes stay pending until the test moves them past the delay.
	h, c := startZone(t, "", "1h")
	recordsPath := "/domains/" + zoneDomain + "/records"

	// A value holding markup is stored as typed and shown as text.
	xss := "<script>alert(1)</script>"
	p := reviewThenApply(t, h, c, recordsPath, url.Values{"mode": {"set"}, "name": {"note"}, "type": {"TXT"},
		"ttl": {"300"}, "values": {xss}}, "create", "note."+zoneDomain)
	if strings.Contains(p.Body, xss) || !strings.Contains(p.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the TXT value is not escaped on the page")
	}
	if got, _ := findRecord(listRecords(t, c), "note."+zoneDomain, "TXT"); !slices.Equal(got.Values, []string{xss}) {
		t.Errorf("note = %+v", got)
	}

	// Add a value to the MX set, then remove one of two, then the last.
	reviewThenApply(t, h, c, recordsPath, url.Values{"mode": {"set"}, "name": {"mx"}, "type": {"MX"},
		"ttl": {"3600"}, "values": {"10 a.example.org."}})
	reviewThenApply(t, h, c, recordsPath, url.Values{"mode": {"add"}, "name": {"mx." + zoneDomain},
		"type": {"MX"}, "values": {"20 b.example.org"}}, "update", "20 b.example.org.")
	mx, _ := findRecord(listRecords(t, c), "mx."+zoneDomain, "MX")
	if !slices.Equal(mx.Values, []string{"10 a.example.org.", "20 b.example.org."}) || mx.TTL != 3600 {
		t.Fatalf("after adding a value: %+v", mx)
	}
	del := "/domains/" + zoneDomain + "/records/delete"
	reviewThenApply(t, h, c, del, url.Values{"name": {"mx." + zoneDomain}, "type": {"MX"},
		"value": {"10 a.example.org."}}, "update")
	mx, _ = findRecord(listRecords(t, c), "mx."+zoneDomain, "MX")
	if !slices.Equal(mx.Values, []string{"20 b.example.org."}) || mx.TTL != 3600 {
		t.Fatalf("after removing one value: %+v", mx)
	}

	// Undo puts the removed value back.
	reviewThenApply(t, h, c, "/domains/"+zoneDomain+"/records/undo", url.Values{}, "update")
	mx, _ = findRecord(listRecords(t, c), "mx."+zoneDomain, "MX")
	if len(mx.Values) != 2 {
		t.Fatalf("after undo: %+v", mx)
	}
	reviewThenApply(t, h, c, del, url.Values{"name": {"mx." + zoneDomain}, "type": {"MX"}}, "delete")
	if _, ok := findRecord(listRecords(t, c), "mx."+zoneDomain, "MX"); ok {
		t.Fatal("the MX set survived its deletion")
	}

	checkPortalErrors(t, h, c, recordsPath)
	checkPortalPage(t, h, c)
	checkPortalImport(t, h, c)
}

// Refused edits show the message beside the field and change nothing.
func checkPortalErrors(t *testing.T, h *apptest.Harness, c *apptest.Client, path string) {
	t.Helper()
	p := postDNSForm(t, h, c, path, url.Values{"mode": {"set"}, "name": {"short"}, "type": {"A"},
		"ttl": {"5"}, "values": {"192.0.2.1"}})
	if p.Status != 422 || !strings.Contains(p.Body, `id="err-ttl"`) || !strings.Contains(p.Body, `value="short"`) {
		t.Errorf("TTL refusal: %d\n%s", p.Status, p.Body)
	}
	p = postDNSForm(t, h, c, path, url.Values{"mode": {"set"}, "name": {"sub"}, "type": {"NS"},
		"ttl": {"300"}, "values": {"ns1.example.net."}, "step": {"apply"}})
	if p.Status != 422 || !strings.Contains(p.Body, `id="err-type"`) {
		t.Errorf("type refusal: %d", p.Status)
	}
	if _, ok := findRecord(listRecords(t, c), "sub."+zoneDomain, "NS"); ok {
		t.Error("a disallowed type was applied")
	}
}

// The page offers only the allowed types, shows the apex NS read-only, and
// the propagation status fragment goes from pending to in sync.
func checkPortalPage(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	t.Helper()
	_, body := sendText(t, h, c, "GET", "/domains/"+zoneDomain, "", "")
	for _, typ := range []string{"A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA"} {
		if !strings.Contains(body, "<option >"+typ+"</option>") && !strings.Contains(body, "<option selected>"+typ+"</option>") {
			t.Errorf("type %s is not offered", typ)
		}
	}
	if strings.Contains(body, "<option >NS</option>") || strings.Contains(body, "<option >SOA</option>") {
		t.Error("NS or SOA is offered")
	}
	if !strings.Contains(body, "read-only") {
		t.Error("the apex NS is not shown read-only")
	}
	_, body = sendText(t, h, c, "GET", "/domains/"+zoneDomain+"?edit=www."+zoneDomain+"&type=CNAME", "", "")
	if !strings.Contains(body, `value="www.`+zoneDomain+`"`) || !strings.Contains(body, ">"+zoneDomain+".</textarea>") {
		t.Error("the Change link does not fill the editor")
	}

	// Pending: the page polls the status fragment.
	poll := `hx-get="/domains/` + zoneDomain + `/change"`
	if !strings.Contains(body, `id="change-status" class="status status-pending">pending`) || !strings.Contains(body, poll) {
		t.Errorf("page lacks the pending status poll:\n%s", body)
	}
	st, frag := sendText(t, h, c, "GET", "/domains/"+zoneDomain+"/change", "", "")
	if st != 200 || !strings.Contains(frag, "pending") || !strings.Contains(frag, poll) {
		t.Errorf("pending fragment: %d %s", st, frag)
	}

	// The sandbox host reports every change in sync once its delay passed.
	if _, err := h.App.DB.Exec(t.Context(), "UPDATE sandbox_dns_changes SET submitted_at = ?",
		time.Now().Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	st, frag = sendText(t, h, c, "GET", "/domains/"+zoneDomain+"/change", "", "")
	if st != 200 || !strings.Contains(frag, "in sync") || strings.Contains(frag, "hx-get") {
		t.Errorf("in-sync fragment: %d %s", st, frag)
	}
	if l := listRecords(t, c); l.Change == nil || l.Change.Status != "in_sync" {
		t.Errorf("API change after sync: %+v", l.Change)
	}
}

// An import lists refused lines with their reasons before it is applied.
func checkPortalImport(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	t.Helper()
	values := []string{}
	for i := range 10 {
		values = append(values, "192.0.2."+string(rune('0'+i)))
	}
	if st, a := putRecord(t, c, "", map[string]any{"name": "pool", "type": "A", "ttl": 300, "values": values}); st != 200 {
		t.Fatalf("pool: %d %+v", st, a)
	}
	zone := "$ORIGIN " + zoneDomain + ".\nimported 3600 IN A 192.0.2.77\nbroken 3600 IN A 300.1.1.1\n"
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "other.zone")
	_, _ = io.WriteString(fw, zone)
	_ = mw.Close()
	resp, err := c.HTTP.Post(h.URL+"/domains/"+zoneDomain+"/zone/import", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	p := readPortalPage(t, resp)
	if p.Status != 200 || !strings.Contains(p.Body, `class="refused"`) || !strings.Contains(p.Body, "line 3") ||
		!strings.Contains(p.Body, "imported."+zoneDomain) {
		t.Fatalf("import review: %d\n%s", p.Status, p.Body)
	}
	// The import replaces the editable records, so it deletes most of the
	// zone: a mass change that needs the box ticked.
	form := url.Values{"zone": {zone}, "step": {"apply"}}
	if p = postDNSForm(t, h, c, "/domains/"+zoneDomain+"/zone/import", form); p.Status != 422 ||
		!strings.Contains(p.Body, `id="err-confirm"`) {
		t.Fatalf("unconfirmed mass import: %d\n%s", p.Status, p.Body)
	}
	form.Set("confirm", "true")
	if p = postDNSForm(t, h, c, "/domains/"+zoneDomain+"/zone/import", form); p.Status != 200 ||
		p.Path != "/domains/"+zoneDomain {
		t.Fatalf("confirmed import: %d at %s", p.Status, p.Path)
	}
	l := listRecords(t, c)
	if _, ok := findRecord(l, "imported."+zoneDomain, "A"); !ok {
		t.Error("the import did not apply")
	}
	if _, ok := findRecord(l, "note."+zoneDomain, "TXT"); ok {
		t.Error("the import left a record the file lacks")
	}
}
