/* peerdir search page: Pagefind's own JS API (pagefind/pagefind.js, served from this site) with a
 * small accessible UI. The query lives in ?q= (the home page form submits there), results come in
 * pages of ten, each showing what kind of listing it is. Nothing is stored or sent elsewhere: the
 * index is static files that the browser fetches in small chunks from this site.
 */
(function () {
  "use strict";

  var PAGE = 10;
  var KINDS = ["Meeting", "Sober home", "Online community", "Article"]; // the kind filter's values, as indexed
  var script = document.currentScript || document.querySelector('script[src*="assets/peerdir/search.js"]');
  var root = new URL("../../", script.src);
  // The page's own folder: es/search/ reads es/search/words.json (its language's words).
  var here = new URL("./", location.href);

  // The words this script writes: English here; a page in another language hands its own as data
  // (#pd-search-text, from the gettext catalog: peerdir.search.page_text). {query} and {count} are filled in.
  var T = {
    kinds: { "Meeting": "Meeting", "Sober home": "Sober home", "Online community": "Online community",
      "Article": "Article", "Meetings by day": "Meetings by day", "List": "List", "Information": "Information",
      "Page": "Page" },
    kindsPlural: { "Meeting": "Meetings", "Sober home": "Sober homes", "Online community": "Online communities",
      "Article": "Articles" },
    showMore: "Show more results", showOnly: "Show only", allRegions: "All regions", region: "Region",
    chooseRegion: "Choose a region", searching: "Searching…",
    found: ["{count} result for “{query}”.", "{count} results for “{query}”."],
    fixed: ["Showing results for “{query}”: {count} result.", "Showing results for “{query}”: {count} results."],
    none: "No results for “{query}”. Try another word, or browse meetings by region.",
    instead: "Search for “{query}” instead",
    unavailable: "Search is not available right now. You can still browse meetings, homes and communities from the menu."
  };
  (function () {
    var data = document.getElementById("pd-search-text");
    if (!data) return;
    try {
      var given = JSON.parse(data.textContent);
      for (var k in given) if (Object.prototype.hasOwnProperty.call(T, k)) T[k] = given[k];
    } catch (e) { /* the English words stay */ }
  })();

  /* A sentence of T with {query} and {count} filled in; `forms` a [one, other] pair when counted. */
  function say(text, query, count) {
    if (typeof text !== "string") text = text[count === 1 ? 0 : 1];
    return text.replace(/\{query\}/g, function () { return query; })
      .replace(/\{count\}/g, function () { return String(count); });
  }

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) if (attrs[k] != null) el.setAttribute(k, attrs[k]);
    (children || []).forEach(function (c) {
      if (c != null) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return el;
  }

  // -- spelling: Pagefind has no typo tolerance; the site's own words (search/words.json, written by
  // the build, commonest first) correct a search that finds little ------------------------------
  // Fewer results than this and the words are checked: a misspelt word still matches a few pages by
  // chance (Pagefind's stems and prefixes), so "few" is not "none". Common words find far more.
  var FEW = 20;

  function fold(text) {
    var t = String(text || "").toLowerCase();
    return t.normalize ? t.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : t;
  }

  /* Edit distance (insertions, deletions, changes, swaps of neighbours) up to `most`; most + 1 beyond. */
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var row = [i], low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        row.push(d);
        if (d < low) low = d;
      }
      if (low > most) return most + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  /* The query with each word the site does not know put to the closest site word, or null when
   * every word is known or none is close. "womens" is known: "women" is a site word. */
  function corrected(q, words) {
    var known = {};
    words.forEach(function (w) { known[w] = true; });
    var changed = false;
    var out = fold(q).split(/[^a-z\u00c0-\uffff]+/).filter(Boolean).map(function (word) {
      var stem = word.replace(/'?s$/, "");
      if (word.length < 3 || known[word] || known[stem] || known[word + "s"]) return word;
      var most = word.length >= 6 ? 2 : 1, best = null, bestD = most + 1;
      for (var i = 0; i < words.length && bestD > 1; i++) { // commonest first: the first closest wins
        var d = distance(word, words[i], Math.min(most, bestD - 1));
        if (d < bestD) { bestD = d; best = words[i]; }
      }
      if (best === null) return word;
      changed = true;
      return best;
    });
    return changed ? out.join(" ") : null;
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
    var more = h("button", { type: "button", "class": "pd-button pd-search-more", hidden: "" }, [T.showMore]);
    list.parentNode.insertBefore(more, list.nextSibling);

    var kinds = [];
    var kindBox = h("fieldset", { "class": "pd-fieldset pd-search-kinds" }, [h("legend", null, [T.showOnly])]);
    KINDS.forEach(function (k, i) {
      var id = "pd-search-kind-" + i;
      var box = h("input", { type: "checkbox", id: id, name: "kind", value: k });
      kinds.push(box);
      kindBox.appendChild(h("label", { "for": id, "class": "pd-chip" }, [box, " " + (T.kindsPlural[k] || k)]));
    });
    form.appendChild(kindBox);
    // Region: offered from the regions of the results themselves, with Pagefind's counts. Its filter
    // index is fetched only when asked for (a button), so a first search stays small.
    var region = h("select", { id: "pd-search-region", name: "region" }, [h("option", { value: "" }, [T.allRegions])]);
    var regionBox = h("div", { "class": "pd-search-region", hidden: "" }, [
      h("label", { "for": "pd-search-region" }, [T.region]), region]);
    var regionButton = h("button", { type: "button", "class": "pd-button pd-search-region-button", hidden: "" },
      [T.chooseRegion]);
    form.appendChild(regionButton);
    form.appendChild(regionBox);
    var wantedRegion = new URLSearchParams(location.search).get("region") || "";
    var regions = !!wantedRegion; // whether the region filter is in use (its index loaded)

    /* The select's options: the regions of this search's results, with how many each, and the one
     * chosen even when this search has none there. */
    function offerRegions(counts) {
      var chosen = region.value || wantedRegion;
      var names = Object.keys(counts || {}).filter(function (name) { return counts[name] > 0 || name === chosen; });
      if (chosen && names.indexOf(chosen) < 0) names.push(chosen);
      names.sort(function (a, b) { return a.localeCompare(b); });
      region.textContent = "";
      region.appendChild(h("option", { value: "" }, [T.allRegions]));
      names.forEach(function (name) {
        region.appendChild(h("option", { value: name }, [name + (counts && counts[name] ? " (" + counts[name] + ")" : "")]));
      });
      region.value = chosen;
      wantedRegion = "";
      regionBox.hidden = !regions;
      regionButton.hidden = regions || !results.length;
    }

    var pagefind = null, results = [], shown = 0, generation = 0, words = null;
    var fixNote = h("p", { "class": "pd-search-fix", hidden: "" });
    status.parentNode.insertBefore(fixNote, status.nextSibling);

    function siteWords() {
      if (!words) {
        words = fetch(new URL("words.json", here).href).then(function (r) { return r.ok ? r.json() : []; })
          .catch(function () { return []; });
      }
      return words;
    }
    function load() {
      if (!pagefind) {
        pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
          return pf.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () { return mergeShards(pf); })
            .then(function (ready) { return regions ? ready.filters().then(function () { return ready; }) : ready; });
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
      if (region.value) params.set("region", region.value); else params.delete("region");
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
            h("span", { "class": "pd-result-kind" }, [T.kinds[kind] || kind]),
            h("a", { href: data.url }, [(data.meta && data.meta.title) || data.url]),
            excerpt(data.excerpt || "")
          ]));
        });
        more.hidden = shown >= results.length;
        if (first > 0 && list.children[first]) list.children[first].querySelector("a").focus();
      });
    }

    /* Pagefind's results for `q`; when they are few and a word of it is not the site's, those of the
     * query spelt as the site spells it, if it finds anything: [results, the query they are for]. */
    function find(pf, q, options, exact) {
      return pf.search(q, options).then(function (search) {
        if (exact || search.results.length >= FEW) return [search.results, q, search];
        return siteWords().then(function (list) {
          var fixed = corrected(q, list);
          if (!fixed) return [search.results, q, search];
          return pf.search(fixed, options).then(function (again) {
            // A misspelt word's own few matches are chance: the word meant wins unless it finds fewer.
            return again.results.length && again.results.length >= search.results.length
              ? [again.results, fixed, again] : [search.results, q, search];
          });
        });
      });
    }

    function run(q, exact) {
      var mine = ++generation;
      setUrl(q);
      list.textContent = "";
      more.hidden = true;
      fixNote.hidden = true;
      if (!q) { status.textContent = ""; return Promise.resolve(); }
      status.textContent = T.searching;
      var chosen = selectedKinds(), filters = {}, place = region.value || wantedRegion;
      if (chosen.length) filters.kind = { any: chosen };
      if (place) filters.region = place;
      return load().then(function (pf) {
        return find(pf, q, { filters: filters }, exact);
      }).then(function (found) {
        if (mine !== generation) return;
        results = found[0];
        var counts = found[2] && (found[2].totalFilters || found[2].filters);
        offerRegions(counts && counts.region);
        shown = 0;
        var n = results.length, asked = found[1];
        return showMore().then(function () {
          if (mine !== generation) return;
          // Announced once the first results are on the page.
          status.textContent = n ? say(asked !== q ? T.fixed : T.found, asked, n) : say(T.none, q);
          if (asked !== q) {
            var instead = h("button", { type: "button", "class": "pd-linkish" }, [say(T.instead, q)]);
            instead.addEventListener("click", function () { run(q, true); });
            fixNote.textContent = "";
            fixNote.appendChild(instead);
            fixNote.hidden = false;
          }
        });
      }).catch(function () {
        if (mine !== generation) return;
        status.textContent = T.unavailable;
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
    region.addEventListener("change", function () { run(input.value.trim()); });
    regionButton.addEventListener("click", function () {
      regions = true;
      load().then(function (pf) { return pf.filters(); }).then(function () {
        return run(input.value.trim());
      }).then(function () { region.focus(); });
    });
    more.addEventListener("click", showMore);
    var q = (params.get("q") || "").trim();
    input.value = q;
    if (q) run(q);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
