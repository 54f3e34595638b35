package seed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/store"
)

// demoEpoch is "now" of the demo world: seeding is deterministic, whatever the clock says, except
// that invitations are placed relative to the real now so that pending ones are really pending.
var demoEpoch = time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)

// DomainID derives a stable 32-hex account id from a name, like the cloud's domain ids. Exported
// because the models' tests find demo rows by it: the prospect's invitation is
// DomainID("invitation", 1000).
func DomainID(kind string, n uint64) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", kind, n)))
	return hex.EncodeToString(h[:16])
}

type demoWorld struct {
	db               *gorm.DB
	hash             string
	now              time.Time
	distributor      *models.Partner
	provider         *models.Partner
	resellers        []*models.Partner
	salesOf          map[uint64][]uint64 // partner id → its sales members (account managers)
	nextUser         int
	enterpriseOffset uint64
}

// Demo builds the demo world of SPEC section 7 on an empty database: an operator, a master
// distributor with three resellers, a solution provider, their members, a few hundred customers in
// both modes and every real-name state, an enterprise directory and expansion records.
func Demo(ctx context.Context, db *gorm.DB, now time.Time) error {
	hash, err := models.HashPassword(models.DemoPassword)
	if err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		w := &demoWorld{db: tx, hash: hash, now: now, salesOf: map[uint64][]uint64{}}
		steps := []func() error{w.partners, w.members, w.enterprises, w.customers, w.portalUsers, w.invitations, w.funds, w.coupons, w.network, w.catalog, w.tickets, w.orders, w.topups}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		if err := seedLabels(tx); err != nil {
			return err
		}
		if err := store.SyncSequences(tx); err != nil { // the rows seeded with their ids
			return err
		}
		return models.RecountCustomers(tx)
	})
}

// seedLabels gives every partner with customers the demo labels.
func seedLabels(tx *gorm.DB) error {
	return tx.Exec(`INSERT INTO labels (partner_id, name) SELECT DISTINCT c.partner_id, c.label FROM customers c
		WHERE c.partner_id IS NOT NULL AND c.label <> ''
		AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.partner_id = c.partner_id AND l.name = c.label)`).Error
}

func (w *demoWorld) partner(n uint64, account, name string, kind models.PartnerKind, dist *models.Partner, paths string) (*models.Partner, error) {
	p := &models.Partner{DomainID: DomainID("partner", n), AccountName: account, Name: name, Kind: kind, Paths: paths,
		Email: account + "@example.com", Mobile: fmt.Sprintf("1380000%04d", n), JoinedAt: demoEpoch.AddDate(-2, int(n), 0)}
	if dist != nil {
		p.DistributorID = &dist.ID
	}
	if err := w.db.Create(p).Error; err != nil {
		return nil, err
	}
	return p, store.IndexNames(w.db, store.PartnerSearchTable, p.ID, p.Name, p.AccountName)
}

func (w *demoWorld) partners() error {
	var err error
	if w.distributor, err = w.partner(1, "distributor", "神州云联科技集团有限公司", models.MasterDistributor, nil, models.PathService); err != nil {
		return err
	}
	if w.provider, err = w.partner(2, "provider", "上海数智云方案科技有限公司", models.SolutionProvider, nil, models.PathService+","+models.PathConsult); err != nil {
		return err
	}
	for i, r := range []struct{ account, name string }{
		{"reseller", "杭州云帆信息技术有限公司"}, {"reseller-sh", "上海启航云计算服务有限公司"}, {"reseller-gz", "广州南云网络科技有限公司"},
	} {
		p, err := w.partner(uint64(3+i), r.account, r.name, models.Reseller, w.distributor, models.PathLearning)
		if err != nil {
			return err
		}
		w.resellers = append(w.resellers, p)
	}
	return nil
}

func (w *demoWorld) user(username, display string, kind models.UserKind, partner *models.Partner, roles models.Roles) (*models.User, error) {
	w.nextUser++
	u := &models.User{Username: username, PasswordHash: w.hash, DisplayName: display, Kind: kind, Roles: roles,
		Email: username + "@example.com", Mobile: fmt.Sprintf("1390000%04d", w.nextUser)}
	if partner != nil {
		u.PartnerID = &partner.ID
	}
	if err := w.db.Create(u).Error; err != nil {
		return nil, err
	}
	if partner != nil && roles.Has(models.RoleSales) {
		w.salesOf[partner.ID] = append(w.salesOf[partner.ID], u.ID)
	}
	return u, nil
}

