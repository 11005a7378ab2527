// The panel works without this script; it only shows the print button,
// since printing is a browser feature a link cannot reach.
document.querySelectorAll("button.print").forEach(function (b) {
  b.hidden = false;
  b.addEventListener("click", function () { window.print(); });
});
