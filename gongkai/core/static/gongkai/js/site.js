/* gongkai public pages: font-size switch, visit counter, print and close. The page is complete
   without this script; it only adds behaviour. */
(function () {
  "use strict";
  var FONT_KEY = "gongkai-font";

  function setFont(size) {
    document.documentElement.setAttribute("data-font", size);
    try { localStorage.setItem(FONT_KEY, size); } catch (e) { /* private mode: not remembered */ }
    markPressed(size);
  }

  function markPressed(size) {
    var buttons = document.querySelectorAll(".font-switch button[data-font]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-font") === size));
    }
  }

  function initFontSwitch() {
    markPressed(document.documentElement.getAttribute("data-font") || "medium");
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(".font-switch button[data-font]");
      if (button) { setFont(button.getAttribute("data-font")); }
    });
  }

  function initHits() {
    var el = document.querySelector("[data-hits-page]");
    if (!el || !window.fetch) { return; }
    fetch("/api/hits/" + encodeURIComponent(el.getAttribute("data-hits-page")) + "/", {
      method: "POST", credentials: "omit", headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      // Show nothing rather than a wrong number when the service is down.
      if (data && typeof data.count === "number") { el.textContent = String(data.count); }
    }).catch(function () { /* counter unreachable: leave it empty */ });
  }

  // 打印 / 关闭 on item pages. window.close() only closes a window a script opened (a
  // link with target="_blank" from a list page); otherwise the reader goes back.
  function initItemTools() {
    var tools = document.querySelector("[data-item-tools]");
    if (!tools) { return; }
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button[data-action]");
      if (!button) { return; }
      if (button.getAttribute("data-action") === "print") { window.print(); return; }
      window.close();
      window.setTimeout(function () {
        if (window.closed) { return; }
        if (window.history.length > 1) { window.history.back(); } else { window.location.href = "/"; }
      }, 100);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initFontSwitch();
    initHits();
    initItemTools();
  });
}());