func (w *demoWorld) members() error {
	type m struct {
		username, display string
		partner           *models.Partner
		roles             models.Roles
	}
	admin, sales := models.Roles(models.RoleAdmin|models.RoleSales), models.Roles(models.RoleSales)
	list := []m{
		{"distributor", "赵总（总经销商管理员）", w.distributor, admin},
		{"distributor-sales", "钱明（销售）", w.distributor, sales},
		{"provider", "孙丽（伙伴管理员）", w.provider, admin},
		{"provider-sales", "李强（销售）", w.provider, sales},
		{"provider-sales2", "周敏（销售）", w.provider, sales},
		{"provider-finance", "吴静（财务）", w.provider, models.Roles(models.RoleFinance)},
		{"provider-viewer", "郑洋（只读）", w.provider, models.Roles(models.RoleViewer)},
		{"reseller", "王涛（经销商管理员）", w.resellers[0], admin},
		{"reseller-sales", "冯超（销售）", w.resellers[0], sales},
		{"reseller-sh", "陈杰（经销商管理员）", w.resellers[1], admin},
		{"reseller-gz", "褚娜（经销商管理员）", w.resellers[2], admin},
	}
	if _, err := w.user("operator", "生态经理", models.OperatorUser, nil, 0); err != nil {
		return err
	}
	for _, x := range list {
		if _, err := w.user(x.username, x.display, models.PartnerUser, x.partner, x.roles); err != nil {
			return err
		}
	}
	return nil
}

// demoEnterprises is the size of the demo directory.
const demoEnterprises = 5000

func (w *demoWorld) enterprises() error { return seedEnterprises(w.db, 0, demoEnterprises) }

// enterpriseRow is the n-th directory entry (ids are n+1).
func enterpriseRow(n uint64) models.Enterprise {
	k := scramble(n, 2488319)
	name, _ := companyName(k)
	ind := (k / (27 * 48 * 48)) % uint64(len(nameIndustry))
	status := models.EnterpriseActive
	if n%23 == 7 {
		status = models.EnterpriseCancelled
	} else if n%41 == 9 {
		status = models.EnterpriseRevoked
	}
	region := nameRegions[k%uint64(len(nameRegions))]
	return models.Enterprise{
		ID: n + 1, Name: name, CreditCode: creditCode(n), LegalRep: personName(k),
		RegisteredCapital: models.Fen(int64(10+k%500) * 10000 * 100), EstablishedOn: demoEpoch.AddDate(-int(1+k%25), -int(k%12), -int(k%28)).Truncate(24 * time.Hour),
		Industry: industryName[ind], Region: region, Address: fmt.Sprintf("%s市高新区科技路%d号", region, 1+k%300),
		Status: status, BusinessScope: "技术开发、技术咨询、技术服务；软件开发；信息系统集成服务；数据处理和存储支持服务。",
	}
}

// demoCustomers is the number of demo customers.
const demoCustomers = 300

func (w *demoWorld) placeDemo(n uint64) Placement {
	var p *models.Partner
	switch n % 10 {
	case 0, 1, 2, 3, 4:
		p = w.provider
	case 5, 6:
		p = w.resellers[0]
	case 7:
		p = w.resellers[1]
	case 8:
		p = w.resellers[2]
	default:
		return Placement{}
	}
	sc := Placement{Partner: p}
	if sales := w.salesOf[p.ID]; len(sales) > 0 && n%4 != 3 {
		sc.ManagerID = &sales[n%uint64(len(sales))]
	}
	return sc
}

func (w *demoWorld) customers() error {
	// demo customer n is enterprise n; enterprises from demoCustomers on are prospects nobody has won
	return BulkCustomers(w.db, 0, demoCustomers, w.placeDemo, func(n uint64) int64 { return int64(n) })
}

// portalUsers makes the two demo customer users: `customer`, a verified enterprise and consignment
// customer of the provider, and `prospect`, a verified enterprise not yet associated with anyone.
func (w *demoWorld) portalUsers() error {
	for i, u := range []struct {
		username string
		partner  *models.Partner
	}{{"customer", w.provider}, {"prospect", nil}} {
		n := uint64(demoCustomers + i)
		c := customerRow(n, Placement{Partner: u.partner}, int64(n))
		c.VerifiedStatus, c.Frozen = models.Verified, 0
		c.RealName, _ = companyName(scramble(n, 2488319))
		c.CustomerType, c.AccountName, c.Email = models.CustomerCorp, "demo-"+u.username, u.username+"@example.com"
		eid := n + 1
		c.EnterpriseID = &eid
		if u.partner != nil {
			c.Mode, c.Label = models.Consignment, "重点客户"
		}
		if err := w.db.Create(&c).Error; err != nil {
			return err
		}
		if u.partner != nil {
			as := models.Association{ID: c.ID, CustomerID: c.ID, PartnerID: u.partner.ID, TopPartnerID: u.partner.ID,
				Mode: models.Consignment, Status: models.AssociationActive, AssociatedOn: *c.AssociatedOn}
			if err := w.db.Create(&as).Error; err != nil {
				return err
			}
		}
		if err := store.IndexNames(w.db, store.CustomerSearchTable, c.ID, c.AccountName, c.RealName); err != nil {
			return err
		}
		usr, err := w.user(u.username, c.RealName, models.CustomerUser, nil, 0)
		if err != nil {
			return err
		}
		if err := w.db.Model(usr).Update("customer_id", c.ID).Error; err != nil {
			return err
		}
	}
	return nil
}

