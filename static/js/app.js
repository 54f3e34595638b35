// Small enhancements; every page works without them.
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) { // a statement's print button (the browser's Save as PDF)
    window.print();
    return;
  }
  var copy = e.target.closest("[data-copy]");
  if (copy) {
    var src = copy.parentElement.querySelector(".copy-src");
    if (!src) return;
    src.select();
    var done = function () {
      var label = copy.textContent;
      copy.textContent = copy.getAttribute("data-copied") || label;
      setTimeout(function () { copy.textContent = label; }, 1500);
    };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(src.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
    return;
  }
});
// Destructive and money actions are confirmed on a page of their own (handlers/confirm.go), never
// with the browser's confirm().
