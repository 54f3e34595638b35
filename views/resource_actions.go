package views

import (
	"strconv"

	"partnerhub/models"
)

// The actions of a resource's page (renew, auto-renew, unsubscribe): their forms as typed, and
// the words of a resource's auto-renewal.

// RenewForm is the renewal form: a period of months or years, and whether the renewal is paid
// at once from the balance.
type RenewForm struct {
	PeriodType, PeriodNum string
	AutoPay               bool
	Err                   string
}

// AutoRenewForm sets the auto-renewal: the period of each renewal and how many (0: until cancelled).
type AutoRenewForm struct {
	PeriodType, Times string
	Err               string
}

// UnsubscribeForm is the unsubscribe form: what is unsubscribed and why.
type UnsubscribeForm struct {
	Type, ReasonType, Reason string
	Err                      string
}

// ResourceActions is what a resource's page offers the user to do with it.
type ResourceActions struct {
	Offered     bool // the user may act here and the resource's state allows it
	Renew       RenewForm
	AutoRenew   AutoRenewForm
	Unsubscribe UnsubscribeForm
	Open        *models.Order // an order of the resource not yet settled: renewing and unsubscribing wait for it
	OpenHref    string        // its page ("" if the user may not open it)
}

// ReasonTypes are the unsubscribe reasons a customer chooses from (unsubscribe_reason_type).
var ReasonTypes = []string{"1", "2", "3", "4", "5"}

// PeriodLabel is a period in words: "2 个月", "1 年".
func PeriodLabel(lang string, periodType, n int) string {
	if periodType == models.PeriodYear {
		return T(lang, "inquiry.years", n)
	}
	return T(lang, "inquiry.months", n)
}

// AutoRenewLabel is a resource's auto-renewal setting in words.
func AutoRenewLabel(lang string, r *models.Resource) string {
	if r.ExpirePolicy != models.ExpireAutoRenew {
		return T(lang, "resact.auto_off")
	}
	period := PeriodLabel(lang, int(r.AutoRenewPeriod), 1)
	if r.AutoRenewTimes == 0 {
		return T(lang, "resact.auto_until", period)
	}
	return T(lang, "resact.auto_times", period, r.AutoRenewTimes, r.AutoRenewCount)
}

// periodTypeValue is the form value of a resource's auto-renewal period ("2" month by default).
func periodTypeValue(r *models.Resource) string {
	if r.AutoRenewPeriod == models.PeriodYear {
		return strconv.Itoa(models.PeriodYear)
	}
	return strconv.Itoa(models.PeriodMonth)
}
