package ops

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Marshal converts a Go value to OPS data. Structs become dt_assoc keyed by
// the `ops:"name"` tag (fields without a tag are skipped; ",omitempty"
// leaves zero values out), slices become dt_array, map[string]T becomes
// dt_assoc, strings and integers become scalars, and bools become "1"/"0".
// A Value, Assoc or Array is used as it is.
func Marshal(v any) (Value, error) {
	return marshalValue(reflect.ValueOf(v))
}

// MarshalAssoc is Marshal for values that must encode as a dt_assoc.
func MarshalAssoc(v any) (Assoc, error) {
	out, err := Marshal(v)
	if err != nil {
		return nil, err
	}
	if out.Kind() != KindAssoc {
		return nil, fmt.Errorf("ops: marshal: %T is not an assoc", v)
	}
	return out.Assoc(), nil
}

var (
	valueType = reflect.TypeFor[Value]()
	assocType = reflect.TypeFor[Assoc]()
	arrayType = reflect.TypeFor[Array]()
)

func marshalValue(rv reflect.Value) (Value, error) {
	if !rv.IsValid() {
		return Str(""), nil
	}

	switch rv.Type() {
	case valueType:
		return rv.Interface().(Value), nil
	case assocType:
		return rv.Interface().(Assoc).Value(), nil
	case arrayType:
		return rv.Interface().(Array).Value(), nil
	}

	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return Str(""), nil
		}
		return marshalValue(rv.Elem())
	case reflect.String:
		return Str(rv.String()), nil
	case reflect.Bool:
		return Bool(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return Str(strconv.FormatInt(rv.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return Str(strconv.FormatUint(rv.Uint(), 10)), nil
	case reflect.Slice, reflect.Array:
		return marshalSlice(rv)
	case reflect.Map:
		return marshalMap(rv)
	case reflect.Struct:
		return marshalStruct(rv)
	}
	return Value{}, fmt.Errorf("ops: marshal: unsupported type %s", rv.Type())
}

func marshalSlice(rv reflect.Value) (Value, error) {
	arr := make(Array, 0, rv.Len())
	for i := range rv.Len() {
		v, err := marshalValue(rv.Index(i))
		if err != nil {
			return Value{}, err
		}
		arr = append(arr, v)
	}
	return arr.Value(), nil
}

func marshalMap(rv reflect.Value) (Value, error) {
	if rv.Type().Key().Kind() != reflect.String {
		return Value{}, fmt.Errorf("ops: marshal: map key of %s is not a string", rv.Type())
	}

	a := make(Assoc, rv.Len())
	iter := rv.MapRange()
	for iter.Next() {
		v, err := marshalValue(iter.Value())
		if err != nil {
			return Value{}, err
		}
		a[iter.Key().String()] = v
	}
	return a.Value(), nil
}

func marshalStruct(rv reflect.Value) (Value, error) {
	a := Assoc{}
	t := rv.Type()
	for i := range t.NumField() {
		name, omitEmpty, ok := fieldTag(t.Field(i))
		if !ok {
			continue
		}

		fv := rv.Field(i)
		if omitEmpty && fv.IsZero() {
			continue
		}
		v, err := marshalValue(fv)
		if err != nil {
			return Value{}, fmt.Errorf("%s: %w", name, err)
		}
		a[name] = v
	}
	return a.Value(), nil
}

func fieldTag(f reflect.StructField) (name string, omitEmpty, ok bool) {
	tag, has := f.Tag.Lookup("ops")
	if !has || tag == "-" || !f.IsExported() {
		return "", false, false
	}

	name, opts, _ := strings.Cut(tag, ",")
	return name, opts == "omitempty", name != ""
}

// Unmarshal fills dst (a pointer) from OPS data, the reverse of Marshal.
// Missing items leave fields unchanged; a bool reads "1", "Y", "yes",
// "true" or "enabled" as true; an empty scalar is zero for a number.
func Unmarshal(v Value, dst any) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("ops: unmarshal: need a non-nil pointer, got %T", dst)
	}
	return unmarshalValue(v, rv.Elem())
}

func unmarshalValue(v Value, rv reflect.Value) error {
	switch rv.Type() {
	case valueType:
		rv.Set(reflect.ValueOf(v))
		return nil
	case assocType:
		rv.Set(reflect.ValueOf(v.Assoc()))
		return nil
	case arrayType:
		rv.Set(reflect.ValueOf(v.Array()))
		return nil
	}

	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			rv.Set(reflect.New(rv.Type().Elem()))
		}
		return unmarshalValue(v, rv.Elem())
	case reflect.Slice:
		return unmarshalSlice(v, rv)
	case reflect.Map:
		return unmarshalMap(v, rv)
	case reflect.Struct:
		return unmarshalStruct(v, rv)
	}
	return unmarshalScalar(v, rv)
}

func unmarshalScalar(v Value, rv reflect.Value) error {
	if v.Kind() != KindScalar {
		return fmt.Errorf("ops: unmarshal: want a scalar for %s", rv.Type())
	}

	s := strings.TrimSpace(v.Text())
	switch rv.Kind() {
	case reflect.String:
		rv.SetString(v.Text())
	case reflect.Bool:
		rv.SetBool(truthy(s))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if s == "" {
			rv.SetInt(0)
			return nil
		}
		n, err := strconv.ParseInt(s, 10, rv.Type().Bits())
		if err != nil {
			return fmt.Errorf("ops: unmarshal: %w", err)
		}
		rv.SetInt(n)
	default:
		return fmt.Errorf("ops: unmarshal: unsupported type %s", rv.Type())
	}
	return nil
}

func unmarshalSlice(v Value, rv reflect.Value) error {
	items := v.Array()
	if v.Kind() == KindAssoc {
		// Some replies send a list as a dt_assoc keyed 0, 1, 2…
		items = assocAsArray(v.Assoc())
	} else if v.Kind() != KindArray {
		if v.Text() == "" {
			return nil
		}
		return fmt.Errorf("ops: unmarshal: want a dt_array for %s", rv.Type())
	}

	out := reflect.MakeSlice(rv.Type(), len(items), len(items))
	for i, it := range items {
		if err := unmarshalValue(it, out.Index(i)); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	rv.Set(out)
	return nil
}

func unmarshalMap(v Value, rv reflect.Value) error {
	if v.Kind() != KindAssoc {
		return fmt.Errorf("ops: unmarshal: want a dt_assoc for %s", rv.Type())
	}

	out := reflect.MakeMapWithSize(rv.Type(), len(v.Assoc()))
	for k, item := range v.Assoc() {
		ev := reflect.New(rv.Type().Elem()).Elem()
		if err := unmarshalValue(item, ev); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		out.SetMapIndex(reflect.ValueOf(k).Convert(rv.Type().Key()), ev)
	}
	rv.Set(out)
	return nil
}

func unmarshalStruct(v Value, rv reflect.Value) error {
	a := v.Assoc()
	if v.Kind() != KindAssoc {
		if v.Text() == "" {
			return nil
		}
		return fmt.Errorf("ops: unmarshal: want a dt_assoc for %s", rv.Type())
	}

	t := rv.Type()
	for i := range t.NumField() {
		name, _, ok := fieldTag(t.Field(i))
		if !ok {
			continue
		}
		item, present := a[name]
		if !present {
			continue
		}
		if err := unmarshalValue(item, rv.Field(i)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func assocAsArray(a Assoc) Array {
	arr := make(Array, 0, len(a))
	for i := range len(a) {
		v, ok := a[strconv.Itoa(i)]
		if !ok {
			break
		}
		arr = append(arr, v)
	}
	return arr
}
