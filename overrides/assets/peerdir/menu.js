/* The theme's menu button is a <label>: no key reaches it. Made a button for the keyboard (Enter,
   Space; Escape closes), since the closed menu is out of the tab order. The theme's own Enter on a
   focused label is stopped here, or the menu would open and close at once. A file the pages share
   (cached once) rather than a script in each; listing pages have no menu and return at once. */
(function () {
  var menu = document.querySelector('label.md-header__button[for="__drawer"]'), drawer = document.getElementById("__drawer");
  if (!menu || !drawer) return;
  menu.setAttribute("role", "button"); menu.setAttribute("tabindex", "0"); menu.setAttribute("aria-label", "Menu");
  function said() { menu.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); }
  said(); drawer.addEventListener("change", said);
  menu.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); e.stopPropagation(); drawer.click(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && drawer.checked) { drawer.click(); menu.focus(); }
  });
})();
