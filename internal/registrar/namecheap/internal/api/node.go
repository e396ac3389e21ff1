package api

import (
	"encoding/xml"
	"strings"
)

// Node is one element of a Namecheap answer. Namecheap's attribute and
// element names drift in case between commands and between the documentation
// and live answers ("Domainname", "DomainName"), so every lookup here ignores
// case instead of relying on struct tags.
type Node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []Node     `xml:",any"`
}

// Name returns the element's local name.
func (n Node) Name() string { return n.XMLName.Local }

// Attr returns the value of the attribute called name, ignoring case, or "".
func (n Node) Attr(name string) string {
	for _, a := range n.Attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// AttrAny returns the first non-empty attribute among names.
func (n Node) AttrAny(names ...string) string {
	for _, name := range names {
		if v := n.Attr(name); v != "" {
			return v
		}
	}
	return ""
}

// Bool reads the attribute called name as Namecheap's "true"/"false".
func (n Node) Bool(name string) bool { return strings.EqualFold(n.Attr(name), "true") }

// Child returns the first child element called name, ignoring case.
func (n Node) Child(name string) (Node, bool) {
	for _, c := range n.Nodes {
		if strings.EqualFold(c.Name(), name) {
			return c, true
		}
	}
	return Node{}, false
}

// All returns every child element called name, ignoring case.
func (n Node) All(name string) []Node {
	var out []Node
	for _, c := range n.Nodes {
		if strings.EqualFold(c.Name(), name) {
			out = append(out, c)
		}
	}
	return out
}

// Find returns the first element called name at any depth below n.
func (n Node) Find(name string) (Node, bool) {
	for _, c := range n.Nodes {
		if strings.EqualFold(c.Name(), name) {
			return c, true
		}
		if f, ok := c.Find(name); ok {
			return f, true
		}
	}
	return Node{}, false
}

// ChildText returns the trimmed text of the first child called name.
func (n Node) ChildText(name string) string {
	c, ok := n.Child(name)
	if !ok {
		return ""
	}
	return strings.TrimSpace(c.Text)
}
