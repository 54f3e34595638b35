package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// decode reads a JSON request body into dst. Unknown fields are ignored, as the cloud does; a
// wrong JSON type, malformed JSON or invalid UTF-8 is a CBC.0100 naming the problem. An empty body
// is an empty object.
func decode(body []byte, dst any) error {
	if !utf8.Valid(body) {
		return errBadRequest("the request body is not valid UTF-8")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	err := dec.Decode(dst)
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return errBadRequest(fmt.Sprintf("field %s must be a JSON %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String())))
	case errors.As(err, &syntaxErr):
		return errBadRequest(fmt.Sprintf("malformed JSON at byte %d", syntaxErr.Offset))
	case err != nil:
		return errBadRequest("malformed JSON: " + err.Error())
	}
	if dec.Decode(&struct{}{}) != io.EOF {
		return errBadRequest("the request body holds more than one JSON value")
	}
	return nil
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
