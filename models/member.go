package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Member invitations: by mobile number, email or an existing account name, at most
// MaxMemberInvitesPerDay sent (first sends and resends) per partner per calendar day in
// Asia/Shanghai, each valid MemberInvitationTTL.
const (
	MaxMemberInvitesPerDay = 100
	MemberInvitationTTL    = 7 * 24 * time.Hour
)

// How an invitation reaches its invitee.
const (
	InviteByMobile  = "mobile"
	InviteByEmail   = "email"
	InviteByAccount = "account"
)

// Member invitation statuses as stored; "expired" is derived for a pending one past ExpiresAt.
const (
	MemberInvitePending  = "pending"
	MemberInviteAccepted = "accepted"
	MemberInviteRevoked  = "revoked"
	MemberInviteExpired  = "expired"
)

// MemberInvitation invites a person to become a member of a partner with the chosen roles.
type MemberInvitation struct {
	ID          uint64    `gorm:"primaryKey"`
	PartnerID   uint64    `gorm:"not null;index:ix_minv_partner,priority:1"`
	By          string    `gorm:"size:8;not null"`
	Target      string    `gorm:"size:128;not null;index:ix_minv_target"` // the normalised mobile (E.164), email or account name
	Roles       Roles     `gorm:"not null"`
	Token       string    `gorm:"size:64;not null;uniqueIndex" json:"-"`
	Status      string    `gorm:"size:16;not null"`
	CreatedByID uint64    `gorm:"not null"`
	CreatedAt   time.Time `gorm:"index:ix_minv_partner,priority:2"`
	ExpiresAt   time.Time
	ResentCount int `gorm:"not null;default:0"`
	AcceptedAt  *time.Time
	UserID      *uint64 // the member it made
	Partner     Partner `gorm:"foreignKey:PartnerID" json:"-"`
}

// State is pending, accepted, revoked or expired, as of now.
func (i *MemberInvitation) State(now time.Time) string {
	if i.Status == MemberInvitePending && !now.Before(i.ExpiresAt) {
		return MemberInviteExpired
	}
	return i.Status
}

// MemberInvitationSend is one sending of an invitation (the first or a resend), what the daily
// limit counts.
type MemberInvitationSend struct {
	ID           uint64    `gorm:"primaryKey"`
	PartnerID    uint64    `gorm:"not null;index:ix_minv_send,priority:1"`
	InvitationID uint64    `gorm:"not null"`
	At           time.Time `gorm:"not null;index:ix_minv_send,priority:2"`
}

// businessDay is the calendar day in Asia/Shanghai holding t, as a UTC range.
func businessDay(t time.Time) (time.Time, time.Time) {
	l := t.In(BusinessZone)
	start := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, BusinessZone)
	return start.UTC(), start.AddDate(0, 0, 1).UTC()
}

// countSend takes one of today's sends for the partner, or refuses the 101st. Two sends cannot both
// take the last one: SQLite's writing transactions run one at a time, and the partner's row is
// locked for a database whose transactions run together.
func countSend(tx *gorm.DB, partnerID, invitationID uint64, now time.Time) error {
	if err := store.LockRows(tx, "partners", "id = ?", partnerID); err != nil {
		return err
	}
	from, to := businessDay(now)
	var n int64
	if err := tx.Model(&MemberInvitationSend{}).Where("partner_id = ? AND at >= ? AND at < ?", partnerID, from, to).Count(&n).Error; err != nil {
		return err
	}
	if n >= MaxMemberInvitesPerDay {
		return ErrDailyInviteLimit
	}
	return tx.Create(&MemberInvitationSend{PartnerID: partnerID, InvitationID: invitationID, At: now}).Error
}

// SentToday is how many member invitations the acting partner has sent today.
func SentToday(ctx context.Context, db *gorm.DB, a Actor, now time.Time) (int64, error) {
	from, to := businessDay(now)
	var n int64
	err := db.WithContext(ctx).Model(&MemberInvitationSend{}).Where("partner_id = ? AND at >= ? AND at < ?", a.PartnerID, from, to).Count(&n).Error
	return n, err
}

