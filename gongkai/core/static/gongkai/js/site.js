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

  // 长者模式 / 无障碍 (工信部《互联网网站适老化通用设计规范》, GB/T 37668-2019): each switch is
  // an attribute on <html> that site.css styles, remembered in this browser; font-preference.js
  // applies them before the first paint. Written here rather than taken from an overlay
  // library: those load from outside services, which a government portal must not do.
  var ELDER_MODES = ["large", "xlarge", "contrast", "gray", "cursor", "guide", "simple"];
  // Switches that exclude each other: one text size, one colour theme.
  var ELDER_EXCLUSIVE = { large: "xlarge", xlarge: "large", contrast: "gray", gray: "contrast" };

  function elderOn(name) {
    return document.documentElement.getAttribute("data-elder-" + name) === "on";
  }

  function setElder(name, on) {
    var root = document.documentElement;
    if (on) { root.setAttribute("data-elder-" + name, "on"); } else { root.removeAttribute("data-elder-" + name); }
    try { localStorage.setItem("gongkai-elder-" + name, on ? "on" : "off"); } catch (e) { /* not remembered */ }
    var button = document.querySelector('[data-elder-toolbar] button[data-elder="' + name + '"]');
    if (button) { button.setAttribute("aria-pressed", String(on)); }
    if (name === "guide") { ReadingGuide.show(on); }
  }

  // 阅读指引线: a band across the page that follows the pointer; for keyboard users it
  // follows the focused element, and Alt+↑/Alt+↓ move it one line.
  var ReadingGuide = {
    el: null,
    y: 0,
    show: function (on) {
      if (!this.el) {
        this.el = document.createElement("div");
        this.el.className = "reading-guide";
        this.el.setAttribute("aria-hidden", "true");
        document.body.appendChild(this.el);
      }
      this.el.hidden = !on;
      if (on && !this.y) {
        var focused = document.activeElement;
        this.moveTo(focused && focused !== document.body ? this.centreOf(focused) : window.innerHeight / 3);
      }
    },
    centreOf: function (element) {
      var rect = element.getBoundingClientRect();
      return rect.top + rect.height / 2;
    },
    moveTo: function (y) {
      this.y = Math.max(0, Math.min(window.innerHeight, y));
      if (this.el) { this.el.style.top = this.y + "px"; }
    },
    init: function () {
      var guide = this;
      document.addEventListener("pointermove", function (event) {
        if (elderOn("guide")) { guide.moveTo(event.clientY); }
      });
      document.addEventListener("focusin", function (event) {
        if (elderOn("guide")) { guide.moveTo(guide.centreOf(event.target)); }
      });
      document.addEventListener("keydown", function (event) {
        if (!elderOn("guide") || !event.altKey || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) { return; }
        var line = parseFloat(getComputedStyle(document.body).lineHeight) || 28;
        guide.moveTo(guide.y + (event.key === "ArrowDown" ? line : -line));
        event.preventDefault();
      });
      if (elderOn("guide")) { this.show(true); }
    }
  };

  // 语音朗读: the article body (or the main content on other pages) read by the browser's
  // own speech synthesis, sentence by sentence: some engines stop a long utterance midway.
  var Speech = {
    button: null,
    sentences: function () {
      var body = document.querySelector(".article-body");
      var heading = body && document.querySelector("main h1");
      var text = (heading ? heading.textContent + "。\n" : "") + (body || document.getElementById("main")).innerText;
      return (text.match(/[^。！？!?；;\n]+[。！？!?；;]?/g) || []).map(function (part) {
        return part.trim();
      }).filter(Boolean);
    },
    stop: function () {
      window.speechSynthesis.cancel();
      this.button.setAttribute("aria-pressed", "false");
    },
    start: function () {
      var speech = this;
      var parts = this.sentences();
      window.speechSynthesis.cancel();
      this.button.setAttribute("aria-pressed", "true");
      parts.forEach(function (part, index) {
        var utterance = new window.SpeechSynthesisUtterance(part);
        utterance.lang = "zh-CN";
        if (index === parts.length - 1) {
          utterance.onend = function () { speech.button.setAttribute("aria-pressed", "false"); };
        }
        utterance.onerror = function () { speech.button.setAttribute("aria-pressed", "false"); };
        window.speechSynthesis.speak(utterance);
      });
    },
    init: function (toolbar) {
      this.button = toolbar.querySelector("button[data-elder-speak]");
      // Without the API the button would do nothing: leave it hidden.
      if (!this.button || !window.speechSynthesis || !window.SpeechSynthesisUtterance) { return; }
      this.button.hidden = false;
      var speech = this;
      this.button.addEventListener("click", function () {
        if (speech.button.getAttribute("aria-pressed") === "true") { speech.stop(); } else { speech.start(); }
      });
      window.addEventListener("pagehide", function () { window.speechSynthesis.cancel(); });
    }
  };

  function initElderToolbar() {
    var toolbar = document.querySelector("[data-elder-toolbar]");
    if (!toolbar) { return; }
    ELDER_MODES.forEach(function (name) {
      var button = toolbar.querySelector('button[data-elder="' + name + '"]');
      if (button) { button.setAttribute("aria-pressed", String(elderOn(name))); }
    });
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button[data-elder]");
      if (button) {
        var name = button.getAttribute("data-elder");
        var on = !elderOn(name);
        if (on && ELDER_EXCLUSIVE[name]) { setElder(ELDER_EXCLUSIVE[name], false); }
        setElder(name, on);
        return;
      }
      if (event.target.closest && event.target.closest("button[data-elder-reset]")) {
        ELDER_MODES.forEach(function (name) { setElder(name, false); });
      }
    });
    // Phones: the tools fold behind one button so the page starts near the top.
    var fold = toolbar.querySelector("button[data-elder-toggle]");
    fold.addEventListener("click", function () {
      fold.setAttribute("aria-expanded", String(fold.getAttribute("aria-expanded") !== "true"));
    });
    ReadingGuide.init();
    Speech.init(toolbar);
  }

  document.addEventListener("DOMContentLoaded", function () {
    initElderToolbar();
    initFontSwitch();
    initHits();
    initItemTools();
  });
}());
