package handlers

import (
	"errors"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
	"partnerhub/views"
)

// Join holds the pages invitation links open (to become a partner's member, or a master
// distributor's reseller) and the customer's application to join the partner network.
type Join struct{ *base }

// signInForm reads the chosen sign-in from the form: the form as it shows again, and the input as
// typed, whose texts the models check.
func signInForm(c echo.Context) (views.NewSignInForm, models.NewSignIn) {
	f := views.NewSignInForm{Errs: map[string]string{}}
	f.Username = formText(c.FormValue("username"), 64)
	f.DisplayName = formText(c.FormValue("display_name"), 64)
	f.Company = formText(c.FormValue("company"), 128)
	f.Mobile = formText(c.FormValue("mobile"), 20)
	return f, models.NewSignIn{Username: c.FormValue("username"), DisplayName: c.FormValue("display_name"), Password: c.FormValue("password")}
}

// fieldOf is the form field a refusal belongs to, or "" for the form as a whole.
func fieldOf(err error) string {
	if k := fieldOfErr(err); k != "" {
		return k
	}
	switch {
	case errors.Is(err, models.ErrInvalidAccountName), errors.Is(err, models.ErrUsernameTaken):
		return "username"
	case errors.Is(err, models.ErrWeakPassword):
		return "password"
	case errors.Is(err, models.ErrInvalidMobile):
		return "mobile"
	case errors.Is(err, models.ErrCompanyRequired), errors.Is(err, models.ErrCompanyTooLong), errors.Is(err, models.ErrInvalidInput):
		return "company"
	}
	return ""
}

// refuse puts a refusal on the form: by the field it belongs to, if the page has that field, or
// else on the form as a whole.
func refuse(c echo.Context, f *views.NewSignInForm, err error, fields ...string) {
	var fes models.FieldErrors
	if errors.As(err, &fes) { // every field's refusal at once
		for _, fe := range fes {
			refuse(c, f, fe, fields...)
		}
		return
	}
	if k := fieldOf(err); k != "" && slices.Contains(fields, k) {
		f.Errs[k] = msg(c, err)
		return
	}
	f.Err = msg(c, err)
}

// signInFields are the fields of signInFields in views/join.templ.
var signInFields = []string{"username", "display_name", "password"}

// Member shows a member invitation, or why whoever opened it cannot accept it.
func (h *Join) Member(c echo.Context) error {
	inv, err := models.MemberInvitationByToken(c.Request().Context(), h.DB, c.Param("token"))
	if err != nil {
		return err
	}
	vm := views.JoinMemberVM{Inv: inv}
	if err := models.CheckMemberInvitation(c.Request().Context(), h.DB, actor(c), inv, h.Now()); err != nil {
		vm.Block = msg(c, err)
	}
	return render(c, http.StatusOK, views.JoinMemberPage(h.page(c, "join.member_title", ""), vm))
}

// AcceptMember makes the invitee a member; a new member is signed in at once.
func (h *Join) AcceptMember(c echo.Context) error {
	ctx := c.Request().Context()
	inv, err := models.MemberInvitationByToken(ctx, h.DB, c.Param("token"))
	if err != nil {
		return err
	}
	form, in := signInForm(c)
	u, err := models.AcceptMemberInvitation(ctx, h.DB, actor(c), c.Param("token"), in, h.Now())
	if err != nil {
		if !refusal(err) {
			return err
		}
		// as the GET does: a link that cannot be accepted here shows why, not a form that cannot succeed
		var lerr error
		if inv, lerr = models.MemberInvitationByToken(ctx, h.DB, c.Param("token")); lerr != nil {
			return lerr
		}
		vm := views.JoinMemberVM{Inv: inv, Form: form}
		if block := models.CheckMemberInvitation(ctx, h.DB, actor(c), inv, h.Now()); block != nil {
			vm.Block = msg(c, block)
		} else {
			refuse(c, &vm.Form, err, signInFields...)
		}
		return render(c, http.StatusUnprocessableEntity, views.JoinMemberPage(h.page(c, "join.member_title", ""), vm))
	}
	if err := models.RecordSignIn(ctx, h.DB, u, actor(c), h.Now()); err != nil {
		return err
	}
	if err := h.signIn(c, u); err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "join.member_done", inv.Partner.Name), "/")
}