// MemberInviteInput is what an admin sends.
type MemberInviteInput struct {
	By     string // InviteBy*
	Target string // as typed
	Roles  Roles
}

// normalize checks the shape of the input and puts the target in its stored form.
func (in *MemberInviteInput) normalize() (err error) {
	switch in.By {
	case InviteByMobile:
		in.Target, err = ParseMobile(in.Target)
	case InviteByEmail:
		in.Target, err = ParseEmail(in.Target)
	case InviteByAccount:
		in.Target, err = ParseAccountName(in.Target)
	default:
		return ErrInvalidInput
	}
	if err == nil && !validRoles(in.Roles) {
		err = ErrNoRoles
	}
	return err
}

func validRoles(r Roles) bool {
	return r != 0 && r&^Roles(RoleAdmin|RoleSales|RoleFinance|RoleViewer) == 0
}

// InviteMember sends an invitation to become a member of the acting admin's partner.
func InviteMember(ctx context.Context, db *gorm.DB, a Actor, in MemberInviteInput, now time.Time) (*MemberInvitation, error) {
	now = now.UTC()
	if !a.isPartner(RoleAdmin) {
		return nil, ErrForbidden
	}
	if err := in.normalize(); err != nil {
		return nil, err
	}
	var inv *MemberInvitation
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := GetPartner(ctx, tx, a.PartnerID)
		if err != nil {
			return err
		}
		if !p.MayInviteMembers() {
			return ErrCannotInviteMembers
		}
		if err := mayInvite(tx, a, in, now); err != nil {
			return err
		}
		inv = &MemberInvitation{PartnerID: p.ID, By: in.By, Target: in.Target, Roles: in.Roles, Token: randomHex(24),
			Status: MemberInvitePending, CreatedByID: a.UserID, CreatedAt: now, ExpiresAt: now.Add(MemberInvitationTTL)}
		if err := tx.Create(inv).Error; err != nil {
			return err
		}
		if err := countSend(tx, p.ID, inv.ID, now); err != nil {
			return err
		}
		if err := queueMemberInvitation(tx, inv, now); err != nil {
			return err
		}
		return audit(tx, a, p.ID, "member.invite", "member_invitation", inv.ID, nil, inviteAudit(inv))
	})
	return inv, err
}

// mayInvite refuses oneself (the admin's own contacts or the partner account's), a present member,
// a target with a pending invitation and, by account name, an account that cannot become a member.
func mayInvite(tx *gorm.DB, a Actor, in MemberInviteInput, now time.Time) error {
	col := map[string]string{InviteByMobile: "mobile", InviteByEmail: "email", InviteByAccount: "username"}[in.By]
	var me User
	var p Partner
	if err := firstErr(tx.First(&me, a.UserID).Error, tx.First(&p, a.PartnerID).Error); err != nil {
		return err
	}
	for _, own := range []map[string]string{
		{"mobile": e164(me.Mobile), "email": me.Email, "username": me.Username},
		{"mobile": e164(p.Mobile), "email": p.Email}, // its account name is the cloud's, not a sign-in
	} {
		if own[col] != "" && own[col] == in.Target {
			return ErrInviteSelf
		}
	}
	target := in.Target
	if in.By == InviteByMobile {
		target = localMobile(in.Target) // members' numbers are stored as typed at sign-up
	}
	var n int64
	if err := tx.Model(&User{}).Where("partner_id = ? AND kind = ? AND ("+col+" = ? OR "+col+" = ?)", a.PartnerID, PartnerUser, in.Target, target).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return ErrAlreadyMember
	}
	if in.By == InviteByAccount {
		var u User
		err := tx.Where("username = ?", in.Target).First(&u).Error
		if errors.Is(err, gorm.ErrRecordNotFound) || err == nil && !detached(&u) {
			return ErrNoSuchAccount
		}
		if err != nil {
			return err
		}
	}
	err := tx.Model(&MemberInvitation{}).Where("partner_id = ? AND target = ? AND status = ? AND expires_at > ?",
		a.PartnerID, in.Target, MemberInvitePending, now).Count(&n).Error
	if err != nil {
		return err
	}
	if n > 0 {
		return ErrAlreadyInvited
	}
	return nil
}

