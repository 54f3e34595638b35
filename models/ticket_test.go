package models

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")

func ticketInput() TicketInput {
	return TicketInput{Category: "ecs", ProblemType: "fault", Region: "cn-north-4", Severity: SeverityMajor,
		Title: "ECS cannot start", Description: "Since 10:00 the instance stays in 'starting'.", ContactEmail: "ops@example.com",
		CCs: []string{"cto@example.com"}}
}

func mustTicket(t *testing.T, db *gorm.DB, fs FileStore, a Actor, in TicketInput) *Ticket {
	t.Helper()
	tk, err := CreateTicket(context.Background(), db, fs, a, in)
	if err != nil {
		t.Fatalf("CreateTicket: %v", err)
	}
	return tk
}

func testFiles(t *testing.T) FileStore { return NewFileStore(t.TempDir()) }

func TestCreateTicketRefuses(t *testing.T) {
	t.Parallel()
	db, fs := demoDB(t), testFiles(t)
	cust := actor(t, db, "customer")
	var before int64
	db.Model(&Ticket{}).Count(&before)
	cases := []struct {
		name  string
		edit  func(*TicketInput)
		field string
		want  error
	}{
		{"empty title", func(in *TicketInput) { in.Title = "  " }, "title", ErrTicketTitleRequired},
		{"long title", func(in *TicketInput) { in.Title = strings.Repeat("长", MaxTicketTitle+1) }, "title", ErrTextTooLong},
		{"control char in title", func(in *TicketInput) { in.Title = "a\u202eb" }, "title", ErrTextInvalid},
		{"empty description", func(in *TicketInput) { in.Description = "" }, "description", ErrTicketDescRequired},
		{"long description", func(in *TicketInput) { in.Description = strings.Repeat("x", MaxTicketDescription+1) }, "description", ErrTextTooLong},
		{"unknown category", func(in *TicketInput) { in.Category = "nope" }, "category", ErrTicketOption},
		{"unknown problem", func(in *TicketInput) { in.ProblemType = "" }, "problem_type", ErrTicketOption},
		{"unknown region", func(in *TicketInput) { in.Region = "mars-1" }, "region", ErrTicketOption},
		{"severity above level", func(in *TicketInput) { in.Severity = SeverityBlocker }, "severity", ErrTicketSeverity},
		{"severity zero", func(in *TicketInput) { in.Severity = 0 }, "severity", ErrTicketSeverity},
		{"no contact", func(in *TicketInput) { in.ContactEmail = "" }, "contact", ErrTicketContact},
		{"bad mobile", func(in *TicketInput) { in.ContactMobile = "12" }, "contact", ErrInvalidMobile},
		{"bad cc", func(in *TicketInput) { in.CCs = []string{"not-mail"} }, "cc", ErrInvalidEmail},
		{"six ccs", func(in *TicketInput) {
			in.CCs = []string{"a@x.cn", "b@x.cn", "c@x.cn", "d@x.cn", "e@x.cn", "f@x.cn"}
		}, "cc", ErrTooManyCCs},
		{"six files", func(in *TicketInput) { in.Files = make([]Upload, 6) }, "file", ErrTooManyFiles},
		{"exe renamed png", func(in *TicketInput) {
			in.Files = []Upload{{Name: "a.png", Data: []byte("MZ\x90\x00\x03\x00\x00\x00")}}
		}, "file", ErrAttachmentType},
		{"6 MB", func(in *TicketInput) {
			in.Files = []Upload{{Name: "big.txt", Data: []byte(strings.Repeat("a", 6<<20))}}
		}, "file", ErrAttachmentSize},
		{"pdf named png", func(in *TicketInput) { in.Files = []Upload{{Name: "a.png", Data: []byte("%PDF-1.4\n")}} }, "file", ErrAttachmentType},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := ticketInput()
			c.edit(&in)
			_, err := CreateTicket(context.Background(), db, fs, cust, in)
			var fe *FieldError
			if !errors.Is(err, c.want) || !errors.As(err, &fe) || fe.Field != c.field {
				t.Fatalf("err = %v, want %v on %s", err, c.want, c.field)
			}
		})
	}
	var n int64
	db.Model(&Ticket{}).Count(&n)
	if n != before {
		t.Errorf("%d tickets stored by refused inputs", n-before)
	}
}