// invitations makes expansion records in every state: pending (one of them to `prospect`), about
// to expire, expired and accepted.
func (w *demoWorld) invitations() error {
	inviters := []*models.Partner{w.provider, w.resellers[0], w.resellers[1]}
	for i := 0; i < 40; i++ {
		p := inviters[i%len(inviters)]
		created := w.now.Add(-time.Duration(i*9) * time.Hour)
		inv := models.Invitation{PartnerID: p.ID, EnterpriseID: uint64(demoCustomers + 10 + i*37), Mode: models.Mode(1 + i%2),
			Token: DomainID("invitation", uint64(i)), Status: models.InvitationPending, CreatedByID: w.salesOf[p.ID][0],
			CreatedAt: created, ExpiresAt: created.Add(models.InvitationTTL)}
		if i%5 == 4 { // accepted long ago by one of the partner's demo customers
			inv.CreatedAt, inv.ExpiresAt = demoEpoch.AddDate(0, 0, -20-i), demoEpoch.AddDate(0, 0, -13-i)
			inv.Status, inv.AcceptedAt = models.InvitationAccepted, &inv.ExpiresAt
		}
		if err := w.db.Create(&inv).Error; err != nil {
			return err
		}
	}
	// the reseller's pending invitation to `prospect`, so the portal has something to accept
	prospect := uint64(demoCustomers + 1)
	inv := models.Invitation{PartnerID: w.resellers[0].ID, EnterpriseID: prospect + 1, Mode: models.Advisory,
		Token: DomainID("invitation", 1000), Status: models.InvitationPending, CreatedByID: w.salesOf[w.resellers[0].ID][0],
		CreatedAt: w.now.Add(-time.Hour), ExpiresAt: w.now.Add(models.InvitationTTL - time.Hour)}
	return w.db.Create(&inv).Error
}

// funds moves the demo money through the same use cases as the console: operator deposits, a
// master distributor funding its resellers, allocations to consignment customers and a reclaim.
func (w *demoWorld) funds() error {
	ctx := context.Background()
	actorOf := func(username string) (models.Actor, error) {
		var u models.User
		err := w.db.Where("username = ?", username).First(&u).Error
		return models.ActorOf(&u, "seed"), err
	}
	op, err := actorOf("operator")
	if err != nil {
		return err
	}
	yuan := func(n int64) models.FundsInput { return models.FundsInput{Amount: models.Fen(n * 100), Memo: "demo"} }
	for _, d := range []struct {
		p    *models.Partner
		yuan int64
	}{{w.provider, 500000}, {w.distributor, 2000000}} {
		if _, err := models.Deposit(ctx, w.db, op, d.p.ID, models.FundsInput{Amount: models.Fen(d.yuan * 100), Memo: "银行转账 BT" + d.p.DomainID[:8]}, w.now); err != nil {
			return err
		}
	}
	dist, err := actorOf("distributor")
	if err != nil {
		return err
	}
	for i, r := range w.resellers {
		if _, err := models.FundReseller(ctx, w.db, dist, r.ID, yuan(int64(300000-100000*i)), w.now); err != nil {
			return err
		}
	}
	return w.allocateDemo()
}

// allocateDemo funds the first consignment customers of the provider and of the reseller.
func (w *demoWorld) allocateDemo() error {
	ctx := context.Background()
	for _, admin := range []string{"provider", "reseller"} {
		var u models.User
		if err := w.db.Where("username = ?", admin).First(&u).Error; err != nil {
			return err
		}
		a := models.ActorOf(&u, "seed")
		var ids []uint64
		w.db.Model(&models.Customer{}).Where("partner_id = ? AND mode = ? AND frozen = 0", *u.PartnerID, models.Consignment).Order("id").Limit(20).Pluck("id", &ids)
		for i, id := range ids {
			if _, err := models.Allocate(ctx, w.db, a, id, models.FundsInput{Amount: models.Fen(int64(1000+(i*7919)%19000) * 100), Memo: "demo"}, w.now); err != nil {
				return err
			}
			if i%5 == 4 {
				if _, err := models.Reclaim(ctx, w.db, a, id, models.FundsInput{Amount: models.Fen(50000), Memo: "demo"}, w.now); err != nil {
					return err
				}
			}
		}
		if admin == "provider" { // the demo customer user sees a balance in its portal
			var c models.Customer
			if err := w.db.Where("account_name = ?", "demo-customer").First(&c).Error; err != nil {
				return err
			}
			if _, err := models.Allocate(ctx, w.db, a, c.ID, models.FundsInput{Amount: models.Fen(888800), Memo: "demo"}, w.now); err != nil {
				return err
			}
		}
	}
	return nil
}