// detached tells whether a user is a partner sign-in that belongs to no partner (a former member),
// the only kind of existing account an invitation by account name can make a member.
func detached(u *User) bool { return u.Kind == PartnerUser && u.PartnerID == nil && !u.Disabled }

// e164 is a stored mobile number in E.164, or "" if it is not one.
func e164(s string) string {
	m, err := ParseMobile(s)
	if err != nil {
		return ""
	}
	return m
}

// localMobile is a mainland E.164 number without its +86.
func localMobile(s string) string {
	if len(s) == 14 && s[:3] == "+86" {
		return s[3:]
	}
	return s
}

func inviteAudit(inv *MemberInvitation) map[string]any {
	return map[string]any{"by": inv.By, "target": inv.Target, "roles": roleNames(inv.Roles), "expires_at": inv.ExpiresAt}
}

func roleNames(r Roles) []string {
	var out []string
	for _, x := range AllRoles {
		if r.Has(x) {
			out = append(out, x.Name())
		}
	}
	return out
}

func memberAudit(u *User) map[string]any {
	m := map[string]any{"username": u.Username, "kind": u.Kind, "roles": roleNames(u.Roles)}
	if u.PartnerID != nil {
		m["partner_id"] = *u.PartnerID
	}
	return m
}

func partnerInvitation(tx *gorm.DB, a Actor, id uint64) (*MemberInvitation, error) {
	if !a.isPartner(RoleAdmin) {
		return nil, ErrForbidden
	}
	var inv MemberInvitation
	if err := tx.Where("id = ? AND partner_id = ?", id, a.PartnerID).First(&inv).Error; err != nil {
		return nil, notFound(err)
	}
	return &inv, nil
}

// ResendMemberInvitation gives a pending (or expired) invitation a new link valid for another
// 7 days; it counts toward the daily limit, and the old link stops working.
func ResendMemberInvitation(ctx context.Context, db *gorm.DB, a Actor, id uint64, now time.Time) (*MemberInvitation, error) {
	now = now.UTC()
	var inv *MemberInvitation
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if inv, err = partnerInvitation(tx, a, id); err != nil {
			return err
		}
		if err := pendingInvite(inv.Status); err != nil {
			return err
		}
		if err := countSend(tx, a.PartnerID, inv.ID, now); err != nil {
			return err
		}
		before := inviteAudit(inv)
		if err := replaceLink(tx, MessageMemberInvitation, inv.ID, inv.Token, now); err != nil {
			return err
		}
		inv.Token, inv.ExpiresAt, inv.ResentCount = randomHex(24), now.Add(MemberInvitationTTL), inv.ResentCount+1
		if err := tx.Model(inv).Updates(map[string]any{"token": inv.Token, "expires_at": inv.ExpiresAt, "resent_count": inv.ResentCount}).Error; err != nil {
			return err
		}
		if err := queueMemberInvitation(tx, inv, now); err != nil {
			return err
		}
		return audit(tx, a, a.PartnerID, "member.invite_resend", "member_invitation", inv.ID, before, inviteAudit(inv))
	})
	return inv, err
}

// pendingInvite refuses an invitation, member or reseller, that was accepted or revoked; a pending
// one past its expiry may still be resent or revoked.
func pendingInvite(status string) error {
	switch status {
	case MemberInviteAccepted:
		return ErrInvitationUsed
	case MemberInviteRevoked:
		return ErrInvitationRevoked
	}
	return nil
}

