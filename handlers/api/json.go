package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// decode reads a JSON request body into dst, a pointer to a request struct, strictly: a body must
// mean one thing, whoever reads it. A key given twice (at any depth), or a key that matches a
// field only in letter case ("Amount" for "amount"), is a CBC.0100 naming the key — a lenient
// decoder takes the last of two keys and folds case, so a body could say one amount to a proxy or a
// log and another to the server. Decoding is the go-json-experiment (encoding/json/v2) decoder's,
// which itself never folds case and refuses a duplicate; checkNames walks the body first (with the
// same module's tokenizer, which refuses duplicates too) only to refuse a case-mismatched key that
// the decoder would silently skip as unknown. Unknown keys are ignored, as the cloud does; a wrong
// JSON type, malformed JSON or invalid UTF-8 is a CBC.0100 naming the problem. An empty body is
// an empty object.
func decode(body []byte, dst any) error {
	if !utf8.Valid(body) {
		return errBadRequest("the request body is not valid UTF-8")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := checkNames(jsontext.NewDecoder(bytes.NewReader(body)), reflect.TypeOf(dst)); err != nil {
		return jsonError(err)
	}
	dec := jsontext.NewDecoder(bytes.NewReader(body))
	if err := json.UnmarshalDecode(dec, dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return errBadRequest("the request body holds more than one JSON value")
	}
	return nil
}

// checkNames reads one JSON value from dec, which decodes into a t, and refuses an object key
// that matches a field of t only in letter case. Duplicate keys are dec's own refusal.
func checkNames(dec *jsontext.Decoder, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch k := dec.PeekKind(); {
	case reflect.PointerTo(t).Implements(unmarshalerType):
	case k == '{' && (t.Kind() == reflect.Struct || t.Kind() == reflect.Map):
		return checkMembers(dec, t)
	case k == '[' && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		for dec.PeekKind() != ']' {
			if err := checkNames(dec, t.Elem()); err != nil {
				return err
			}
		}
		_, err := dec.ReadToken()
		return err
	}
	return dec.SkipValue()
}

var unmarshalerType = reflect.TypeFor[interface{ UnmarshalJSON([]byte) error }]()

func checkMembers(dec *jsontext.Decoder, t reflect.Type) error {
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	fields := jsonFields(t)
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := tok.String()
		ft, ok := fields[name]
		switch {
		case t.Kind() == reflect.Map:
			ft, ok = t.Elem(), true
		case !ok:
			if known := foldedField(fields, name); known != "" {
				return errBadRequest(fmt.Sprintf("the key %q%s matches the field %q only in letter case: keys are case-sensitive",
					name, within(dec.StackPointer().Parent()), known))
			}
		}
		if !ok {
			err = dec.SkipValue()
		} else {
			err = checkNames(dec, ft)
		}
		if err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

func foldedField(fields map[string]reflect.Type, name string) string {
	for f := range fields {
		if strings.EqualFold(f, name) {
			return f
		}
	}
	return ""
}

// jsonFields are the JSON names of a struct's fields and their types, as the decoder binds them:
// the json tag's name or else the Go name, exported fields only, embedded structs without a name
// flattened. Computed once per type.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if t.Kind() != reflect.Struct {
		return nil
	}
	if f, ok := fieldsOfType.Load(t); ok {
		return f.(map[string]reflect.Type)
	}
	f := structFields(t)
	fieldsOfType.Store(t, f)
	return f
}

var fieldsOfType sync.Map // reflect.Type → map[string]reflect.Type

func structFields(t reflect.Type) map[string]reflect.Type {
	out, embedded := map[string]reflect.Type{}, map[string]reflect.Type{}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		switch {
		case tag == "-" || !f.IsExported() && !f.Anonymous:
		case f.Anonymous && name == "" || strings.Contains(opts, "inline"):
			maps.Copy(embedded, jsonFields(indirect(f.Type)))
		case name == "":
			out[f.Name] = f.Type
		default:
			out[name] = f.Type
		}
	}
	for name, ft := range embedded { // a field of the struct itself wins over an embedded one
		if _, ok := out[name]; !ok {
			out[name] = ft
		}
	}
	return out
}

func indirect(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// jsonError is a decoding error as a CBC.0100 that says what is wrong, and where.
func jsonError(err error) error {
	var be *bssError
	var syn *jsontext.SyntacticError
	var sem *json.SemanticError
	switch {
	case errors.As(err, &be):
		return be
	case errors.As(err, &syn) && syn.Err == jsontext.ErrDuplicateName:
		return errBadRequest(fmt.Sprintf("the key %q%s appears more than once", syn.JSONPointer.LastToken(), within(syn.JSONPointer.Parent())))
	case errors.As(err, &syn):
		return errBadRequest(fmt.Sprintf("malformed JSON at byte %d", syn.ByteOffset))
	case errors.As(err, &sem) && sem.GoType != nil && sem.JSONPointer == "":
		return errBadRequest("the request body must be a JSON " + jsonKind(indirect(sem.GoType).Kind().String()))
	case errors.As(err, &sem) && sem.GoType != nil:
		return errBadRequest(fmt.Sprintf("field %s must be a JSON %s", fieldPath(sem.JSONPointer), jsonKind(indirect(sem.GoType).Kind().String())))
	}
	return errBadRequest("malformed JSON: " + err.Error())
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "int32", "int64", "int", "float64":
		return "number"
	case "bool":
		return "boolean"
	case "slice":
		return "array"
	}
	return "object"
}

// fieldPath is a JSON Pointer as a field path: /customer_infos/0/customer_id is
// customer_infos.0.customer_id.
func fieldPath(p jsontext.Pointer) string {
	return strings.Join(slices.Collect(p.Tokens()), ".")
}

func within(p jsontext.Pointer) string {
	if p == "" {
		return ""
	}
	return " in " + fieldPath(p)
}

// paging checks the API's offset (from 0) and limit (1–100, default 10).
func paging(offset, limit *int32) (int, int, error) {
	o, l := 0, models.DefaultLimit
	if offset != nil {
		if *offset < 0 || *offset > models.MaxAPIOffset {
			return 0, 0, errBadRequest(fmt.Sprintf("offset must be 0 to %d", models.MaxAPIOffset))
		}
		o = int(*offset)
	}
	if limit != nil {
		if *limit < 1 || *limit > models.MaxLimit {
			return 0, 0, errBadRequest("limit must be 1 to 100")
		}
		l = int(*limit)
	}
	return o, l, nil
}

// checkLen refuses a text field over max characters.
func checkLen(field, v string, max int) error {
	if utf8.RuneCountInString(v) > max {
		return errBadRequest(fmt.Sprintf("%s is longer than %d characters", field, max))
	}
	return nil
}

// timeLayout is the API's time format: UTC, to the second.
const timeLayout = "2006-01-02T15:04:05Z"

// parseTime reads an optional API time (RFC 3339; the cloud sends UTC "…Z").
func parseTime(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil || t.Year() < 1970 || t.Year() > 9999 {
		return time.Time{}, errBadRequest(field + " must be a time like 2026-01-31T16:00:00Z")
	}
	return t.UTC(), nil
}

func formatTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func ok(c echo.Context, v any) error { return c.JSON(http.StatusOK, v) }