// Reseller shows a reseller invitation.
func (h *Join) Reseller(c echo.Context) error {
	inv, err := models.ResellerInvitationByToken(c.Request().Context(), h.DB, c.Param("token"))
	if err != nil {
		return err
	}
	vm := views.JoinResellerVM{Inv: inv, Form: views.NewSignInForm{Company: inv.CompanyName}}
	if err := models.CheckResellerInvitation(actor(c), inv, h.Now()); err != nil {
		vm.Block = msg(c, err)
	}
	return render(c, http.StatusOK, views.JoinResellerPage(h.page(c, "join.reseller_title", ""), vm))
}

// AcceptReseller creates the reseller and its admin, and signs the admin in.
func (h *Join) AcceptReseller(c echo.Context) error {
	ctx := c.Request().Context()
	inv, err := models.ResellerInvitationByToken(ctx, h.DB, c.Param("token"))
	if err != nil {
		return err
	}
	form, in := signInForm(c)
	p, err := models.AcceptResellerInvitation(ctx, h.DB, actor(c), c.Param("token"),
		models.NewReseller{CompanyName: c.FormValue("company"), Mobile: c.FormValue("mobile"), Admin: in}, h.Now())
	if err != nil {
		if !refusal(err) {
			return err
		}
		// as the GET does: a link that cannot be accepted here shows why, not a form that cannot succeed
		var lerr error
		if inv, lerr = models.ResellerInvitationByToken(ctx, h.DB, c.Param("token")); lerr != nil {
			return lerr
		}
		vm := views.JoinResellerVM{Inv: inv, Form: form}
		if block := models.CheckResellerInvitation(actor(c), inv, h.Now()); block != nil {
			vm.Block = msg(c, block)
		} else {
			refuse(c, &vm.Form, err, append([]string{"company", "mobile"}, signInFields...)...)
		}
		return render(c, http.StatusUnprocessableEntity, views.JoinResellerPage(h.page(c, "join.reseller_title", ""), vm))
	}
	u, err := models.SignIn(ctx, h.DB, in.Username, in.Password, actor(c), h.Now())
	if err != nil {
		return err
	}
	if err := h.signIn(c, u); err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "join.reseller_done", p.Name), "/")
}

// Apply is the customer's page to join the partner network.
func (h *Join) Apply(c echo.Context) error { return h.renderApply(c, http.StatusOK, views.ApplyVM{}) }

// renderApply shows the page with the form as vm holds it (what was typed, its errors).
func (h *Join) renderApply(c echo.Context, status int, vm views.ApplyVM) error {
	ctx, a := c.Request().Context(), actor(c)
	cust, err := models.CustomerForUser(ctx, h.DB, a)
	if err != nil {
		return err
	}
	latest, err := models.LatestApplication(ctx, h.DB, a)
	if err != nil {
		return err
	}
	vm.Customer, vm.Latest = cust, latest
	if err := models.MayApply(cust); err != nil {
		vm.Block = msg(c, err)
	} else if latest != nil && latest.Status == models.ApplicationPending {
		vm.Pending = true // the status above says it is under review; not an error to show each visit
	}
	p := h.page(c, "apply.title", "nav.portal", views.Crumb{Key: "nav.portal", Href: views.PathPortal}, views.Crumb{Key: "apply.title"})
	return render(c, status, views.ApplyPage(p, vm))
}

// SubmitApplication files the application.
func (h *Join) SubmitApplication(c echo.Context) error {
	in := models.ApplicationInput{Contact: c.FormValue("contact"), Intro: c.FormValue("intro")} // the models check the texts
	vm := views.ApplyVM{Contact: formText(in.Contact, models.MaxContactLen), Intro: formText(in.Intro, 1000), Errs: map[string]string{}}
	_, err := models.ApplyToJoin(c.Request().Context(), h.DB, actor(c), in, h.Now())
	if refusal(err) {
		if k := fieldOfErr(err); k == "contact" || k == "intro" {
			vm.Errs[k] = msg(c, err)
		} else if errors.Is(err, models.ErrContactRequired) {
			vm.Errs["contact"] = msg(c, err)
		} else {
			vm.Err = msg(c, err)
		}
		return h.renderApply(c, http.StatusUnprocessableEntity, vm)
	}
	if err != nil {
		return err
	}
	return flashAndBack(c, "success", views.T(langOf(c), "apply.sent"), "/customer/join")
}
