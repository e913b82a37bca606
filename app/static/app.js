// Progressive enhancement only: every page works without this file.
"use strict";
(function () {
  // "Copy citation": the citation text is on the page; the button copies it (or selects it).
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      var done = function () { button.textContent = button.dataset.done; };
      copy(text, done, function () { selectText(source); });
    });
  });
  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function copy(text, done, failed) {
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, failed);
    else failed();
  }
  // "Share" on a referral sheet whose link is printed: the system's share sheet where there is one, else copy the link.
  document.querySelectorAll("button[data-share]").forEach(function (button) {
    var link = button.closest(".online").querySelector("a");
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.dataset.share;
      var done = function () { button.textContent = button.dataset.done; };
      var fallback = function () { copy(url, done, function () { if (link) selectText(link); }); };
      if (navigator.share) navigator.share({ url: url }).catch(function (error) { if (error.name !== "AbortError") fallback(); });
      else fallback();
    });
  });
  // "Print" on the referral sheet.
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // Following a link to a provision moves the keyboard focus there too, not only the scroll position.
  function focusTarget() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.classList.contains("provision")) {
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
  }
  window.addEventListener("hashchange", focusTarget);
  focusTarget();
})();
