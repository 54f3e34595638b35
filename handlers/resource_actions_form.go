package handlers

import (
	"net/url"
	"strconv"

	"partnerhub/models"
	"partnerhub/views"
)

// The forms of a resource's actions, read into what the models take. A parser checks the shape
// only (a number is a number, a choice one of the choices); the ranges and every other rule are
// the models' (CheckPeriod, SetAutoRenew, Unsubscribe), which refuse in words.

// renewChoice is a renewal form, read.
type renewChoice struct {
	periodType, periodNum int
	autoPay               bool
}

// autoRenewChoice is an auto-renewal form, read.
type autoRenewChoice struct{ periodType, times int }

// unsubscribeChoice is an unsubscribe form, read.
type unsubscribeChoice struct {
	typ, reasonType int8
	reason          string
}

// parseRenew reads period_type, period_num and auto_pay; the key of what is wrong, or "".
func parseRenew(v url.Values) (renewChoice, string) {
	var ch renewChoice
	var ok bool
	if ch.periodType, ok = parsePeriodType(v.Get("period_type")); !ok {
		return renewChoice{}, "err.period_type"
	}
	if ch.periodNum, ok = smallInt(v.Get("period_num"), 99); !ok {
		return renewChoice{}, "err.period_num"
	}
	switch v.Get("auto_pay") {
	case "":
	case "1":
		ch.autoPay = true
	default:
		return renewChoice{}, "err.invalid"
	}
	return ch, ""
}

// parseAutoRenew reads period_type and times (0: until cancelled).
func parseAutoRenew(v url.Values) (autoRenewChoice, string) {
	var ch autoRenewChoice
	var ok bool
	if ch.periodType, ok = parsePeriodType(v.Get("period_type")); !ok {
		return autoRenewChoice{}, "err.period_type"
	}
	if ch.times, ok = smallInt(v.Get("times"), 999); !ok {
		return autoRenewChoice{}, "err.auto_renew_times"
	}
	return ch, ""
}

// parseUnsubscribe reads unsubscribe_type (1 or 2), reason_type (0 for none, or 1–5) and the
// reason (its length and characters are the models' to check).
func parseUnsubscribe(v url.Values) (unsubscribeChoice, string) {
	var ch unsubscribeChoice
	switch v.Get("unsubscribe_type") {
	case "1":
		ch.typ = models.UnsubscribeResource
	case "2":
		ch.typ = models.UnsubscribeRenewals
	default:
		return unsubscribeChoice{}, "err.unsubscribe_type"
	}
	if s := v.Get("reason_type"); s != "" {
		n, ok := smallInt(s, 5)
		if !ok {
			return unsubscribeChoice{}, "err.unsubscribe_reason_type"
		}
		ch.reasonType = int8(n)
	}
	ch.reason = v.Get("reason")
	return ch, ""
}

// parsePeriodType reads "2" (months) or "3" (years).
func parsePeriodType(s string) (int, bool) {
	switch s {
	case strconv.Itoa(models.PeriodMonth):
		return models.PeriodMonth, true
	case strconv.Itoa(models.PeriodYear):
		return models.PeriodYear, true
	}
	return 0, false
}

// smallInt reads a number of plain digits, 0 to max (no sign, no spaces, at most 3 digits).
func smallInt(s string, max int) (int, bool) {
	if len(s) == 0 || len(s) > 3 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, n <= max
}

// renewForm, autoRenewForm and unsubscribeForm are the forms as typed, to show again.
func renewForm(v url.Values) views.RenewForm {
	return views.RenewForm{PeriodType: formText(v.Get("period_type"), 1), PeriodNum: formText(v.Get("period_num"), 3), AutoPay: v.Get("auto_pay") == "1"}
}

func autoRenewForm(v url.Values) views.AutoRenewForm {
	return views.AutoRenewForm{PeriodType: formText(v.Get("period_type"), 1), Times: formText(v.Get("times"), 3)}
}

func unsubscribeForm(v url.Values) views.UnsubscribeForm {
	return views.UnsubscribeForm{Type: formText(v.Get("unsubscribe_type"), 1), ReasonType: formText(v.Get("reason_type"), 1),
		Reason: formText(v.Get("reason"), 512)}
}
