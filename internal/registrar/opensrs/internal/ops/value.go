// Package ops speaks OpenSRS's XML protocol (the OPS envelope, version 0.9):
// a small tree of dt_assoc / dt_array / scalar values, its encoding with
// encoding/xml, typed conversion to and from Go structs, and a client that
// signs each request with the reseller's key.
package ops

import (
	"sort"
	"strconv"
)

// Kind says which of the three OPS data types a Value holds.
type Kind int

// The OPS data types.
const (
	// KindScalar is a text value (an item with no child element).
	KindScalar Kind = iota
	// KindAssoc is a dt_assoc: items keyed by name.
	KindAssoc
	// KindArray is a dt_array: items keyed 0, 1, 2…
	KindArray
)

// Value is one node of OPS data. The zero Value is the empty scalar.
type Value struct {
	kind  Kind
	str   string
	assoc Assoc
	array Array
}

// Assoc is a dt_assoc: named items.
type Assoc map[string]Value

// Array is a dt_array: items in order.
type Array []Value

// Str returns a scalar value.
func Str(s string) Value { return Value{kind: KindScalar, str: s} }

// Int returns a scalar holding a decimal integer.
func Int(n int) Value { return Str(strconv.Itoa(n)) }

// Bool returns the scalar "1" or "0", as OPS flags are written.
func Bool(b bool) Value {
	if b {
		return Str("1")
	}
	return Str("0")
}

// Strings returns a dt_array of scalars.
func Strings(ss []string) Value {
	arr := make(Array, 0, len(ss))
	for _, s := range ss {
		arr = append(arr, Str(s))
	}
	return arr.Value()
}

// Value wraps the assoc as a Value.
func (a Assoc) Value() Value {
	if a == nil {
		a = Assoc{}
	}
	return Value{kind: KindAssoc, assoc: a}
}

// Value wraps the array as a Value.
func (a Array) Value() Value {
	if a == nil {
		a = Array{}
	}
	return Value{kind: KindArray, array: a}
}

// Kind returns the value's data type.
func (v Value) Kind() Kind { return v.kind }

// Text returns a scalar's text, or "" for an assoc or array.
func (v Value) Text() string { return v.str }

// Assoc returns the value's items when it is a dt_assoc, else nil.
func (v Value) Assoc() Assoc {
	if v.kind != KindAssoc {
		return nil
	}
	return v.assoc
}

// Array returns the value's items when it is a dt_array, else nil.
func (v Value) Array() Array {
	if v.kind != KindArray {
		return nil
	}
	return v.array
}

// Equal reports whether two values hold the same tree.
func (v Value) Equal(o Value) bool {
	if v.kind != o.kind {
		return false
	}

	switch v.kind {
	case KindAssoc:
		if len(v.assoc) != len(o.assoc) {
			return false
		}
		for k, x := range v.assoc {
			y, ok := o.assoc[k]
			if !ok || !x.Equal(y) {
				return false
			}
		}
		return true
	case KindArray:
		if len(v.array) != len(o.array) {
			return false
		}
		for i := range v.array {
			if !v.array[i].Equal(o.array[i]) {
				return false
			}
		}
		return true
	}
	return v.str == o.str
}

// Text returns the scalar text of item key, or "" when it is missing.
func (a Assoc) Text(key string) string { return a[key].Text() }

// Sub returns the dt_assoc under key, or nil.
func (a Assoc) Sub(key string) Assoc { return a[key].Assoc() }

// List returns the dt_array under key, or nil.
func (a Assoc) List(key string) Array { return a[key].Array() }

// Has reports whether item key is present.
func (a Assoc) Has(key string) bool {
	_, ok := a[key]
	return ok
}

// Flag reads item key as an OPS flag: "1", "Y", "yes", "true" and
// "enabled" are true; anything else is false.
func (a Assoc) Flag(key string) bool { return truthy(a.Text(key)) }

// sortedKeys returns the assoc's keys in a stable order for encoding.
func (a Assoc) sortedKeys() []string {
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func truthy(s string) bool {
	switch s {
	case "1", "Y", "y", "yes", "Yes", "true", "TRUE", "enabled", "on":
		return true
	}
	return false
}
