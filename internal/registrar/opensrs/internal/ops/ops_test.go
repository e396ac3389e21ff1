package ops

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// runes used by the property test: XML specials, quotes, whitespace that
// XML must keep, and multi-byte text.
var testRunes = []rune("abcXYZ019 <>&\"'\t\n\r;=/?é中文🙂-_.")

func randString(r *rand.Rand) string {
	n := r.IntN(12)
	var b strings.Builder
	for range n {
		b.WriteRune(testRunes[r.IntN(len(testRunes))])
	}
	return b.String()
}

func randValue(r *rand.Rand, depth int) Value {
	if depth <= 0 {
		return Str(randString(r))
	}

	switch r.IntN(3) {
	case 0:
		return Str(randString(r))
	case 1:
		a := Assoc{}
		for range r.IntN(5) {
			a[randString(r)+"k"] = randValue(r, depth-1)
		}
		return a.Value()
	}
	arr := Array{}
	for range r.IntN(5) {
		arr = append(arr, randValue(r, depth-1))
	}
	return arr.Value()
}

func TestRoundTripProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))

	for i := range 500 {
		top := Assoc{"attributes": randValue(r, 4), "action": Str(randString(r))}

		doc, err := Encode(top)
		if err != nil {
			t.Fatalf("case %d: encode: %v", i, err)
		}
		got, err := DecodeBytes(doc)
		if err != nil {
			t.Fatalf("case %d: decode: %v\n%s", i, err, doc)
		}
		if !got.Value().Equal(top.Value()) {
			t.Fatalf("case %d: round trip differs\n%s", i, doc)
		}
	}
}

func TestEncodeEscapesValues(t *testing.T) {
	doc, err := EncodeRequest("MODIFY", "DOMAIN", Assoc{
		"org_name": Str(`Smith <&> "Sons"`),
	})
	if err != nil {
		t.Fatal(err)
	}

	if bytes.Contains(doc, []byte("Smith <&>")) {
		t.Fatalf("value not escaped:\n%s", doc)
	}
	if !bytes.Contains(doc, []byte("Smith &lt;&amp;&gt;")) {
		t.Fatalf("escaped value missing:\n%s", doc)
	}
	if !bytes.HasPrefix(doc, []byte("<?xml")) || !bytes.Contains(doc, []byte("<!DOCTYPE OPS_envelope")) {
		t.Fatalf("prolog missing:\n%s", doc)
	}

	got, err := DecodeBytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Sub("attributes").Text("org_name"); v != `Smith <&> "Sons"` {
		t.Fatalf("decoded %q", v)
	}
}

func TestDecodeDocumentedReply(t *testing.T) {
	doc := `<?xml version='1.0' encoding="UTF-8" standalone="no" ?>
<!DOCTYPE OPS_envelope SYSTEM "ops.dtd">
<OPS_envelope>
 <header><version>0.9</version></header>
 <body><data_block><dt_assoc>
  <item key="protocol">XCP</item>
  <item key="action">REPLY</item>
  <item key="response_code">210</item>
  <item key="is_success">1</item>
  <item key="attributes"><dt_assoc>
   <item key="status">available</item>
   <item key="list"><dt_array>
    <item key="1">second</item>
    <item key="0">first</item>
   </dt_array></item>
  </dt_assoc></item>
 </dt_assoc></data_block></body>
</OPS_envelope>`

	got, err := DecodeBytes([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got.Text("response_code") != "210" || !got.Flag("is_success") {
		t.Fatalf("header items: %v", got)
	}
	attrs := got.Sub("attributes")
	if attrs.Text("status") != "available" {
		t.Fatalf("status %q", attrs.Text("status"))
	}
	list := attrs.List("list")
	if len(list) != 2 || list[0].Text() != "first" || list[1].Text() != "second" {
		t.Fatalf("array order: %v", list)
	}
}

func TestDecodeLatin1(t *testing.T) {
	doc := append([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?>`+
		`<OPS_envelope><body><data_block><dt_assoc><item key="city">Montr`),
		append([]byte{0xe9}, []byte(`al</item></dt_assoc></data_block></body></OPS_envelope>`)...)...)

	got, err := DecodeBytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text("city") != "Montréal" {
		t.Fatalf("city %q", got.Text("city"))
	}
}

type typedInner struct {
	Name  string `ops:"name"`
	Order int    `ops:"sortorder"`
}

type typedOuter struct {
	Domain  string       `ops:"domain"`
	Period  int          `ops:"period"`
	Privacy bool         `ops:"f_whois_privacy"`
	Auth    string       `ops:"auth_info,omitempty"`
	NS      []typedInner `ops:"nameserver_list"`
	Extra   Assoc        `ops:"extra"`
	skipped string
}

func TestTypedRoundTrip(t *testing.T) {
	in := typedOuter{
		Domain:  "example.ca",
		Period:  2,
		Privacy: true,
		NS:      []typedInner{{"ns1.example.net", 1}, {"ns2.example.net", 2}},
		Extra:   Assoc{"x": Str("y")},
	}

	a, err := MarshalAssoc(in)
	if err != nil {
		t.Fatal(err)
	}
	if a.Has("auth_info") {
		t.Fatal("omitempty field present")
	}
	if a.Text("f_whois_privacy") != "1" || a.Text("period") != "2" {
		t.Fatalf("scalars: %v", a)
	}
	if got := a.List("nameserver_list")[1].Assoc().Text("name"); got != "ns2.example.net" {
		t.Fatalf("nested: %q", got)
	}

	var out typedOuter
	if err := Unmarshal(a.Value(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Domain != in.Domain || out.Period != 2 || !out.Privacy || len(out.NS) != 2 ||
		out.NS[1].Order != 2 || out.Extra.Text("x") != "y" {
		t.Fatalf("unmarshal: %+v", out)
	}
}

func TestUnmarshalBadNumber(t *testing.T) {
	var out typedOuter
	err := Unmarshal(Assoc{"period": Str("two")}.Value(), &out)
	if err == nil || !strings.Contains(err.Error(), "period") {
		t.Fatalf("want error naming period, got %v", err)
	}
}

func TestSign(t *testing.T) {
	// md5(md5("<x>body</x>" + key) + key), computed independently.
	const want = "6f919dddb86391db1732102c4a2c781e"
	if got := Sign([]byte("<x>body</x>"), "secretkey123"); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func TestClientHeadersAndHTTPError(t *testing.T) {
	const key = "k3y-that-must-not-leak"
	var seen http.Header

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		seen = req.Header.Clone()
		http.Error(w, "upstream down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()

	c := NewClient(srv.URL, "reseller", key, srv.Client(), nil)
	_, err := c.Do(context.Background(), "LOOKUP", "DOMAIN", Assoc{"domain": Str("a.ca")})

	if err == nil || strings.Contains(err.Error(), key) {
		t.Fatalf("want an error without the key, got %v", err)
	}
	if seen.Get("X-Username") != "reseller" || seen.Get("Content-Type") != "text/xml" ||
		len(seen.Get("X-Signature")) != 32 {
		t.Fatalf("headers: %v", seen)
	}
}