func TestTicketVisibility(t *testing.T) {
	t.Parallel()
	db, fs := demoDB(t), testFiles(t)
	ctx := context.Background()
	cust := mustTicket(t, db, fs, actor(t, db, "customer"), ticketInput())
	resellerOwn := mustTicket(t, db, fs, actor(t, db, "reseller"), ticketInput())
	cases := []struct {
		user        string
		ticket      *Ticket
		see, submit bool
	}{
		{"customer", cust, true, true},
		{"provider", cust, true, true},
		{"provider-viewer", cust, true, false},
		{"reseller", cust, false, false},
		{"distributor", cust, false, false},
		{"operator", cust, true, false},
		{"reseller", resellerOwn, true, true},
		{"distributor", resellerOwn, true, false},
		{"reseller-sh", resellerOwn, false, false},
		{"provider", resellerOwn, false, false},
		{"customer", resellerOwn, false, false},
	}
	for _, c := range cases {
		a := actor(t, db, c.user)
		d, err := GetTicket(ctx, db, a, c.ticket.ID)
		if !c.see {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s reads ticket %d: %v, want not found", c.user, c.ticket.ID, err)
			}
			if _, err := UrgeTicket(ctx, db, a, c.ticket.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s urges ticket %d: %v, want not found", c.user, c.ticket.ID, err)
			}
			continue
		}
		if err != nil || d.CanSubmit != c.submit {
			t.Errorf("%s: %v, can submit %v, want %v", c.user, err, d != nil && d.CanSubmit, c.submit)
		}
		l, err := ListTickets(ctx, db, a, TicketFilter{})
		if err != nil || !hasTicket(l.Tickets, c.ticket.ID) {
			t.Errorf("%s's list lacks ticket %d (%v)", c.user, c.ticket.ID, err)
		}
	}
	if _, err := CancelTicket(ctx, db, actor(t, db, "distributor"), resellerOwn.ID); !errors.Is(err, ErrTicketReadOnly) {
		t.Errorf("distributor cancels a reseller's ticket: %v", err)
	}
}

func hasTicket(ts []Ticket, id uint64) bool {
	for _, t := range ts {
		if t.ID == id {
			return true
		}
	}
	return false
}

