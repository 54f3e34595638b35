package views

import (
	"net/url"
	"strconv"

	"partnerhub/models"
)

// TicketArea is where a ticket page is shown: the customer portal, the partner's support area or
// the operator's desk. Its prefix makes every link of the pages.
type TicketArea struct {
	Prefix    string // /customer/tickets, /support/tickets, /ops/tickets
	CanCreate bool
	Partner   bool // the partner's form: on behalf of a customer
	Desk      bool // the operator's queue
}

// TicketListVM is a list of tickets with its status tabs and search.
type TicketListVM struct {
	Area   TicketArea
	List   *models.TicketList
	Status string
	Search string
	Page   int
}

// TabHref is the list's URL for another status (the search kept).
func (vm TicketListVM) TabHref(status string) string {
	q := url.Values{}
	if status != "" {
		q.Set("status", status)
	}
	if vm.Search != "" {
		q.Set("q", vm.Search)
	}
	return vm.Area.Prefix + "?" + q.Encode()
}

// PageHref is the list's URL for page n.
func (vm TicketListVM) PageHref(n int) string {
	return vm.TabHref(vm.Status) + "&page=" + strconv.Itoa(n)
}

// Total is the count of all the actor's tickets, for the "all" tab.
func (vm TicketListVM) Total() int64 {
	var n int64
	for _, c := range vm.List.Counts {
		n += c
	}
	return n
}

// TicketForm is the new ticket's form as typed, with each field's error.
type TicketForm struct {
	Customer, Category, ProblemType, Region, Severity string
	Title, Description, Mobile, Email, CC             string
	Errors                                            map[string]string // by field name
	Err                                               string            // a refusal of no one field
}

// TicketFormVM is the new ticket page.
type TicketFormVM struct {
	Area        TicketArea
	Form        TicketForm
	MaxSeverity int
}

// TicketDetailVM is a ticket's page.
type TicketDetailVM struct {
	Area      TicketArea
	D         *models.TicketDetail
	Reply     string
	ReplyErr  string
	RatingErr string
	ActionErr string
}

// SeverityName is a severity in lang.
func SeverityName(lang string, s int) string {
	if s < 1 || s > len(models.TicketSeverities) {
		return "—"
	}
	return OptionName(lang, models.TicketSeverities[s-1])
}

// OptionName is a catalog option in lang.
func OptionName(lang string, o models.TicketOption) string {
	if lang == EN {
		return o.EN
	}
	return o.ZH
}

// OptionOf names the option id of a list in lang ("—" when unknown).
func OptionOf(lang string, list []models.TicketOption, id string) string {
	for _, o := range list {
		if o.ID == id {
			return OptionName(lang, o)
		}
	}
	return "—"
}

// StatusBadge is the badge kind of a ticket status.
func StatusBadge(status string) string {
	switch status {
	case models.TicketPending:
		return "warn"
	case models.TicketProcessing:
		return "info"
	case models.TicketResolved:
		return "ok"
	}
	return "muted"
}

// FileSize shows a size in KB or MB.
func FileSize(n int64) string {
	if n < 1<<20 {
		return strconv.FormatInt((n+1023)/1024, 10) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}
