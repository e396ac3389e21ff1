package opensrstest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// nameSuggest answers NAME_SUGGEST from the account's state. The lookup
// service reads the search string under each TLD asked; the suggestion
// service offers best<word> under the first TLD and the word itself under
// the other TLDs where it is free (an overlap the client must drop); the
// premium service offers the premium names whose label starts with the
// word, under a TLD asked, with their price. Each service returns at most
// maximum items.
func (s *Server) nameSuggest(a ops.Assoc) (int, string, ops.Assoc) {
	word := strings.ToLower(a.Text("searchstring"))
	var tlds []string
	for _, v := range a.List("tlds") {
		tlds = append(tlds, strings.TrimPrefix(strings.ToLower(v.Text()), "."))
	}
	if word == "" || len(tlds) == 0 {
		return 460, "searchstring and tlds are required", nil
	}
	limit, err := strconv.Atoi(a.Text("maximum"))
	if err != nil || limit < 1 {
		limit = 20
	}

	return 200, "Command completed successfully", ops.Assoc{
		"lookup":     s.suggestService(s.lookupItems(word, tlds), limit),
		"suggestion": s.suggestService(s.suggestionItems(word, tlds), limit),
		"premium":    s.suggestService(s.premiumItems(word, tlds), limit),
	}
}

func (s *Server) suggestService(items ops.Array, limit int) ops.Value {
	items = items[:min(len(items), limit)]
	return ops.Assoc{
		"is_success": ops.Str("1"),
		"count":      ops.Int(len(items)),
		"items":      items.Value(),
	}.Value()
}

// nameStatus is "taken" for a name registered anywhere, else "available".
func (s *Server) nameStatus(d string) string {
	if s.taken[d] || s.domains[d] != nil || s.pending(d) {
		return "taken"
	}
	return "available"
}

func suggestItem(d, status string) ops.Value {
	return ops.Assoc{"domain": ops.Str(d), "status": ops.Str(status)}.Value()
}

func (s *Server) lookupItems(word string, tlds []string) ops.Array {
	out := ops.Array{}
	for _, tld := range tlds {
		d := word + "." + tld
		out = append(out, suggestItem(d, s.nameStatus(d)))
	}
	return out
}

func (s *Server) suggestionItems(word string, tlds []string) ops.Array {
	out := ops.Array{}
	if d := "best" + word + "." + tlds[0]; s.nameStatus(d) == "available" && s.premium[d] == "" {
		out = append(out, suggestItem(d, "available"))
	}
	for _, tld := range tlds[1:] {
		if d := word + "." + tld; s.nameStatus(d) == "available" && s.premium[d] == "" {
			out = append(out, suggestItem(d, "available"))
		}
	}
	return out
}

func (s *Server) premiumItems(word string, tlds []string) ops.Array {
	var names []string
	for d := range s.premium {
		label, tld, _ := strings.Cut(d, ".")
		if strings.HasPrefix(label, word) && slices.Contains(tlds, tld) {
			names = append(names, d)
		}
	}
	slices.Sort(names)

	out := ops.Array{}
	for _, d := range names {
		out = append(out, ops.Assoc{"domain": ops.Str(d), "status": ops.Str(s.nameStatus(d)),
			"price": ops.Str(s.premium[d])}.Value())
	}
	return out
}
