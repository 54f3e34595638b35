package handlers

import (
	"net/http"
	"net/url"
	"testing"

	"partnerhub/views"
)

// The operator adds a service type, a resource type and a spec, and corrects them; a refused form
// is 422 with each field's error and the form as typed; a partner cannot open the pages.
func TestOpsProducts(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := app.client(t).login("operator")
	list := views.PathOpsProducts
	if r := op.get(list); r.Status != http.StatusOK || r.count(`[data-testid="service-row"]`) < 5 {
		t.Fatalf("products page: %d, %d services", r.Status, r.count(`[data-testid="service-row"]`))
	}
	bad := op.post(list, list, url.Values{"form": {"service"}, "code": {"SFS"}, "name_zh": {"弹性文件服务"}, "name_en": {"SFS"}})
	if bad.Status != http.StatusUnprocessableEntity || bad.count(`[data-testid="error-service-code"]`) != 1 {
		t.Fatalf("a bad code: %d", bad.Status)
	}
	if v, _ := bad.Doc.Find(`#f-service-name_zh`).Attr("value"); v != "弹性文件服务" {
		t.Errorf("the form as typed: %q", v)
	}
	r := op.post(list, list, url.Values{"form": {"service"}, "code": {"hws.service.type.sfs"}, "name_zh": {"弹性文件服务"}, "name_en": {"Scalable File Service"}, "abbreviation": {"SFS"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("add a service: %d", r.Status)
	}
	id := dbValue[int64](t, app, `SELECT id FROM service_types WHERE code = 'hws.service.type.sfs'`)
	page := views.Path(views.PathOpsService, id)
	if loc := r.Location; loc != page {
		t.Errorf("after adding, to %q", loc)
	}
	if r := op.post(page, page+"/resource-types", url.Values{"form": {"rtype"}, "code": {"hws.resource.type.sfs"}, "name_zh": {"文件系统"}, "name_en": {"File system"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("add a resource type: %d", r.Status)
	}
	spec := url.Values{"form": {"spec"}, "parent": {"hws.resource.type.sfs"}, "code": {"sfs.capacity"}, "name_zh": {"容量型"}, "name_en": {"Capacity"},
		"period": {"1"}, "linear": {"1"}, "size_min": {"100"}, "size_max": {"ten"}, "size_step": {"100"}, "size_measure_id": {"17"}}
	if r := op.post(page, page+"/specs", spec); r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-spec-size_max"]`) != 1 {
		t.Errorf("a size that is not a number: %d", r.Status)
	}
	spec.Set("size_max", "1000")
	spec.Del("period")
	if r := op.post(page, page+"/specs", spec); r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="error-modes"]`) != 1 {
		t.Errorf("a spec sold in no mode: %d", r.Status)
	}
	spec.Set("period", "1")
	if r := op.post(page, page+"/specs", spec); r.Status != http.StatusSeeOther {
		t.Fatalf("add a spec: %d", r.Status)
	}
	if r := op.get(page); r.count(`[data-testid="spec-row"]`) != 1 || r.count(`[data-testid="rtype"]`) != 1 {
		t.Errorf("the service's page: %d specs", r.count(`[data-testid="spec-row"]`))
	}
	sid := dbValue[int64](t, app, `SELECT id FROM resource_specs WHERE code = 'sfs.capacity'`)
	specPage := views.Path(views.PathOpsSpec, sid)
	if r := op.post(specPage, specPage, url.Values{"form": {"edit"}, "name_zh": {"容量型"}, "name_en": {"Capacity SFS"}, "period": {"1"}}); r.Status != http.StatusSeeOther {
		t.Errorf("edit the spec: %d", r.Status)
	}
	if r := op.get(specPage); r.Status != http.StatusOK || r.count(`input[value="Capacity SFS"]`) != 1 {
		t.Errorf("the spec's page: %d", r.Status)
	}
	if r := op.post(page, page, url.Values{"form": {"edit"}, "name_zh": {"弹性文件服务"}, "name_en": {"SFS"}, "marketplace": {"1"}}); r.Status != http.StatusSeeOther {
		t.Errorf("edit the service: %d", r.Status)
	}
	if !dbValue[bool](t, app, `SELECT marketplace FROM service_types WHERE id = ?`, id) {
		t.Error("the service is not a marketplace product")
	}
	if r := op.get(views.Path(views.PathOpsService, 999999)); r.Status != http.StatusNotFound {
		t.Errorf("an unknown service: %d", r.Status)
	}
	if r := app.client(t).login("provider").get(list); r.Status == http.StatusOK {
		t.Errorf("a partner opens the products page")
	}
}

func TestParseProductForm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		form url.Values
		errs []string
	}{
		{"not linear: sizes ignored", url.Values{"size_min": {"x"}}, nil},
		{"linear, all numbers", url.Values{"linear": {"1"}, "size_min": {"1"}, "size_max": {"2"}, "size_step": {"1"}, "size_measure_id": {"17"}}, nil},
		{"linear, words", url.Values{"linear": {"1"}, "size_min": {"a"}, "size_max": {"-2"}, "size_step": {"1.5"}, "size_measure_id": {""}},
			[]string{"size_min", "size_max", "size_step", "size_measure_id"}},
		{"linear, too many digits", url.Values{"linear": {"1"}, "size_min": {"12345678901234"}, "size_max": {"2"}, "size_step": {"1"}, "size_measure_id": {"17"}}, []string{"size_min"}},
	} {
		_, errs := parseProductForm(tc.form)
		if len(errs) != len(tc.errs) {
			t.Errorf("%s: %v", tc.name, errs)
		}
		for _, f := range tc.errs {
			if errs[f] == "" {
				t.Errorf("%s: no error on %s", tc.name, f)
			}
		}
	}
}

func FuzzParseProductForm(f *testing.F) {
	f.Add("1", "10", "100", "1", "17")
	f.Add("1", "", "x", "-1", "99999999999999999999")
	f.Fuzz(func(t *testing.T, linear, lo, hi, step, unit string) {
		form, errs := parseProductForm(url.Values{"linear": {linear}, "size_min": {lo}, "size_max": {hi}, "size_step": {step}, "size_measure_id": {unit}})
		in := specInput(form)
		if len(errs) == 0 && form.Linear && (in.SizeMin < 0 || in.SizeMax < 0 || in.SizeStep < 0) {
			t.Errorf("accepted negative sizes %+v", in)
		}
	})
}
