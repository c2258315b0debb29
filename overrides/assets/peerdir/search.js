/* peerdir search page: Pagefind's own JS API (pagefind/pagefind.js, served from this site) with a
 * small accessible UI. The query lives in ?q= (the home page form submits there), results come in
 * pages of ten, each showing what kind of listing it is. Nothing is stored or sent elsewhere: the
 * index is static files that the browser fetches in small chunks from this site.
 */
(function () {
  "use strict";

  var PAGE = 10;
  var KINDS = [["Meeting", "Meetings"], ["Sober home", "Sober homes"], ["Online community", "Online communities"],
    ["Article", "Articles"]];
  var script = document.currentScript || document.querySelector('script[src*="assets/peerdir/search.js"]');
  var root = new URL("../../", script.src);

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) if (attrs[k] != null) el.setAttribute(k, attrs[k]);
    (children || []).forEach(function (c) {
      if (c != null) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return el;
  }

  /* Pagefind's excerpt is HTML with <mark> around matches: keep the text and the marks, nothing else. */
  function excerpt(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = h("p", { "class": "pd-result-excerpt" });
    (function copy(node, into) {
      Array.prototype.forEach.call(node.childNodes, function (child) {
        if (child.nodeType === 3) into.appendChild(document.createTextNode(child.nodeValue));
        else if (child.nodeType === 1) {
          var target = child.nodeName === "MARK" ? into.appendChild(document.createElement("mark")) : into;
          copy(child, target);
        }
      });
    })(doc.body.firstChild || doc.body, out);
    return out;
  }

  function start() {
    var form = document.getElementById("pd-search-form");
    var input = document.getElementById("pd-search-q");
    var status = document.getElementById("pd-search-status");
    var list = document.getElementById("pd-search-results");
    if (!form || !input || !status || !list) return;
    var more = h("button", { type: "button", "class": "pd-button pd-search-more", hidden: "" }, ["Show more results"]);
    list.parentNode.insertBefore(more, list.nextSibling);

    var kinds = [];
    var kindBox = h("fieldset", { "class": "pd-fieldset pd-search-kinds" }, [h("legend", null, ["Show only"])]);
    KINDS.forEach(function (k, i) {
      var id = "pd-search-kind-" + i;
      var box = h("input", { type: "checkbox", id: id, name: "kind", value: k[0] });
      kinds.push(box);
      kindBox.appendChild(h("label", { "for": id, "class": "pd-chip" }, [box, " " + k[1]]));
    });
    form.appendChild(kindBox);

    var pagefind = null, results = [], shown = 0, generation = 0;
    function load() {
      if (!pagefind) {
        pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
          return pf.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () { return mergeShards(pf); });
        });
      }
      return pagefind;
    }

    // A big directory's index comes in several bundles (pagefind/bundles.json lists the others).
    function mergeShards(pf) {
      return fetch(new URL("pagefind/bundles.json", root).href).then(function (r) {
        return r.ok ? r.json() : [];
      }).catch(function () { return []; }).then(function (bundles) {
        return Promise.all(bundles.map(function (path) {
          return pf.mergeIndex(new URL(path, root).pathname, { baseUrl: root.pathname });
        }));
      }).then(function () { return pf; });
    }

    function selectedKinds() {
      return kinds.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    }

    function setUrl(q) {
      var params = new URLSearchParams(location.search);
      if (q) params.set("q", q); else params.delete("q");
      var chosen = selectedKinds();
      if (chosen.length) params.set("kind", chosen.join(",")); else params.delete("kind");
      var query = params.toString().replace(/%2C/g, ",");
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : ""));
    }

    function showMore() {
      var batch = results.slice(shown, shown + PAGE), mine = generation;
      var first = shown;
      shown += batch.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
        if (mine !== generation) return;
        pages.forEach(function (data) {
          var kind = (data.meta && data.meta.kind) || "Page";
          list.appendChild(h("li", { "class": "pd-result" }, [
            h("span", { "class": "pd-result-kind" }, [kind]),
            h("a", { href: data.url }, [(data.meta && data.meta.title) || data.url]),
            excerpt(data.excerpt || "")
          ]));
        });
        more.hidden = shown >= results.length;
        if (first > 0 && list.children[first]) list.children[first].querySelector("a").focus();
      });
    }

    function run(q) {
      var mine = ++generation;
      setUrl(q);
      list.textContent = "";
      more.hidden = true;
      if (!q) { status.textContent = ""; return Promise.resolve(); }
      status.textContent = "Searching…";
      var chosen = selectedKinds();
      return load().then(function (pf) {
        return pf.search(q, chosen.length ? { filters: { kind: { any: chosen } } } : {});
      }).then(function (search) {
        if (mine !== generation) return;
        results = search.results;
        shown = 0;
        var n = results.length;
        return showMore().then(function () {
          if (mine !== generation) return;
          // Announced once the first results are on the page.
          status.textContent = n ? n + (n === 1 ? " result" : " results") + " for “" + q + "”."
            : "No results for “" + q + "”. Try another word, or browse meetings by region.";
        });
      }).catch(function () {
        if (mine !== generation) return;
        status.textContent = "Search is not available right now. You can still browse meetings, homes and communities from the menu.";
      });
    }

    var params = new URLSearchParams(location.search);
    var wanted = (params.get("kind") || "").split(",");
    kinds.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; b.parentNode.classList.toggle("is-on", b.checked); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run(input.value.trim());
    });
    kindBox.addEventListener("change", function (e) {
      e.target.parentNode.classList.toggle("is-on", e.target.checked);
      run(input.value.trim());
    });
    more.addEventListener("click", showMore);
    var q = (params.get("q") || "").trim();
    input.value = q;
    if (q) run(q);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
