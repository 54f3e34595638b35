package views

import (
	"errors"
	"time"

	"partnerhub/models"
)

// RoleKeys are the message keys of a member's roles, in display order.
func RoleKeys(r models.Roles) []string {
	var out []string
	for _, x := range models.AllRoles {
		if r.Has(x) {
			out = append(out, "role."+x.Name())
		}
	}
	return out
}

// ProfileVM is Partner > Profile.
type ProfileVM struct {
	Prof    *models.PartnerProfile
	IsAdmin bool
	Ops     bool // the operator's view, with the enrolment forms
	Now     time.Time
	Account AccountVM // the member's own sessions and password (not on the operator's view)
}

// PathEnrolled tells when the partner joined path, or nil.
func (vm ProfileVM) PathEnrolled(path string) *time.Time {
	for _, pp := range vm.Prof.Paths {
		if pp.Path == path {
			t := pp.EnrolledAt
			return &t
		}
	}
	return nil
}

// MemberInviteForm is the member invitation form as posted.
type MemberInviteForm struct {
	By, Target string
	Roles      models.Roles
	TargetErr  string
	RolesErr   string
	Err        string
}

// MembersVM is Partner > Members.
type MembersVM struct {
	Members   []models.User
	Invites   []models.MemberInvitation
	Pager     Pager
	Form      MemberInviteForm
	SentToday int64
	MaxPerDay int
	MayInvite string // why the partner may not invite, or ""
	Now       time.Time
	BaseURL   string
	Created   uint64 // the invitation just sent: its link is shown
	MeID      uint64
	Delivery  map[uint64]models.OutboundMessage // each invitation's latest message
	Channels  map[string]bool                   // the channels with a sender
}

// ResellersVM is Partner > Resellers.
type ResellersVM struct {
	List      *models.ResellerList
	Q         string
	Pager     Pager
	Invites   []models.ResellerInvitation
	Form      ResellerInviteForm
	Now       time.Time
	BaseURL   string
	Created   uint64
	Balances  map[uint64]models.Money
	Customers map[uint64]int64
	Delivery  map[uint64]models.OutboundMessage // each invitation's latest message
	Channels  map[string]bool                   // the channels with a sender
}

// ResellerInviteForm is the reseller invitation form as typed, with its errors.
type ResellerInviteForm struct {
	Company, CompanyErr string
	Email, EmailErr     string
}

// ResellerVM is a reseller's detail page.
type ResellerVM struct {
	D      *models.ResellerDetail
	Quotas []models.ChildQuota // the coupon quotas given to it
}

// AuditForm is the audit log's filter bar as typed.
type AuditForm struct {
	Actor, Action, Type, Target, From, To, Partner string
}

// AuditVM is an audit log page (a partner's own, or the operator's of everyone).
type AuditVM struct {
	Rows    []models.AuditRow
	Pager   Pager
	Form    AuditForm
	Ignored []string
	Ops     bool
	Capped  bool // more records than counted
	CSVHref string
	Names   map[uint64]string  // partner names (operator's log)
	Refs    *models.AuditNames // the names of the users, customers and partners the records name by id
}

// NewSignInForm is the sign-in a new member or reseller admin chooses.
type NewSignInForm struct {
	Username, DisplayName, Company, Mobile string
	Errs                                   map[string]string
	Err                                    string
}

// JoinMemberVM is the page an invitation link to become a member opens.
type JoinMemberVM struct {
	Inv   *models.MemberInvitation
	Block string // why it cannot be accepted by whoever opened it, or ""
	Form  NewSignInForm
}

// JoinResellerVM is the page a reseller invitation link opens.
type JoinResellerVM struct {
	Inv   *models.ResellerInvitation
	Block string
	Form  NewSignInForm
}

// ApplyVM is the customer's page to join the partner network.
type ApplyVM struct {
	Customer *models.Customer
	Latest   *models.PartnerApplication
	Block    string // why it may not apply, or ""
	Pending  bool   // its application is under review: the status says so, calmly, and no form
	Contact  string
	Intro    string
	Err      string
	Errs     map[string]string // a field's error by its name
}

// ApplicationsVM is the operator's queue of applications.
type ApplicationsVM struct {
	Rows    []models.PartnerApplication
	Pager   Pager
	Status  string
	Refused RowRefusal
}

// OpsPartnersVM is the operator's partner list.
type OpsPartnersVM struct {
	List  *models.PartnerList
	Q     string
	Kind  string
	Pager Pager
}

// VerificationsVM is the operator's real-name review queue.
type VerificationsVM struct {
	Rows    []models.Customer
	Pager   Pager
	Refused RowRefusal
}

// DirectoryVM is the operator's directory import.
type DirectoryVM struct {
	Report  *models.ImportReport
	Err     string
	FileErr *models.CSVError // a file refused whole, with its line
	Total   int64
}

// directoryRequired tells the directory's columns a row must fill.
func directoryRequired(column string) bool {
	return column == "name" || column == "credit_code" || column == "established_on"
}

// rowErrText says why a directory row was rejected.
func rowErrText(p Page, r models.RowError) string {
	var dup *models.DuplicateRowError
	if errors.As(r.Err, &dup) {
		return p.T("dir.dup_line", dup.First)
	}
	if errors.Is(r.Err, models.ErrDirTooLong) {
		return p.T("dir.too_long", models.DirectoryMaxLen[r.Column])
	}
	var e *models.Error
	if errors.As(r.Err, &e) {
		return p.T(e.Key)
	}
	return p.T("err.invalid")
}

// DeliveryState is an outbound message's status as stored (pending, sent, failed, obsolete), or
// not_configured for one waiting on a channel that has no sender.
func DeliveryState(m *models.OutboundMessage, configured map[string]bool) string {
	if m.Status == models.MessagePending && !configured[m.Channel] {
		return "not_configured"
	}
	return m.Status
}

// latest is an invitation's latest message, or nil.
func latest(ds map[uint64]models.OutboundMessage, id uint64) *models.OutboundMessage {
	if m, ok := ds[id]; ok {
		return &m
	}
	return nil
}
