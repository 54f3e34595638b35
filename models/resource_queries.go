package models

import (
	"context"

	"gorm.io/gorm"
)

// Lists of resources (the console's /orders/resources and the portal's): the main resources an
// actor may see, each with its customer's names; a resource's page adds what is attached to it.

// ResourceFilter selects resources, main ones unless WithAttached. Zero fields do not filter.
type ResourceFilter struct {
	Status       int8
	Statuses     []int8   // any of these (the API's status_list)
	PublicIDs    []string // the API's resource_ids
	OrderID      uint64
	ChargeMode   ChargeMode
	WithAttached bool // attached resources too (the API's only_main_resource 0)
	Expire       TimeRange
	Effective    TimeRange
	ServiceType  string
	Region       string
	CustomerID   uint64
	ResellerID   uint64 // a master distributor: one of its resellers' resources
	// SoonestFirst lists by expiry, soonest first (the console's "expiring within" window,
	// set in Expire), instead of newest first.
	SoonestFirst bool
	Offset       int
	Limit        int // 1–100; 0 is 10
}

// ResourceList is one page of resources. The total is counted up to CountCap.
type ResourceList struct {
	Rows   []ResourceRow
	Total  int64
	Capped bool
}

// ResourceRow is a resource with its customer's names.
type ResourceRow struct {
	Resource
	CustomerName string // the account name
	RealName     string
}

// ResourceDetail is a resource's page: the resource, what is attached to it, the order that
// created it.
type ResourceDetail struct {
	ResourceRow
	Attached []Resource
	Order    *Order
}

// ResourceStatuses are the statuses a list filters by, in the order the tabs show them.
var ResourceStatuses = []int8{ResourceInUse, ResourceExpired, ResourceFrozen, ResourceClosed}

// ListResources lists the main resources the actor may see, newest first: a customer its own, a
// partner those of the orders it placed (a master distributor, with ResellerID, one of its
// resellers'), the operator all of them.
func ListResources(ctx context.Context, db *gorm.DB, a Actor, f ResourceFilter) (*ResourceList, error) {
	q, err := tradeScope(ctx, db, a, &Resource{}, f.ResellerID)
	if err != nil {
		return nil, err
	}
	if !f.WithAttached {
		q = q.Where("parent_id IS NULL")
	}
	order := "created_at DESC, id DESC"
	if f.SoonestFirst {
		order = "expire_at, id"
	}
	rows, out := []Resource{}, &ResourceList{}
	if out.Total, out.Capped, err = findPage(f.apply(q), order, f.Offset, f.Limit, &rows); err != nil {
		return nil, err
	}
	out.Rows, err = withResourceCustomers(ctx, db, rows)
	return out, err
}

func (f ResourceFilter) apply(q *gorm.DB) *gorm.DB {
	if f.Status != 0 {
		q = q.Where("status = ?", f.Status)
	}
	if f.ServiceType != "" {
		q = q.Where("service_type = ?", f.ServiceType)
	}
	if f.Region != "" {
		q = q.Where("region = ?", f.Region)
	}
	if f.CustomerID != 0 {
		q = q.Where("customer_id = ?", f.CustomerID)
	}
	return f.applyLists(q)
}

// applyLists filters by the API's lists and ranges.
func (f ResourceFilter) applyLists(q *gorm.DB) *gorm.DB {
	if len(f.Statuses) > 0 {
		q = q.Where("status IN ?", f.Statuses)
	}
	if len(f.PublicIDs) > 0 {
		q = q.Where("public_id IN ?", f.PublicIDs)
	}
	if f.OrderID != 0 {
		q = q.Where("order_id = ?", f.OrderID)
	}
	if f.ChargeMode != 0 {
		q = q.Where("charge_mode = ?", f.ChargeMode)
	}
	q = f.Expire.apply(q, "expire_at")
	return f.Effective.apply(q, "effective_at")
}