// RevokeMemberInvitation withdraws a pending invitation: its link stops working.
func RevokeMemberInvitation(ctx context.Context, db *gorm.DB, a Actor, id uint64) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		inv, err := partnerInvitation(tx, a, id)
		if err != nil {
			return err
		}
		if err := pendingInvite(inv.Status); err != nil {
			return err
		}
		if err := tx.Model(inv).Update("status", MemberInviteRevoked).Error; err != nil {
			return err
		}
		if err := obsoleteMessages(tx, MessageMemberInvitation, inv.ID); err != nil {
			return err
		}
		return audit(tx, a, a.PartnerID, "member.invite_revoke", "member_invitation", inv.ID,
			map[string]string{"target": inv.Target, "status": MemberInvitePending}, map[string]string{"target": inv.Target, "status": MemberInviteRevoked})
	})
}

// MemberInvitationByToken loads the invitation behind a link, with its partner.
func MemberInvitationByToken(ctx context.Context, db *gorm.DB, token string) (*MemberInvitation, error) {
	if len(token) == 0 || len(token) > 64 {
		return nil, ErrNotFound
	}
	var inv MemberInvitation
	err := db.WithContext(ctx).Preload("Partner").Where("token = ?", token).First(&inv).Error
	if err != nil {
		return nil, replacedOr(db.WithContext(ctx), MessageMemberInvitation, token, notFound(err))
	}
	return &inv, nil
}

// usable refuses an invitation that cannot be accepted any more.
func (i *MemberInvitation) usable(now time.Time) error { return usableInvite(i.State(now)) }

// usableInvite refuses an invitation, member or reseller, in a state that cannot be accepted.
func usableInvite(state string) error {
	switch state {
	case MemberInviteExpired:
		return ErrInvitationExpired
	case MemberInviteAccepted:
		return ErrInvitationUsed
	case MemberInviteRevoked:
		return ErrInvitationRevoked
	}
	return nil
}

// NewSignIn is the sign-in a new member (or a new reseller's admin) chooses.
type NewSignIn struct {
	Username, DisplayName, Password string
}

// check refuses a sign-in that cannot be made, every field's refusal at once (FieldErrors), and
// trims the display name.
func (s *NewSignIn) check() error {
	return s.fieldErrors().orNil()
}

func (s *NewSignIn) fieldErrors() FieldErrors {
	var errs FieldErrors
	if _, err := ParseAccountName(s.Username); err != nil {
		errs = append(errs, asFieldError("username", err))
	}
	var err error
	if s.DisplayName, err = displayNameText.Clean(s.DisplayName); err != nil {
		errs = append(errs, asFieldError("display_name", err))
	}
	if len(s.Password) < 8 || len(s.Password) > MaxPasswordLen {
		errs = append(errs, &FieldError{Field: "password", Err: ErrWeakPassword})
	}
	return errs
}

// AcceptMemberInvitation makes the invitee a member with the invited roles. An invitation by
// mobile or email is accepted by a visitor choosing a new sign-in; one by account name by that
// account, signed in. A link opened by anyone else signed in is refused.
func AcceptMemberInvitation(ctx context.Context, db *gorm.DB, a Actor, token string, in NewSignIn, now time.Time) (*User, error) {
	now = now.UTC()
	var u *User
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		inv, err := MemberInvitationByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		if err := CheckMemberInvitation(ctx, tx, a, inv, now); err != nil {
			return err
		}
		if inv.By == InviteByAccount {
			u, err = attachMember(tx, a, inv)
		} else {
			u, err = createMember(tx, inv, in, now)
		}
		if err != nil {
			return err
		}
		res := tx.Model(inv).Where("status = ?", MemberInvitePending).Updates(map[string]any{"status": MemberInviteAccepted, "accepted_at": now, "user_id": u.ID})
		if res.Error != nil || res.RowsAffected != 1 {
			return firstErr(res.Error, ErrInvitationUsed)
		}
		a.UserID = u.ID // the new member accepts
		return audit(tx, a, inv.PartnerID, "member.join", "user", u.ID, nil, memberAudit(u))
	})
	return u, err
}

