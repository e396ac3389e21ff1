package ops

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Version is the OPS envelope version OpenSRS expects.
const Version = "0.9"

// prolog is the fixed start of every document; it carries no values.
const prolog = "<?xml version='1.0' encoding='UTF-8' standalone='no' ?>\n" +
	"<!DOCTYPE OPS_envelope SYSTEM 'ops.dtd'>\n"

type xmlEnvelope struct {
	XMLName xml.Name `xml:"OPS_envelope"`
	Version string   `xml:"header>version"`
	Data    xmlNode  `xml:"body>data_block"`
}

// xmlNode is the content of a data_block or an item: a dt_assoc, a
// dt_array, a dt_scalar or bare text.
type xmlNode struct {
	Assoc  *xmlList `xml:"dt_assoc"`
	Array  *xmlList `xml:"dt_array"`
	Scalar *string  `xml:"dt_scalar"`
	Text   string   `xml:",chardata"`
}

type xmlList struct {
	Items []xmlItem `xml:"item"`
}

type xmlItem struct {
	Key string `xml:"key,attr"`
	xmlNode
}

// Encode writes a whole OPS document whose data_block is the assoc.
func Encode(top Assoc) ([]byte, error) {
	env := xmlEnvelope{Version: Version, Data: toNode(top.Value())}

	body, err := xml.Marshal(env)
	if err != nil {
		return nil, fmt.Errorf("ops: encode: %w", err)
	}
	return append([]byte(prolog), body...), nil
}

// EncodeRequest builds the document for one command.
func EncodeRequest(action, object string, attrs Assoc) ([]byte, error) {
	return Encode(Assoc{
		"protocol":   Str("XCP"),
		"action":     Str(action),
		"object":     Str(object),
		"attributes": attrs.Value(),
	})
}

// Decode reads an OPS document and returns its data_block, which must be
// a dt_assoc.
func Decode(r io.Reader) (Assoc, error) {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = charsetReader

	var env xmlEnvelope
	if err := dec.Decode(&env); err != nil {
		return nil, fmt.Errorf("ops: decode: %w", err)
	}

	v, err := fromNode(env.Data)
	if err != nil {
		return nil, err
	}
	if v.Kind() != KindAssoc {
		return nil, errors.New("ops: decode: data_block is not a dt_assoc")
	}
	return v.Assoc(), nil
}

// DecodeBytes is Decode over a byte slice.
func DecodeBytes(b []byte) (Assoc, error) { return Decode(bytes.NewReader(b)) }

func toNode(v Value) xmlNode {
	switch v.Kind() {
	case KindAssoc:
		list := &xmlList{Items: make([]xmlItem, 0, len(v.assoc))}
		for _, k := range v.assoc.sortedKeys() {
			list.Items = append(list.Items, xmlItem{Key: k, xmlNode: toNode(v.assoc[k])})
		}
		return xmlNode{Assoc: list}
	case KindArray:
		list := &xmlList{Items: make([]xmlItem, 0, len(v.array))}
		for i, x := range v.array {
			list.Items = append(list.Items, xmlItem{Key: strconv.Itoa(i), xmlNode: toNode(x)})
		}
		return xmlNode{Array: list}
	}
	return xmlNode{Text: v.str}
}

func fromNode(n xmlNode) (Value, error) {
	switch {
	case n.Assoc != nil:
		return assocFrom(n.Assoc)
	case n.Array != nil:
		return arrayFrom(n.Array)
	case n.Scalar != nil:
		return Str(*n.Scalar), nil
	}
	return Str(n.Text), nil
}

func assocFrom(l *xmlList) (Value, error) {
	a := make(Assoc, len(l.Items))
	for _, it := range l.Items {
		v, err := fromNode(it.xmlNode)
		if err != nil {
			return Value{}, err
		}
		a[it.Key] = v
	}
	return a.Value(), nil
}

// arrayFrom orders items by their numeric key; items with other keys keep
// document order after the numbered ones.
func arrayFrom(l *xmlList) (Value, error) {
	type keyed struct {
		idx int
		pos int
		v   Value
	}

	items := make([]keyed, 0, len(l.Items))
	for pos, it := range l.Items {
		v, err := fromNode(it.xmlNode)
		if err != nil {
			return Value{}, err
		}
		idx, err := strconv.Atoi(strings.TrimSpace(it.Key))
		if err != nil || idx < 0 {
			idx = len(l.Items) + pos
		}
		items = append(items, keyed{idx: idx, pos: pos, v: v})
	}

	sort.SliceStable(items, func(i, j int) bool { return items[i].idx < items[j].idx })
	arr := make(Array, 0, len(items))
	for _, it := range items {
		arr = append(arr, it.v)
	}
	return arr.Value(), nil
}

// charsetReader accepts the encodings OpenSRS documents declare.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "latin1", "latin-1":
		return latin1Reader(in), nil
	}
	return nil, fmt.Errorf("ops: unsupported charset %q", label)
}

// latin1Reader converts ISO-8859-1 bytes to UTF-8.
func latin1Reader(in io.Reader) io.Reader {
	raw, err := io.ReadAll(in)
	if err != nil {
		return errReader{err: err}
	}

	var b strings.Builder
	for _, c := range raw {
		b.WriteRune(rune(c))
	}
	return strings.NewReader(b.String())
}

// errReader is a reader that fails with err.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