// GetResource loads a resource the actor may see, with what is attached to it and its order; an
// attached resource's page is its main resource's. Anyone else's is not found.
func GetResource(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*ResourceDetail, error) {
	r, err := resourceFor(ctx, db, a, id)
	if err != nil {
		return nil, err
	}
	if r.ParentID != nil {
		if r, err = resourceFor(ctx, db, a, *r.ParentID); err != nil {
			return nil, err
		}
	}
	rows, err := withResourceCustomers(ctx, db, []Resource{*r})
	if err != nil {
		return nil, err
	}
	d := &ResourceDetail{ResourceRow: rows[0], Order: &Order{}}
	tx := db.WithContext(ctx)
	if err := tx.Where("parent_id = ?", r.ID).Order("id").Find(&d.Attached).Error; err != nil {
		return nil, err
	}
	if err := tx.First(d.Order, r.OrderID).Error; err != nil {
		return nil, err
	}
	return d, nil
}

// resourceFor is one resource in the actor's scope.
func resourceFor(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*Resource, error) {
	return oneResource(db.WithContext(ctx), a, "id = ?", id)
}

// oneResource loads the resource matching cond that the actor may see or act on: the customer its
// own, a partner those of the orders it placed and (master distributor) its resellers' orders', the
// operator any; anyone else's is not found, as orderFor.
func oneResource(tx *gorm.DB, a Actor, cond string, arg any) (*Resource, error) {
	q := tx.Model(&Resource{}).Where(cond, arg)
	switch {
	case a.Kind == OperatorUser:
	case a.Kind == CustomerUser && a.CustomerID != 0:
		q = q.Where("customer_id = ?", a.CustomerID)
	case a.Kind == PartnerUser && a.PartnerID != 0:
		q = q.Where("partner_id = ? OR EXISTS (SELECT 1 FROM orders o WHERE o.id = resources.order_id AND o.top_partner_id = ?)",
			a.PartnerID, a.PartnerID)
	default:
		return nil, ErrNotFound
	}
	var r Resource
	if err := q.First(&r).Error; err != nil {
		return nil, notFound(err)
	}
	return &r, nil
}

// withResourceCustomers adds each resource's customer names, in one query for the page.
func withResourceCustomers(ctx context.Context, db *gorm.DB, rs []Resource) ([]ResourceRow, error) {
	names, err := customerRows(ctx, db, rs, func(r Resource) uint64 { return r.CustomerID })
	if err != nil {
		return nil, err
	}
	rows := make([]ResourceRow, len(rs))
	for i, r := range rs {
		c := names[r.CustomerID]
		rows[i] = ResourceRow{Resource: r, CustomerName: c.AccountName, RealName: c.RealName}
	}
	return rows, nil
}

// customerRows loads the account and real names of the customers of rows, by id.
func customerRows[T any](ctx context.Context, db *gorm.DB, rows []T, customerOf func(T) uint64) (map[uint64]Customer, error) {
	ids := make([]uint64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, customerOf(r))
	}
	var cs []Customer
	if len(ids) > 0 {
		if err := db.WithContext(ctx).Select("id", "account_name", "real_name", "domain_id").Where("id IN ?", uniq(ids)).Find(&cs).Error; err != nil {
			return nil, err
		}
	}
	names := make(map[uint64]Customer, len(cs))
	for _, c := range cs {
		names[c.ID] = c
	}
	return names, nil
}

// ResourcePublicIDs maps resource row ids to their public ids (an attached resource's parent, as
// the API names it).
func ResourcePublicIDs(ctx context.Context, db *gorm.DB, ids []uint64) (map[uint64]string, error) {
	out := map[uint64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rs []Resource
	if err := db.WithContext(ctx).Select("id", "public_id").Where("id IN ?", uniq(ids)).Find(&rs).Error; err != nil {
		return nil, err
	}
	for _, r := range rs {
		out[r.ID] = r.PublicID
	}
	return out, nil
}