// CheckMemberInvitation tells the visitor or signed-in user who opened a link why it could not
// accept it, or nil.
func CheckMemberInvitation(ctx context.Context, db *gorm.DB, a Actor, inv *MemberInvitation, now time.Time) error {
	if err := inv.usable(now.UTC()); err != nil {
		return err
	}
	if inv.By != InviteByAccount {
		if a.UserID != 0 {
			return ErrInvitationOtherUser
		}
		return nil
	}
	if a.UserID == 0 {
		return ErrSignInAsInvitee
	}
	u, err := GetUser(ctx, db, a.UserID)
	if err != nil {
		return err
	}
	if u.Username != inv.Target {
		return ErrInvitationOtherUser
	}
	if !detached(u) {
		return ErrNoSuchAccount
	}
	return nil
}

func attachMember(tx *gorm.DB, a Actor, inv *MemberInvitation) (*User, error) {
	var u User
	if err := tx.First(&u, a.UserID).Error; err != nil {
		return nil, err
	}
	res := tx.Model(&u).Where("partner_id IS NULL").Updates(map[string]any{"partner_id": inv.PartnerID, "roles": inv.Roles})
	if res.Error != nil || res.RowsAffected != 1 {
		return nil, firstErr(res.Error, ErrNoSuchAccount)
	}
	u.PartnerID, u.Roles = &inv.PartnerID, inv.Roles
	return &u, nil
}

func createMember(tx *gorm.DB, inv *MemberInvitation, in NewSignIn, now time.Time) (*User, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	name, _ := ParseAccountName(in.Username)
	display := in.DisplayName
	if display == "" {
		display = name
	}
	u := &User{Username: name, PasswordHash: hash, DisplayName: display, Kind: PartnerUser, PartnerID: &inv.PartnerID,
		Roles: inv.Roles, CreatedAt: now}
	if inv.By == InviteByMobile {
		u.Mobile = inv.Target
	} else {
		u.Email = inv.Target
	}
	return u, duplicateAs(tx.Create(u).Error, ErrUsernameTaken)
}

// MemberInvitationList is one page of a partner's member invitations.
type MemberInvitationList struct {
	Rows  []MemberInvitation
	Total int64
}

// ListMemberInvitations lists the acting admin's partner's invitations, newest first.
func ListMemberInvitations(ctx context.Context, db *gorm.DB, a Actor, page, limit int) (*MemberInvitationList, error) {
	if !a.isPartner(RoleAdmin) {
		return nil, ErrForbidden
	}
	q := db.WithContext(ctx).Model(&MemberInvitation{}).Where("partner_id = ?", a.PartnerID)
	out := &MemberInvitationList{}
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	l, off := pageBounds(page, limit)
	err := q.Order("created_at DESC, id DESC").Limit(l).Offset(off).Find(&out.Rows).Error
	return out, err
}

// InvitationsForAccount lists the pending, unexpired invitations by sign-in name of a sign-in that
// belongs to no partner (a former member): what its home offers it to accept. Anyone else has
// none to see here.
func InvitationsForAccount(ctx context.Context, db *gorm.DB, a Actor, now time.Time) ([]MemberInvitation, error) {
	if a.Kind != PartnerUser || a.PartnerID != 0 {
		return nil, ErrForbidden
	}
	var u User
	if err := db.WithContext(ctx).First(&u, a.UserID).Error; err != nil {
		return nil, notFound(err)
	}
	var out []MemberInvitation
	err := db.WithContext(ctx).Preload("Partner").
		Where(&MemberInvitation{Target: u.Username, By: InviteByAccount, Status: MemberInvitePending}). // quoted: "by" is a keyword
		Where("expires_at > ?", now.UTC()).
		Order("id DESC").Limit(20).Find(&out).Error
	return out, err
}