// The life of a ticket, each step refused where the status does not allow it.
func TestTicketLifecycle(t *testing.T) {
	t.Parallel()
	db, fs := demoDB(t), testFiles(t)
	ctx := context.Background()
	cust, op := actor(t, db, "customer"), actor(t, db, "operator")
	in := ticketInput()
	in.Files = []Upload{{Name: "shot.png", Data: pngBytes}}
	tk := mustTicket(t, db, fs, cust, in)
	if !strings.HasPrefix(tk.Number, "TK") || tk.Status != TicketPending {
		t.Fatalf("new ticket %+v", tk)
	}
	steps := []struct {
		name string
		run  func() error
		want error
	}{
		{"rate open", func() error { _, err := RateTicket(ctx, db, cust, tk.ID, RatingInput{5, 5, 5, ""}); return err }, ErrTicketState},
		{"confirm pending", func() error { _, err := ConfirmTicket(ctx, db, cust, tk.ID); return err }, ErrTicketState},
		{"customer accepts", func() error { _, err := AcceptTicket(ctx, db, cust, tk.ID); return err }, ErrTicketReadOnly},
		{"accept", func() error { _, err := AcceptTicket(ctx, db, op, tk.ID); return err }, nil},
		{"cancel accepted", func() error { _, err := CancelTicket(ctx, db, cust, tk.ID); return err }, ErrTicketState},
		{"ask info", func() error { _, err := RequestTicketInfo(ctx, db, fs, op, tk.ID, "Which instance id?"); return err }, nil},
		{"empty reply", func() error { _, err := AddTicketMessage(ctx, db, fs, cust, tk.ID, " ", nil); return err }, ErrMessageRequired},
		{"reply", func() error {
			_, err := AddTicketMessage(ctx, db, fs, cust, tk.ID, "<script>alert(1)</script> i-123", nil)
			return err
		}, nil},
		{"resolve", func() error { _, err := ResolveTicket(ctx, db, fs, op, tk.ID, "Restarted the host."); return err }, nil},
		{"bad rating", func() error { _, err := RateTicket(ctx, db, cust, tk.ID, RatingInput{6, 5, 0, ""}); return err }, ErrRatingValue},
		{"reopen", func() error { _, err := ReopenTicket(ctx, db, cust, tk.ID); return err }, nil},
		{"resolve again", func() error { _, err := ResolveTicket(ctx, db, fs, op, tk.ID, "Fixed for good."); return err }, nil},
		{"confirm", func() error { _, err := ConfirmTicket(ctx, db, cust, tk.ID); return err }, nil},
		{"rate", func() error { _, err := RateTicket(ctx, db, cust, tk.ID, RatingInput{5, 4, 5, "快"}); return err }, nil},
		{"rate twice", func() error { _, err := RateTicket(ctx, db, cust, tk.ID, RatingInput{1, 1, 1, ""}); return err }, ErrAlreadyRated},
		{"message closed", func() error { _, err := AddTicketMessage(ctx, db, fs, cust, tk.ID, "hi", nil); return err }, ErrTicketState},
	}
	for _, s := range steps {
		if err := s.run(); !errors.Is(err, s.want) || (s.want == nil) != (err == nil) {
			t.Fatalf("%s: %v, want %v", s.name, err, s.want)
		}
	}
	d, err := GetTicket(ctx, db, cust, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Ticket.Status != TicketClosed || len(d.Messages) != 5 || d.Rating == nil || len(d.Attachments[d.Messages[0].ID]) != 1 {
		t.Errorf("closed ticket: status %s, %d messages, rating %v, files %v", d.Ticket.Status, len(d.Messages), d.Rating, d.Attachments)
	}
	var audits, mails int64
	db.Model(&AuditRecord{}).Where("object_type = 'ticket' AND object_id = ?", tk.ID).Count(&audits)
	db.Model(&OutboundMessage{}).Where("kind = ? AND status = ?", MessageTicket, MessagePending).Count(&mails)
	if audits != int64(len(d.Events)) || audits != 9 {
		t.Errorf("%d audit records, %d events, want 9", audits, len(d.Events))
	}
	if mails != 2*5 { // create, accept, ask, resolve twice: to the contact and the CC
		t.Errorf("%d notification mails, want 10", mails)
	}
}

func TestConfirmWindow(t *testing.T) {
	t.Parallel()
	db, fs := demoDB(t), testFiles(t)
	ctx := context.Background()
	cust, op := actor(t, db, "customer"), actor(t, db, "operator")
	tk := mustTicket(t, db, fs, cust, ticketInput())
	if _, err := AcceptTicket(ctx, db, op, tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ResolveTicket(ctx, db, fs, op, tk.ID, "done"); err != nil {
		t.Fatal(err)
	}
	db.Model(&Ticket{}).Where("id = ?", tk.ID).Update("resolved_at", time.Now().UTC().Add(-ConfirmWindow-time.Minute))
	for name, f := range map[string]func(context.Context, *gorm.DB, Actor, uint64) (*Ticket, error){"confirm": ConfirmTicket, "reopen": ReopenTicket} {
		if _, err := f(ctx, db, cust, tk.ID); !errors.Is(err, ErrConfirmWindow) {
			t.Errorf("%s after 7 days: %v", name, err)
		}
	}
	if _, err := RateTicket(ctx, db, cust, tk.ID, RatingInput{3, 3, 3, ""}); err != nil {
		t.Errorf("rating a resolved ticket: %v", err)
	}
}

// Urging twice within the hour is refused, also when the urges arrive at the same moment.
func TestUrgeOncePerHour(t *testing.T) {
	t.Parallel()
	db, fs := demoDB(t), testFiles(t)
	ctx := context.Background()
	cust := actor(t, db, "customer")
	tk := mustTicket(t, db, fs, cust, ticketInput())
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = UrgeTicket(ctx, db, cust, tk.ID)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, ErrUrgedRecently):
			t.Errorf("urge: %v", err)
		}
	}
	var got Ticket
	db.First(&got, tk.ID)
	if ok != 1 || got.UrgeCount != 1 {
		t.Fatalf("%d urges passed, urge_count %d, want 1", ok, got.UrgeCount)
	}
	db.Model(&Ticket{}).Where("id = ?", tk.ID).Update("last_urged_at", time.Now().UTC().Add(-UrgeInterval))
	if _, err := UrgeTicket(ctx, db, cust, tk.ID); err != nil {
		t.Errorf("urge after an hour: %v", err)
	}
	if _, err := CancelTicket(ctx, db, cust, tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := UrgeTicket(ctx, db, cust, tk.ID); !errors.Is(err, ErrTicketState) {
		t.Errorf("urge a cancelled ticket: %v", err)
	}
}

