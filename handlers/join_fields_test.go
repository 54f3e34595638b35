package handlers

import (
	"net/http"
	"net/url"
	"testing"

	"partnerhub/models"
)

// The join forms say every field's error at once, not the first one per try.
func TestJoinFormsSayEveryField(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ctx := t.Context()
	dist := models.ActorOf(userByName(t, app, "distributor"), "t")
	rinv, err := models.InviteReseller(ctx, app.DB, dist, "", "", app.now())
	if err != nil {
		t.Fatal(err)
	}
	path := "/join/resellers/" + rinv.Token
	bad := url.Values{"company": {" "}, "mobile": {"12"}, "username": {"x"}, "password": {"short"}, "display_name": {"李"}}
	r := app.client(t).post(path, path, bad)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("reseller join: %d", r.Status)
	}
	for _, field := range []string{"company", "mobile", "username", "password"} {
		if r.text(`[data-testid="error-`+field+`"]`) == "" {
			t.Errorf("reseller join: no error on %s", field)
		}
	}
	if v, _ := r.Doc.Find(`#f-mobile`).Attr("value"); v != "12" {
		t.Errorf("the mobile typed is not kept: %q", v)
	}

	admin := models.ActorOf(userByName(t, app, "provider"), "t")
	minv, err := models.InviteMember(ctx, app.DB, admin, models.MemberInviteInput{By: models.InviteByEmail, Target: "all.at.once@example.com", Roles: models.Roles(models.RoleSales)}, app.now())
	if err != nil {
		t.Fatal(err)
	}
	path = "/join/members/" + minv.Token
	r = app.client(t).post(path, path, bad)
	if r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="error-username"]`) == "" || r.text(`[data-testid="error-password"]`) == "" {
		t.Errorf("member join: %d, username %q, password %q", r.Status, r.text(`[data-testid="error-username"]`), r.text(`[data-testid="error-password"]`))
	}
}
