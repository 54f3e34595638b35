// Price inquiry: narrows the specs to the chosen service and the zones to the chosen region,
// shows the fields of the chosen billing mode, and refreshes the price as fields change by
// fetching the same GET form's page. Without it the form works the same, one submit at a time.
(function () {
  var form = document.getElementById("inquiry-form");
  if (!form) return;
  var result = document.getElementById("inquiry-result");
  var service = form.elements.service, spec = form.elements.spec;
  var region = form.elements.region, zone = form.elements.zone;

  function narrow(select, attr, value) {
    var keep = null;
    Array.prototype.forEach.call(select.options, function (o) {
      var ok = !o.dataset[attr] || o.dataset[attr] === value;
      o.hidden = !ok;
      o.disabled = !ok;
      if (ok && keep === null && o.dataset[attr]) keep = o;
    });
    var cur = select.options[select.selectedIndex];
    if (cur && cur.disabled && keep) keep.selected = true;
  }
  function modes() {
    var mode = form.querySelector("input[name=mode]:checked");
    form.querySelectorAll("[data-for-mode]").forEach(function (el) {
      el.hidden = mode && el.getAttribute("data-for-mode") !== mode.value;
    });
    var hint = document.getElementById("size-hint");
    var o = spec.options[spec.selectedIndex];
    if (hint && o) hint.textContent = o.dataset.size || "";
  }
  var timer = null, seq = 0;
  function refresh() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var n = ++seq;
      var query = new URLSearchParams(new FormData(form)).toString();
      fetch(form.action + "?" + query, { credentials: "same-origin" }).then(function (r) {
        return r.text();
      }).then(function (html) {
        if (n !== seq) return; // a later change answered first
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("inquiry-result");
        if (fresh) result.innerHTML = fresh.innerHTML;
        form.querySelectorAll(".field").forEach(function (f) {
          var err = f.querySelector(".field-error"), input = f.querySelector("[name]");
          var twin = input && doc.querySelector("#inquiry-form [name='" + input.name + "']");
          var freshErr = twin && twin.closest(".field").querySelector(".field-error");
          if (err) err.remove();
          f.classList.toggle("has-error", !!freshErr);
          if (freshErr) f.appendChild(freshErr);
        });
        history.replaceState(null, "", form.action + "?" + query);
      });
    }, 300);
  }
  service.addEventListener("change", function () { narrow(spec, "service", service.value); });
  region.addEventListener("change", function () { narrow(zone, "region", region.value); });
  form.addEventListener("change", function (e) {
    if (e.target.name === "cq") return; // a name search needs the page: submit
    modes();
    refresh();
  });
  form.addEventListener("input", function (e) {
    if (e.target.tagName === "INPUT" && e.target.type !== "search" && e.target.type !== "radio") refresh();
  });
  narrow(spec, "service", service.value);
  narrow(zone, "region", region.value);
  modes();
})();