// A ticket's notification is delivered with the ticket's number and the after-sales answer; it is
// never made obsolete as an invitation's is.
func TestTicketNoticeClaimed(t *testing.T) {
	t.Parallel()
	db, fs := demoDB(t), testFiles(t)
	ctx := context.Background()
	tk := mustTicket(t, db, fs, actor(t, db, "customer"), ticketInput())
	if _, err := AcceptTicket(ctx, db, actor(t, db, "operator"), tk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := RequestTicketInfo(ctx, db, fs, actor(t, db, "operator"), tk.ID, "Which instance?"); err != nil {
		t.Fatal(err)
	}
	var ids []uint64
	db.Model(&OutboundMessage{}).Where("kind = ? AND status = ?", MessageTicket, MessagePending).Order("id").Pluck("id", &ids)
	if len(ids) != 6 {
		t.Fatalf("%d notices, want 6", len(ids))
	}
	im, err := ClaimMessage(ctx, db, ids[5], time.Now())
	if err != nil || im == nil || im.Ticket == nil {
		t.Fatalf("claim: %+v, %v", im, err)
	}
	n := im.Ticket
	if n.Number != tk.Number || n.Action != "request_info" || n.LastAnswer != "Which instance?" || !n.ForPortal {
		t.Errorf("notice %+v", n)
	}
}

// The tabs' counters agree with the tickets, in every scope, after the demo's tickets went through
// the use cases and a few more steps.
func TestTicketCountsMatch(t *testing.T) {
	t.Parallel()
	db, fs := demoDB(t), testFiles(t)
	ctx := context.Background()
	tk := mustTicket(t, db, fs, actor(t, db, "customer"), ticketInput())
	if _, err := AcceptTicket(ctx, db, actor(t, db, "operator"), tk.ID); err != nil {
		t.Fatal(err)
	}
	mustTicket(t, db, fs, actor(t, db, "reseller"), ticketInput())
	for _, user := range []string{"customer", "provider", "distributor", "reseller", "operator"} {
		a := actor(t, db, user)
		l, err := ListTickets(ctx, db, a, TicketFilter{})
		if err != nil {
			t.Fatal(err)
		}
		q, _, _ := ticketScope(ctx, db, a)
		var rows []struct {
			Status string
			N      int64
		}
		q.Select("status, COUNT(*) AS n").Group("status").Scan(&rows)
		want := map[string]int64{}
		for _, r := range rows {
			want[r.Status] = r.N
		}
		for _, s := range TicketStatuses {
			if l.Counts[s] != want[s] {
				t.Errorf("%s %s: counted %d, there are %d", user, s, l.Counts[s], want[s])
			}
		}
	}
}
