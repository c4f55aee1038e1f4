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

  // 长者模式 (工信部《互联网网站适老化通用设计规范》): large text and high contrast, each a
  // toggle remembered in this browser; font-preference.js applies them before the first paint.
  function initElderToolbar() {
    var toolbar = document.querySelector("[data-elder-toolbar]");
    if (!toolbar) { return; }
    var root = document.documentElement;
    var buttons = toolbar.querySelectorAll("button[data-elder]");
    for (var i = 0; i < buttons.length; i++) {
      var name = buttons[i].getAttribute("data-elder");
      buttons[i].setAttribute("aria-pressed", String(root.getAttribute("data-elder-" + name) === "on"));
    }
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button[data-elder]");
      if (!button) { return; }
      var key = "data-elder-" + button.getAttribute("data-elder");
      var on = root.getAttribute(key) !== "on";
      if (on) { root.setAttribute(key, "on"); } else { root.removeAttribute(key); }
      button.setAttribute("aria-pressed", String(on));
      try { localStorage.setItem("gongkai-elder-" + button.getAttribute("data-elder"), on ? "on" : "off"); } catch (e) { /* not remembered */ }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initElderToolbar();
    initFontSwitch();
    initHits();
    initItemTools();
  });
}());
