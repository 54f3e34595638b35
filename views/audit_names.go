package views

import (
	"encoding/json"
	"strconv"
	"strings"

	"partnerhub/models"
)

// AuditObjectNamed is AuditObject with the object's name where the log knows it: "客户
// demo-customer" rather than "客户 #54".
func AuditObjectNamed(lang string, r models.AuditRow, names *models.AuditNames) string {
	if n := names.Of(r.ObjectType, r.ObjectID); n != "" {
		return AuditObject(lang, models.AuditRow{AuditRecord: models.AuditRecord{ObjectType: r.ObjectType}}) + " " + n
	}
	return AuditObject(lang, r)
}

// auditCodes are the fields whose value is a code with a name in the catalog (prefix + code).
var auditCodes = map[string]string{"mode": "mode.", "verified_status": "verified.", "kind": "tkind.", "by": "members.by."}

// AuditChangeNamed is AuditChange in the reader's words: each field's label in its language, ids of
// users, customers and partners as their names, codes (a mode, a real-name status, a transfer's
// kind) as what they mean. The value as written stays in the title.
func AuditChangeNamed(lang string, before, after string, names *models.AuditNames) (b, a []AuditField) {
	b, a = AuditChange(before, after)
	return nameFields(lang, b, names), nameFields(lang, a, names)
}

func nameFields(lang string, fields []AuditField, names *models.AuditNames) []AuditField {
	for i, f := range fields {
		if HasKey("afield." + f.Key) {
			fields[i].Label = T(lang, "afield."+f.Key)
		}
		written := f.written()
		if t := models.AuditIDField(f.Key); t != "" {
			if id, err := strconv.ParseUint(written, 10, 64); err == nil {
				if n := names.Of(t, id); n != "" {
					fields[i].Value, fields[i].Full = n, "#"+written
				}
			}
			continue
		}
		if prefix, ok := auditCodes[f.Key]; ok && HasKey(prefix+written) {
			fields[i].Value, fields[i].Full = T(lang, prefix+written), written
		} else if f.Key == "kind" && HasKey("role."+written) { // a user's kind
			fields[i].Value, fields[i].Full = T(lang, "role."+written), written
		} else if f.Key == "roles" {
			fields[i].Value, fields[i].Full = roleNames(lang, written), written
		}
	}
	return fields
}

// roleNames shows a list of role codes (["sales","finance"]) by their names; anything else as written.
func roleNames(lang, written string) string {
	var roles []string
	if json.Unmarshal([]byte(written), &roles) != nil {
		return written
	}
	for i, r := range roles {
		if HasKey("role." + r) {
			roles[i] = T(lang, "role."+r)
		}
	}
	return strings.Join(roles, T(lang, "common.sep"))
}
