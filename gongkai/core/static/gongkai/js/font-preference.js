// Apply the remembered font size and 长者模式 switches before the first paint, so the page
// never jumps or flashes. A file rather than an inline script: the Content-Security-Policy
// allows no inline code. site.js keeps the list of modes in step (ELDER_MODES).
try {
  var f = localStorage.getItem("gongkai-font");
  if (f) document.documentElement.setAttribute("data-font", f);
  var elderModes = ["large", "xlarge", "contrast", "gray", "cursor", "guide", "simple"];
  for (var i = 0; i < elderModes.length; i++) {
    if (localStorage.getItem("gongkai-elder-" + elderModes[i]) === "on") {
      document.documentElement.setAttribute("data-elder-" + elderModes[i], "on");
    }
  }
} catch (e) {}
