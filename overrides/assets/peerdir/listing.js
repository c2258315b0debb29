/* Listing pages' palette, in place of the theme's script (which they do not load: see
   overrides/listing.html). Loaded at the top of <body>, so the stored choice is applied before the
   page is drawn. The choice is kept as the theme keeps it (localStorage "<site path>.__palette",
   {index, color}), so it follows the visitor between listing pages and the theme's pages. */
(function () {
  var root = new URL("../..", document.currentScript.src).pathname;  // this file is assets/peerdir/
  var KEY = root + ".__palette", FIELDS = ["media", "scheme", "primary", "accent"];

  function stored() {
    try { return JSON.parse(localStorage.getItem(KEY)); } catch (e) { return null; }
  }
  function store(palette) {
    try { localStorage.setItem(KEY, JSON.stringify(palette)); } catch (e) { /* private mode: not kept */ }
  }
  function paint(color) {
    for (var key in color) document.body.setAttribute("data-md-color-" + key, color[key]);
  }

  var saved = stored();
  if (saved && saved.color) paint(saved.color);

  document.addEventListener("DOMContentLoaded", function () {
    var inputs = Array.prototype.slice.call(document.querySelectorAll('[data-md-component="palette"] input'));
    if (!inputs.length) return;
    function choose(index) {
      var input = inputs[index], color = {};
      FIELDS.forEach(function (field) { color[field] = input.getAttribute("data-md-color-" + field); });
      input.checked = true;
      paint(color);
      inputs.forEach(function (other, i) {  // the toggle shown is the label after the chosen option
        var label = other.nextElementSibling;
        if (label && label.tagName === "LABEL") label.hidden = i !== index;
      });
      store({ index: index, color: color });
    }
    var index = saved && inputs[saved.index] ? saved.index : inputs.findIndex(function (input) {
      return matchMedia(input.getAttribute("data-md-color-media")).matches;
    });
    choose(index < 0 ? 0 : index);
    inputs.forEach(function (input, i) { input.addEventListener("change", function () { choose(i); }); });
  });
})();
