package models

import (
	"context"
	"encoding/json"

	"gorm.io/gorm"
)

// AuditNames are the names of the users, customers and partners a page of the audit log names by
// id (its records' objects and the ids in their before and after), so that the log says
// "客户 demo-customer" and not "客户 #54". The records are already the reader's to read, so are
// the names of what they touch.
type AuditNames struct {
	Users, Customers, Partners map[uint64]string
}

// Of is the name of an object of the log's type ("user", "customer", "partner"), or "".
func (n *AuditNames) Of(objectType string, id uint64) string {
	if n == nil {
		return ""
	}
	switch objectType {
	case "user":
		return n.Users[id]
	case "customer":
		return n.Customers[id]
	case "partner":
		return n.Partners[id]
	}
	return ""
}

// auditIDFields are the keys of a record's before or after that hold an id of a named object.
var auditIDFields = map[string]string{
	"user_id": "user", "account_manager_id": "user", "created_by_id": "user", "decided_by_id": "user", "requested_by": "user",
	"customer_id": "customer",
	"partner_id":  "partner", "reseller_id": "partner", "distributor_id": "partner",
}

// AuditIDField is the object type whose id the field key holds, or "".
func AuditIDField(key string) string { return auditIDFields[key] }

// AuditNamesOf reads the names a page of the log refers to, three queries at most.
func AuditNamesOf(ctx context.Context, db *gorm.DB, rows []AuditRow) (*AuditNames, error) {
	ids := map[string][]uint64{}
	for _, r := range rows {
		if r.ObjectID != 0 {
			ids[r.ObjectType] = append(ids[r.ObjectType], r.ObjectID)
		}
		for _, js := range []string{r.Before, r.After} {
			var m map[string]json.RawMessage
			if json.Unmarshal([]byte(js), &m) != nil {
				continue
			}
			for k, raw := range m {
				var id uint64
				if t := auditIDFields[k]; t != "" && json.Unmarshal(raw, &id) == nil && id != 0 {
					ids[t] = append(ids[t], id)
				}
			}
		}
	}
	n := &AuditNames{}
	var err error
	if n.Users, err = NamesOf(ctx, db, ids["user"]); err != nil {
		return nil, err
	}
	if n.Customers, err = namesOf(ctx, db, &Customer{}, "account_name", ids["customer"]); err != nil {
		return nil, err
	}
	n.Partners, err = PartnerNamesOf(ctx, db, ids["partner"])
	return n, err
}
