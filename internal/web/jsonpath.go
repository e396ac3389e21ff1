package web

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// jsonProblem finds where a JSON body does not fit the Go value it is
// decoded into, as the API's dotted field path with array indices
// ("items.1.years"), which encoding/json's own errors leave out. It returns
// the path and what is wrong, or ok false when it finds nothing.
func jsonProblem(raw []byte, target any) (field, problem string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return "", "", false
	}
	return walkJSON(doc, reflect.TypeOf(target), nil)
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

func walkJSON(v any, t reflect.Type, path []string) (string, string, bool) {
	for t.Kind() == reflect.Pointer {
		if v == nil {
			return "", "", false
		}
		t = t.Elem()
	}
	if v == nil || reflect.PointerTo(t).Implements(unmarshalerType) {
		return "", "", false
	}
	at := strings.Join(path, ".")

	switch t.Kind() {
	case reflect.Struct:
		obj, isObj := v.(map[string]any)
		if !isObj {
			return at, "must be an object", true
		}
		return walkObject(obj, t, path)
	case reflect.Slice, reflect.Array:
		arr, isArr := v.([]any)
		if !isArr {
			return at, "must be an array", true
		}
		for i, e := range arr {
			if f, p, bad := walkJSON(e, t.Elem(), append(slices.Clone(path), strconv.Itoa(i))); bad {
				return f, p, bad
			}
		}
	case reflect.Map:
		obj, isObj := v.(map[string]any)
		if !isObj {
			return at, "must be an object", true
		}
		for _, k := range sortedKeys(obj) {
			if f, p, bad := walkJSON(obj[k], t.Elem(), append(slices.Clone(path), k)); bad {
				return f, p, bad
			}
		}
	case reflect.Interface:
	default:
		return scalarProblem(v, t, at)
	}
	return "", "", false
}

func walkObject(obj map[string]any, t reflect.Type, path []string) (string, string, bool) {
	for _, k := range sortedKeys(obj) {
		ft, found := fieldByJSONName(t, k)
		if !found {
			return strings.Join(append(slices.Clone(path), k), "."), "unknown field", true
		}
		if f, p, bad := walkJSON(obj[k], ft, append(slices.Clone(path), k)); bad {
			return f, p, bad
		}
	}
	return "", "", false
}

func scalarProblem(v any, t reflect.Type, at string) (string, string, bool) {
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		if _, isStr := v.(string); !isStr {
			return at, "must be a string", true
		}
		return "", "", false
	}
	switch t.Kind() {
	case reflect.String:
		if _, isStr := v.(string); !isStr {
			return at, "must be a string", true
		}
	case reflect.Bool:
		if _, isBool := v.(bool); !isBool {
			return at, "must be true or false", true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, isNum := v.(json.Number)
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); !isNum || err != nil {
			return at, "must be a whole number", true
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, isNum := v.(json.Number)
		if _, err := strconv.ParseUint(string(n), 10, t.Bits()); !isNum || err != nil {
			return at, "must be a whole number, not negative", true
		}
	case reflect.Float32, reflect.Float64:
		if _, isNum := v.(json.Number); !isNum {
			return at, "must be a number", true
		}
	}
	return "", "", false
}

// fieldByJSONName finds the struct field encoding/json would fill from key.
func fieldByJSONName(t reflect.Type, key string) (reflect.Type, bool) {
	var fold reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				if ft, ok := fieldByJSONName(et, key); ok {
					return ft, true
				}
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f.Type, true
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold = f.Type
		}
	}
	return fold, fold != nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
