package api

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/labstack/echo/v4"
)

// OpenAPI is the OpenAPI 3 document of the partner API, built from the Operations table and the
// request and response types the handlers decode and encode.
func OpenAPI() map[string]any {
	paths := map[string]any{}
	for _, op := range Operations {
		item, _ := paths[op.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		item[strings.ToLower(op.Method)] = operationDoc(op)
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "PartnerHub partner API", "version": "2",
			"description": "Follows the Huawei Cloud BSS v2 partner operations API; the official SDK works against it " +
				"with WithEndpoints and global AK/SK credentials. Requests are signed with SDK-HMAC-SHA256."},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"sdkHmac": map[string]any{"type": "apiKey", "in": "header", "name": "Authorization",
				"description": "SDK-HMAC-SHA256 Access=AK, SignedHeaders=…, Signature=…, with X-Sdk-Date (at most 15 minutes before and " +
					"5 minutes after the server clock) and X-Domain-Id signed. A call that changes something is accepted once: the same " +
					"signed request again is 401 CBC.0154, unless it carries the X-Idempotency-Key of an operation that takes one."}},
			"schemas": map[string]any{"Error": schemaOf(reflect.TypeOf(bssError{}))},
		},
	}
}

func operationDoc(op Operation) map[string]any {
	errRef := map[string]any{"description": "BSS error", "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	responses := map[string]any{"400": errRef, "401": errRef, "403": errRef, "413": errRef, "429": errRef, "500": errRef}
	if op.Response == nil {
		responses["204"] = map[string]any{"description": "success, no content"}
	} else {
		responses["200"] = map[string]any{"description": "success", "content": map[string]any{
			"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(op.Response))}}}
	}
	doc := map[string]any{
		"operationId": op.Name, "summary": op.Summary,
		"security":  []any{map[string]any{"sdkHmac": []any{}}},
		"responses": responses,
	}
	// whose access keys may call it (Operation.Callers): a customer's own key is refused elsewhere
	doc["x-callers"] = map[Callers]string{PartnerKeys: "partner", CustomerKeys: "customer", AnyKeys: "partner, customer"}[op.Callers]
	if op.Method == http.MethodGet { // parameters in the query string (see query.go)
		if params := queryParameters(reflect.TypeOf(op.Request)); len(params) > 0 {
			doc["parameters"] = params
		}
	} else if op.Request != nil { // nil: no body (a DELETE of the path's resource)
		doc["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(op.Request))}}}
	}
	if op.Idempotent {
		doc["parameters"] = []any{map[string]any{"name": "X-Idempotency-Key", "in": "header", "required": false,
			"description": "up to 128 visible ASCII characters, signed (in SignedHeaders): a retried call with the same key takes " +
				"effect once and gets the first answer; the key used for another request is refused (CBC.0100)",
			"schema": map[string]any{"type": "string", "maxLength": 128}}}
	}
	return doc
}

// jsonSchemer is a type whose JSON encoding is not what its Go kind says (a money amount).
type jsonSchemer interface{ jsonSchema() map[string]any }

// schemaOf describes a Go type as its JSON encoding: field names from json tags, required unless
// omitempty, and the JSON types the SDK's strict decoder expects.
func schemaOf(t reflect.Type) map[string]any {
	if s, ok := reflect.Zero(t).Interface().(jsonSchemer); ok && t.Kind() != reflect.Pointer {
		return s.jsonSchema()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return schemaOf(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Int32:
		return map[string]any{"type": "integer", "format": "int32"}
	case reflect.Int, reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Float64:
		return map[string]any{"type": "number", "format": "double"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map: // extends_map: free keys
		return map[string]any{"type": "object", "additionalProperties": true}
	case reflect.Interface:
		return map[string]any{}
	}
	props, required := map[string]any{}, []string{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Tag.Get("json") == "" { // an embedded struct's fields are the outer one's, as encoding/json has them
			inner := schemaOf(f.Type)
			for k, v := range inner["properties"].(map[string]any) {
				props[k] = v
			}
			if req, ok := inner["required"].([]string); ok {
				required = append(required, req...)
			}
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		props[name] = schemaOf(f.Type)
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// serveOpenAPI answers GET /openapi.json.
func serveOpenAPI(c echo.Context) error { return c.JSON(http.StatusOK, OpenAPI()) }
