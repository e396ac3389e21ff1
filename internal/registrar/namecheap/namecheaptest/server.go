// Package namecheaptest is a stateful fake of Namecheap's XML API for tests
// that run the product against Namecheap (search, order, register, renew,
// transfer) without the network. It keeps domains and transfers in memory,
// checks the global parameters of every call, and answers in Namecheap's own
// envelope and element shapes.
package namecheaptest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Credentials the fake accepts.
const (
	APIUser  = "fakeuser"
	APIKey   = "fake-namecheap-key-7c1d"
	UserName = "fakeuser"
	ClientIP = "192.0.2.10"
)

// Domain is a domain held by the fake account.
type Domain struct {
	Name        string
	Created     time.Time
	Expires     time.Time
	Locked      bool
	AutoRenew   bool
	Privacy     bool
	Nameservers []string
	Email       string
	// WhoisguardID is the privacy service's ID; 0 where the TLD has none.
	WhoisguardID int
}

// Transfer is an inbound transfer the fake follows.
type Transfer struct {
	ID      int
	Domain  string
	Status  string
	Created time.Time
}

// Server is the fake API. Its exported fields may be changed before calls.
type Server struct {
	*httptest.Server

	mu sync.Mutex
	// Now is the fake's clock for created and expiry dates.
	Now func() time.Time
	// Taken lists names registered elsewhere; Premium maps names to their
	// premium registration price ("250.00").
	Taken   map[string]bool
	Premium map[string]string
	// Fail, when set for a command, answers it with that error number.
	Fail map[string]string

	domains   map[string]*Domain
	transfers []*Transfer
	calls     []url.Values
	nextID    int
}

// New starts a fake on a 127.0.0.1 port; Close stops it.
func New() *Server {
	s := &Server{
		Now:     func() time.Time { return time.Now().UTC() },
		Taken:   map[string]bool{},
		Premium: map[string]string{},
		Fail:    map[string]string{},
		domains: map[string]*Domain{},
		nextID:  1000,
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Domain returns a copy of a held domain.
func (s *Server) Domain(name string) (Domain, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.domains[name]
	if !ok {
		return Domain{}, false
	}
	return *d, true
}

// AddDomain puts a domain in the account.
func (s *Server) AddDomain(d Domain) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.domains[d.Name] = &d
}

// SetTransferStatus sets a transfer's free-text status; "Completed" moves
// the domain into the account for a year.
func (s *Server) SetTransferStatus(id int, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.transfers {
		if t.ID != id {
			continue
		}
		t.Status = status
		if status == "Completed" {
			now := s.Now()
			s.domains[t.Domain] = &Domain{Name: t.Domain, Created: now, Expires: now.AddDate(1, 0, 0)}
		}
	}
}

// Transfers returns copies of the inbound transfers the fake follows, in
// the order they were created.
func (s *Server) Transfers() []Transfer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Transfer, 0, len(s.transfers))
	for _, t := range s.transfers {
		out = append(out, *t)
	}
	return out
}

// Calls returns the forms received for a command ("namecheap.domains.create"),
// or for every command when it is empty.
func (s *Server) Calls(command string) []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []url.Values
	for _, c := range s.calls {
		if command == "" || strings.EqualFold(c.Get("Command"), command) {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	f := r.Form
	w.Header().Set("Content-Type", "text/xml")

	if f.Get("ApiUser") != APIUser || f.Get("ApiKey") != APIKey ||
		f.Get("UserName") != UserName || f.Get("ClientIp") != ClientIP {
		fmt.Fprint(w, errorXML("1011102", "API Key is invalid or API access has not been enabled"))
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, f)

	command := strings.ToLower(f.Get("Command"))
	if n, ok := s.Fail[f.Get("Command")]; ok {
		fmt.Fprint(w, errorXML(n, "failure injected by the test"))
		return
	}
	h, ok := s.routes()[command]
	if !ok {
		fmt.Fprint(w, errorXML("1010104", "Command "+f.Get("Command")+" is not supported by the fake"))
		return
	}
	fmt.Fprint(w, h(f))
}

func okXML(command, inner string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<ApiResponse Status="OK" xmlns="http://api.namecheap.com/xml.response"><Errors /><Warnings />
<RequestedCommand>` + command + `</RequestedCommand>
<CommandResponse Type="` + command + `">` + inner + `</CommandResponse>
<Server>FAKE</Server><GMTTimeDifference>--5:00</GMTTimeDifference><ExecutionTime>0.001</ExecutionTime>
</ApiResponse>`
}

func errorXML(number, text string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<ApiResponse Status="ERROR" xmlns="http://api.namecheap.com/xml.response">
<Errors><Error Number="` + number + `">` + xmlText(text) + `</Error></Errors><Warnings />
<CommandResponse /><Server>FAKE</Server></ApiResponse>`
}

func xmlText(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}

// date formats t month-first, as Namecheap does.
func date(t time.Time) string { return t.Format("01/02/2006") }
