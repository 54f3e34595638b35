package seed

import (
	"context"
	"time"

	"partnerhub/models"
	"partnerhub/store"
)

// Demo data of the partner network, so the whole lifecycle can be walked: `applicant` (a verified
// enterprise account) applies, the operator approves, invites it into the distribution program, and
// the new master distributor invites members and a reseller. `hopeful` has an application waiting
// in the operator's queue; `individual`, verified as a person, is refused; `former-member` is a
// sign-in that belongs to no partner any more and can be invited back by account name.

func (w *demoWorld) network() error {
	if err := w.programDates(); err != nil {
		return err
	}
	for i, name := range []string{"applicant", "hopeful", "individual"} {
		if err := w.networkCustomer(uint64(demoCustomers+2+i), name); err != nil {
			return err
		}
	}
	if _, err := w.user("former-member", "林晓（前成员）", models.PartnerUser, nil, 0); err != nil {
		return err
	}
	return w.networkInvitations()
}

// programDates gives the seeded partners their programs' and paths' dates.
func (w *demoWorld) programDates() error {
	var ps []models.Partner
	if err := w.db.Find(&ps).Error; err != nil {
		return err
	}
	for _, p := range ps {
		if err := w.db.Model(&p).Update("program_since", p.JoinedAt).Error; err != nil {
			return err
		}
		for i, path := range p.PathList() {
			pp := models.PartnerPath{PartnerID: p.ID, Path: path, EnrolledAt: p.JoinedAt.AddDate(0, 1+i, 0)}
			if err := w.db.Create(&pp).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *demoWorld) networkCustomer(n uint64, username string) error {
	c := customerRow(n, Placement{}, int64(n))
	c.VerifiedStatus, c.Frozen, c.CustomerType = models.Verified, 0, models.CustomerCorp
	c.RealName, _ = companyName(scramble(n, 2488319))
	c.AccountName, c.Email = "demo-"+username, username+"@example.com"
	eid := n + 1
	c.EnterpriseID = &eid
	if username == "individual" {
		c.RealName, c.CustomerType, c.EnterpriseID = personName(n), models.CustomerPerson, nil
	}
	if err := w.db.Create(&c).Error; err != nil {
		return err
	}
	if err := store.IndexNames(w.db, store.CustomerSearchTable, c.ID, c.AccountName, c.RealName); err != nil {
		return err
	}
	u, err := w.user(username, c.RealName, models.CustomerUser, nil, 0)
	if err != nil {
		return err
	}
	if err := w.db.Model(u).Update("customer_id", c.ID).Error; err != nil {
		return err
	}
	if username != "hopeful" {
		return nil
	}
	a := models.ActorOf(u, "seed")
	a.CustomerID = c.ID
	_, err = models.ApplyToJoin(context.Background(), w.db, a, models.ApplicationInput{Contact: "hopeful@example.com",
		Intro: "专注制造业上云与数据治理，服务华东地区 200 余家企业客户。"}, w.now.Add(-26*time.Hour))
	return err
}

// networkInvitations: the provider's pending member invitations and the distributor's pending
// reseller invitation.
func (w *demoWorld) networkInvitations() error {
	ctx := context.Background()
	var admin, dist models.User
	if err := w.db.Where("username = ?", "provider").First(&admin).Error; err != nil {
		return err
	}
	if err := w.db.Where("username = ?", "distributor").First(&dist).Error; err != nil {
		return err
	}
	a := models.ActorOf(&admin, "seed")
	for i, in := range []models.MemberInviteInput{
		{By: models.InviteByMobile, Target: "13912340001", Roles: models.Roles(models.RoleSales)},
		{By: models.InviteByEmail, Target: "chen.fin@example.com", Roles: models.Roles(models.RoleFinance)},
		{By: models.InviteByMobile, Target: "+85291234567", Roles: models.Roles(models.RoleViewer)},
	} {
		if _, err := models.InviteMember(ctx, w.db, a, in, w.now.Add(-time.Duration(i*5)*time.Hour)); err != nil {
			return err
		}
	}
	if _, err := models.InviteReseller(ctx, w.db, models.ActorOf(&dist, "seed"), "成都蓉云数据服务有限公司", "boss@rongyun.example.com", w.now.Add(-3*time.Hour)); err != nil {
		return err
	}
	// The demo's invitees are made up, and one of them could be someone's real number: a demo
	// database served with a sender configured must not message them.
	return w.db.Model(&models.OutboundMessage{}).Where("status = ?", models.MessagePending).
		Update("status", models.MessageObsolete).Error
}
