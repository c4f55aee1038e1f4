// Apply the remembered font size before the first paint, so the text never jumps.
// A file rather than an inline script: the Content-Security-Policy allows no inline code.
try {
  var f = localStorage.getItem("gongkai-font");
  if (f) document.documentElement.setAttribute("data-font", f);
} catch (e) {}
