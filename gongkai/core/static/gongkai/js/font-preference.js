// Apply the remembered font size before the first paint, so the text never jumps.
// A file rather than an inline script: the Content-Security-Policy allows no inline code.
// The same for the 长者模式 switches (大字, 高对比度) of the header toolbar (site.js).
try {
  var f = localStorage.getItem("gongkai-font");
  if (f) document.documentElement.setAttribute("data-font", f);
  if (localStorage.getItem("gongkai-elder-large") === "on") document.documentElement.setAttribute("data-elder-large", "on");
  if (localStorage.getItem("gongkai-elder-contrast") === "on") document.documentElement.setAttribute("data-elder-contrast", "on");
} catch (e) {}
