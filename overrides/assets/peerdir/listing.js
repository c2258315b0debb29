/* Listing pages' palette, in place of the theme's script (which they do not load: see
   overrides/listing.html). Loaded at the top of <body>, so the stored choice is applied before the
   page is drawn. The choice is kept as the theme keeps it (localStorage "<site path>.__palette",
   {index, color}), so it follows the visitor between listing pages and the theme's pages.
   The toggle itself is drawn here, as the theme's partials/palette.html writes it (the same inputs,
   labels and icons), from PALETTE: the build puts mkdocs.yml's palette there, with each toggle's
   name in each language (peerdir.site.frame.listing_script). Without a script it would do
   nothing, so the tens of thousands of listing pages do not carry it.
   A listing's "Edit this listing on GitHub" link is drawn here too, after its correction link, from
   that link's form (its `listing` names the file): EDIT holds the branch and the link's words in
   each language. GitHub's editor needs a script too, so a page without one loses nothing.
   And a meeting's Apple Maps and Google Maps directions, after the OpenStreetMap link the page
   carries (which works in any browser, with or without a script), to the same place. */
(function () {
  var PALETTE = null /* PALETTE */, EDIT = null /* EDIT */;
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

  /* The theme's toggle: a radio input per option, each followed by the label that switches to the
     next one (shown while its input is chosen); after the site's name (the header's link home). */
  function draw() {
    var title = document.querySelector(".pd-head > :first-child");
    var options = PALETTE && PALETTE.options;
    if (!title || !options || !options.length) return null;
    var names = PALETTE.names[document.documentElement.lang] || PALETTE.names[PALETTE.first] || [];
    var form = document.createElement("form");
    form.className = "md-header__option";
    form.setAttribute("data-md-component", "palette");
    options.forEach(function (option, i) {
      var input = document.createElement("input"), name = names[i];
      input.className = "md-option";
      FIELDS.forEach(function (field) { input.setAttribute("data-md-color-" + field, option[field]); });
      if (name) input.setAttribute("aria-label", name); else input.setAttribute("aria-hidden", "true");
      input.type = "radio";
      input.name = "__palette";
      input.id = "__palette_" + i;
      form.appendChild(input);
      if (!name) return;
      var label = document.createElement("label");
      label.className = "md-header__button md-icon";
      label.title = name;
      label.htmlFor = "__palette_" + (i + 1) % options.length;
      label.hidden = true;
      label.innerHTML = option.icon;  // the theme's own icon file, read by the build
      form.appendChild(label);
    });
    title.parentNode.insertBefore(form, title.nextSibling);
    return form;
  }

  /* ".../issues/new?template=…&listing=data/meetings/x/y.yaml" -> ".../edit/<branch>/data/meetings/x/y.yaml" */
  function drawEdit() {
    var correct = document.querySelector("a.pd-correct");
    if (!correct || !EDIT) return;
    var url = new URL(correct.href), file = url.searchParams.get("listing") || "";
    if (!/^(?!\/|.*\.\.)[^?#:]+\.ya?ml$/.test(file) || !/\/issues\/new$/.test(url.pathname)) return;
    var edit = document.createElement("a");
    edit.className = "pd-edit";
    edit.rel = "nofollow";
    edit.href = url.origin + url.pathname.replace(/issues\/new$/, "edit/") + encodeURI(EDIT.branch + "/" + file);
    edit.textContent = EDIT.names[document.documentElement.lang] || EDIT.names[PALETTE && PALETTE.first] || "";
    correct.parentNode.insertBefore(edit, correct.nextSibling);
    correct.parentNode.insertBefore(document.createTextNode(" "), edit);
  }

  /* OpenStreetMap's "?mlat=Y&mlon=X&zoom=17" or "search?query=Q" -> the same place in the phone's apps,
     as peerdir.site.meeting_links.map_links writes them. */
  var APPS = [["Apple Maps", "https://maps.apple.com/?daddr="],
              ["Google Maps", "https://www.google.com/maps/dir/?api=1&destination="]];
  function drawMaps() {
    var osm = document.querySelector(".pd-directions a.pd-map");
    var found = osm && /[?&](?:mlat=([-\d.]+)&mlon=([-\d.]+)|query=([\w%+,.-]+))(?:&|$)/.exec(osm.href);
    if (!found) return;
    var place = found[3] || found[1] + "," + found[2], after = osm;
    APPS.forEach(function (app) {
      var link = document.createElement("a");
      link.className = "pd-map";
      link.href = app[1] + place;
      link.textContent = app[0];
      after.parentNode.insertBefore(link, after.nextSibling);
      after.parentNode.insertBefore(document.createTextNode(" "), link);
      after = link;
    });
  }

  var saved = stored();
  if (saved && saved.color) paint(saved.color);

  document.addEventListener("DOMContentLoaded", function () {
    drawEdit();
    drawMaps();
    var form = draw();
    if (!form) return;
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
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
