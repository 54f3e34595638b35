package api

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// GET operations take their parameters from the query string, as the SDK sends them. Their
// request types name each parameter with a `query:"name"` tag (`query:"name,required"` for one
// the call cannot do without); the same tags document them in the OpenAPI document. A parameter
// is a string, an *int32, a *bool or a []string: a list is sent as the key repeated
// (operation_types=1&operation_types=2), as the SDK sends a list.

// decodeQuery reads the request's query string into dst, a pointer to such a struct. Unknown
// parameters are ignored, as unknown body fields are; an empty value is an absent parameter. A
// malformed query string, a parameter given twice (but for a list), invalid UTF-8, a number that
// is not an int32, a list of more than maxQueryList values or a missing required parameter is a
// CBC.0100 naming it. A list leaves out its empty values.
func decodeQuery(c echo.Context, dst any) error {
	q, err := url.ParseQuery(c.Request().URL.RawQuery)
	if err != nil {
		return errBadRequest("the query string is malformed")
	}
	v := reflect.ValueOf(dst).Elem()
	t := v.Type()
	for i := range t.NumField() {
		name, required, ok := queryTag(t.Field(i))
		if !ok {
			continue
		}
		vals := q[name]
		if f := v.Field(i); f.Kind() == reflect.Slice {
			list, err := queryList(name, vals)
			if err != nil {
				return err
			}
			if len(list) == 0 && required {
				return errBadRequest(fmt.Sprintf("query parameter %s is required", name))
			}
			f.Set(reflect.ValueOf(list))
			continue
		}
		if len(vals) > 1 {
			return errBadRequest(fmt.Sprintf("query parameter %s is given more than once", name))
		}
		s := ""
		if len(vals) == 1 {
			s = vals[0]
		}
		if !utf8.ValidString(s) {
			return errBadRequest(fmt.Sprintf("query parameter %s is not valid UTF-8", name))
		}
		if s == "" {
			if required {
				return errBadRequest(fmt.Sprintf("query parameter %s is required", name))
			}
			continue
		}
		switch f := v.Field(i); f.Interface().(type) {
		case string:
			f.SetString(s)
		case *int32:
			n, err := strconv.ParseInt(s, 10, 32)
			if err != nil {
				return errBadRequest(fmt.Sprintf("query parameter %s must be an integer", name))
			}
			f.Set(reflect.ValueOf(new(int32)))
			f.Elem().SetInt(n)
		case *bool: // as the SDK writes a boolean: true or false
			if s != "true" && s != "false" {
				return errBadRequest(fmt.Sprintf("query parameter %s must be true or false", name))
			}
			f.Set(reflect.ValueOf(new(s == "true")))
		default:
			panic("api: query parameter " + name + " has an unsupported type " + f.Type().String())
		}
	}
	return nil
}

// maxQueryList bounds the values of a list parameter.
const maxQueryList = 100

func queryList(name string, vals []string) ([]string, error) {
	var list []string
	for _, s := range vals {
		if !utf8.ValidString(s) {
			return nil, errBadRequest(fmt.Sprintf("query parameter %s is not valid UTF-8", name))
		}
		if s != "" {
			list = append(list, s)
		}
	}
	if len(list) > maxQueryList {
		return nil, errBadRequest(fmt.Sprintf("query parameter %s is given more than %d times", name, maxQueryList))
	}
	return list, nil
}

func queryTag(f reflect.StructField) (name string, required, ok bool) {
	tag, ok := f.Tag.Lookup("query")
	if !ok || tag == "" || tag == "-" {
		return "", false, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	return name, opts == "required", true
}

// queryParameters documents the query parameters of a GET operation's request type.
func queryParameters(t reflect.Type) []any {
	var out []any
	for i := range t.NumField() {
		f := t.Field(i)
		name, required, ok := queryTag(f)
		if !ok {
			continue
		}
		out = append(out, map[string]any{"name": name, "in": "query", "required": required, "schema": schemaOf(f.Type)})
	}
	return out
}
