/* peerdir finder: filters, on now and starting soon, the visitor's own time, near me.
 * Every list works without it. It reads the rows' data-* attributes, builds its form into #pd-finder
 * and keeps filters in the query string. No cookies, no storage, nothing from another host; the
 * location is asked for only on a press and never leaves the device. ES2015, no build step. */
(function () {
  "use strict";

  // The page's words (issue 19): English as written here; a page in another language loads its
  // catalog's translations and its locale first, from its language's finder-words.js, which sets
  // window.pdFinderWords (peerdir.site.finder_words).
  var PAGE = (function () {
    var data = window.pdFinderWords;
    return data && typeof data === "object" ? data : {};
  })();
  var WORDS = PAGE.words && typeof PAGE.words === "object" ? PAGE.words : {};
  var LOCALE = typeof PAGE.locale === "string" ? PAGE.locale : ""; // none: English, as written here
  var SPANISH = /^es\b/.test(LOCALE);

  function _(text) {
    var t = WORDS[text];
    return typeof t === "string" && t ? t : text;
  }

  /* "{n} minutes": the catalog gives two forms, one and other, as English and Spanish have. */
  function ngettext(one, many, n) {
    var forms = WORDS[one], form = n === 1 ? 0 : 1;
    var text = Array.isArray(forms) && typeof forms[form] === "string" && forms[form] ? forms[form] : n === 1 ? one : many;
    return fill(text, { n: n });
  }

  function fill(text, values) {
    var out = text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
    // Spanish says "a la 1:05", "hasta la 1:05" (one o'clock is singular), "a las 7:05" otherwise.
    return SPANISH ? out.replace(/\blas (1:\d\d)/g, "la $1") : out;
  }

  // English day names are also keys: filter values in the address and the day files' names.
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var DAY_NAMES = localDays("long") || DAYS;
  var DAY_SHORT = localDays("short") || DAYS.map(function (d) { return d.slice(0, 3); });
  var WEEK = 7 * 1440;
  var SOON = 120; // minutes ahead that count as "starting soon"
  var NEXT_LIMIT = 4; // items shown per now/next list before "show all": the list itself stays near the top
  var RECENT = 10; // minutes after its start an in-person meeting still counts as "in progress" to walk into
  var NEXT_COUNT = 5;
  var HOME_COUNT = 3; // the home page's box: what fits on a phone's first screen with the search box
  var TODAY_FIRST = 50; // rows of "later today" drawn before "show all" // when nothing starts within SOON minutes, the next ones listed instead
  // Overlapping on purpose: a 4:30 PM meeting is both "midday" and "evening" to different people.
  var TIMES = [
    ["morning", _("Morning"), _("4 AM–noon"), 240, 720],
    ["midday", _("Midday"), _("11 AM–5 PM"), 660, 1020],
    ["evening", _("Evening"), _("4–9 PM"), 960, 1260],
    ["night", _("Night"), _("8 PM–5 AM"), 1200, 300]
  ];
  var ATTEND = [["in_person", _("In person")], ["online", _("Online")], ["hybrid", _("Hybrid")]];
  // Attendance as rows (data-att; none: in person) and day files write it (meeting_row.ATTENDANCE_CODES).
  var ATT = { p: "in_person", o: "online", h: "hybrid", c: "temporarily_closed" };
  // As the rows of a list page show them (Attendance.label in the package).
  var ATTEND_LABEL = { in_person: _("In person"), online: _("Online"), hybrid: _("Hybrid (in person and online)") };
  var TYPE_ORDER = ["O", "C", "W", "M", "S", "X", "LGBTQ", "Y", "BE"];
  var MORE_LABEL = _("More filters");
  // Language types in their own language, so a Spanish speaker's "espanol" finds the S meetings.
  var ENDONYMS = { S: "Español", FR: "Français", DE: "Deutsch", ITA: "Italiano", POR: "Português",
    POL: "Polski", RUS: "Русский", UK: "Українська", HU: "Magyar", SK: "Slovenčina", SV: "Svenska",
    NL: "Nederlands", DA: "Dansk", NO: "Norsk", FI: "Suomi", IS: "Íslenska", EL: "Ελληνικά",
    TUR: "Türkçe", LT: "Lietuvių", TL: "Tagalog", JA: "日本語", KOR: "한국어", AR: "العربية",
    HE: "עברית", FA: "فارسی", HI: "हिन्दी", PUN: "ਪੰਜਾਬੀ", TH: "ไทย" };

  // -- small helpers ---------------------------------------------------------------------------
  function mod(a, n) { return ((a % n) + n) % n; }

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (attrs[k] === true) el.setAttribute(k, "");
        else if (attrs[k] !== false && attrs[k] != null) el.setAttribute(k, attrs[k]);
      }
    }
    (children || []).forEach(function (c) {
      if (c != null) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return el;
  }

  function fold(text) {
    // lower case without accents, so "linea" finds "Línea"
    var t = String(text || "").toLowerCase();
    return t.normalize ? t.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : t;
  }

  /* The week's day names in the page's locale (1 January 2023 was a Sunday), as it writes them in a
   * sentence ("es viernes"); null in English. */
  function localDays(width) {
    if (!LOCALE) return null;
    try {
      var f = new Intl.DateTimeFormat(LOCALE, { weekday: width, timeZone: "UTC" });
      return DAYS.map(function (d, i) { return f.format(new Date(Date.UTC(2023, 0, 1 + i))); });
    } catch (e) { return null; }
  }

  /* A day name that heads a section or starts a line: capitalised ("Sábado"). */
  function titleCase(name) {
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  /* A sentence whose [bracketed] words are links, to `links` in order: a translation moves them
   * with its words. */
  function linked(text, links) {
    var out = [], i = 0;
    text.split(/(\[[^\]]*\])/).forEach(function (part) {
      if (!part) return;
      if (part.charAt(0) === "[" && part.charAt(part.length - 1) === "]" && i < links.length) {
        out.push(h("a", links[i++], [part.slice(1, -1)]));
      } else out.push(part);
    });
    return out;
  }

  var timeFormat = null;
  function clock12(minutes) {
    var m = mod(minutes, 1440), hr = Math.floor(m / 60), mi = m % 60;
    if (LOCALE && timeFormat === null) {
      try {
        timeFormat = new Intl.DateTimeFormat(LOCALE, { hour: "numeric", minute: "2-digit", timeZone: "UTC" });
      } catch (e) { timeFormat = false; }
    }
    if (LOCALE && timeFormat) return timeFormat.format(new Date(Date.UTC(2023, 0, 1, hr, mi)));
    if (m === 720) return "12:00 noon";
    if (m === 0) return "12:00 midnight";
    return (hr % 12 || 12) + ":" + (mi < 10 ? "0" : "") + mi + (hr < 12 ? " AM" : " PM");
  }

  function place(zone) {
    return zone ? zone.split("/").pop().replace(/_/g, " ") : "";
  }

  /* A join link from the data, used only when it is a web address (the build allows no other). */
  function webUrl(url) { return /^https?:\/\//i.test(url || "") ? url : ""; }

  /* What a meeting in progress offers at once: its join link itself when it meets online, else its
   * page (directions for in person; the dial-in for an online meeting with no link). */
  function goButton(rec) {
    var online = rec.att === "online" || rec.att === "hybrid";
    var label = online ? _("Join now") : _("Directions");
    var note = online ? (rec.join ? _(": {name} online") : _(": {name}, how to join")) : _(": {name}, where it meets");
    return h("a", { "class": "pd-button pd-join-row", href: online && rec.join ? rec.join : rec.href },
      [label, h("span", { "class": "pd-sr" }, [fill(note, { name: rec.name })])]);
  }

  // -- clocks: every comparison is in minutes of a week that starts Sunday 00:00 ----------------
  var formatters = {};

  var visitor = null;
  function visitorZone() { // asked once: resolvedOptions() is slow on old phones
    if (visitor === null) {
      try { visitor = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { visitor = ""; }
    }
    return visitor;
  }

  /* Minutes east of UTC in `zone` at instant `t` (DST-aware, from the browser's own zone data). */
  function zoneOffset(zone, t) {
    if (!zone) return -new Date(t).getTimezoneOffset();
    var f = formatters[zone];
    if (f === undefined) {
      try {
        f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric",
          month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
      } catch (e) { f = null; }
      formatters[zone] = f;
    }
    if (!f) return -new Date(t).getTimezoneOffset();
    var p = {};
    f.formatToParts(new Date(t)).forEach(function (x) { p[x.type] = x.value; });
    var wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute);
    return Math.round((wall - Math.floor(t / 60000) * 60000) / 60000);
  }

  function utcWeekMinute(t) { return mod(Math.floor(t / 60000) + 4 * 1440, WEEK); } // 1 Jan 1970: Thursday

  /* A clock that converts weekly (day, minute) times between zones with the offsets in force now. */
  function Clock(now) {
    var offsets = {};
    this.now = now;
    this.visitor = visitorZone();
    this.offset = function (zone) {
      var key = zone || "";
      if (!(key in offsets)) offsets[key] = zoneOffset(zone, now);
      return offsets[key];
    };
    this.utc = function (day, start, zone) { return mod(day * 1440 + start - this.offset(zone), WEEK); };
    this.inZone = function (day, start, from, to) { // week minute in zone `to`
      if (from === to) return day * 1440 + start;
      return mod(this.utc(day, start, from) + this.offset(to), WEEK);
    };
    this.nowIn = function (zone) { return mod(utcWeekMinute(now) + this.offset(zone), WEEK); };
    this.sameClock = function (a, b) { return a === b || this.offset(a) === this.offset(b); };
  }

  function dayTime(weekMinute, short) {
    var d = Math.floor(mod(weekMinute, WEEK) / 1440);
    return (short ? DAY_SHORT[d] : DAY_NAMES[d]) + " " + clock12(weekMinute % 1440);
  }

  // -- records: one per row on the page (a meeting under one day), or per row of online-now JSON --
  var ROWS = "ul.pd-rows > li";

  /* A row says only what its list does not: its day is its section's, its zone its list's (the
   * <ul>'s data-zone) unless it has its own, its program the first words of its line under the name. */
  function rowRecords(root) {
    var rows = root.querySelectorAll(ROWS), finderEl = document.getElementById("pd-finder");
    var programs = Object.keys(parseJson(finderEl && finderEl.getAttribute("data-programs")));
    programs.sort(function (a, b) { return b.length - a.length; }); // "AA · x" before "AA", should one hold " · "
    var out = [];
    for (var i = 0; i < rows.length; i++) {
      var li = rows[i], d = li.dataset, sec = li.closest(".pd-day"), a = li.querySelector("a");
      out.push({
        el: li, index: i, // a row moved by arrange() keeps its own day; else its section's
        day: d.day ? +d.day : sec ? +sec.getAttribute("data-day") : 0,
        start: +d.start || 0, minutes: +d.minutes || 60, zone: d.zone || li.parentNode.getAttribute("data-zone") || "",
        program: d.program || rowProgram(li, programs), types: d.types ? d.types.split(" ") : [], att: ATT[d.att || "p"] || "",
        lat: d.lat ? +d.lat : null, lon: d.lon ? +d.lon : null,
        href: a ? a.getAttribute("href") : "", name: a ? a.textContent : "", join: webUrl(d.join),
        sub: (li.querySelector(".pd-sub") || {}).textContent || ""
      });
    }
    return out;
  }

  /* The program a row's line starts with ("AA · In person · …", after a closed venue's note): one of the
   * list's programs (#pd-finder's data-programs, longest first). */
  function rowProgram(li, programs) {
    var sub = li.querySelector(".pd-sub"), text = "";
    for (var node = sub ? sub.firstChild : null; node; node = node.nextSibling) {
      if (node.nodeType === 3) text += node.nodeValue;
    }
    text = text.trim();
    for (var i = 0; i < programs.length; i++) {
      if (text === programs[i] || text.indexOf(programs[i] + " · ") === 0) return programs[i];
    }
    return "";
  }

  /* `day`: the meeting-local day of every row, or one per row (an hour file's "days"). A row's zone and
   * program are indexes into the file's lists, and so is the region before its "/<slug>". */
  function jsonRecords(data, day, base) {
    var programs = data.programs || [], regions = data.regions || [];
    return data.rows.map(function (r, i) {
      var att = ATT[r[3]] || "", key = String(r[5]), cut = key.indexOf("/");
      var region = String(regions[+key.slice(0, cut)]), program = String(programs[r[4]]);
      return { el: null, day: typeof day === "number" ? day : +day[i], start: r[0], minutes: r[1] || 60, zone: data.zones[r[2]], att: att,
        region: region, program: program, href: base + "../" + region + key.slice(cut) + "/", name: r[6],
        types: r[7] ? r[7].split(" ") : [], sub: program + " · " + (ATTEND_LABEL[att] || att) + (r[8] ? " · " + r[8] : ""),
        join: webUrl(r[9]), lat: null, lon: null };
    });
  }

  // -- filters ---------------------------------------------------------------------------------
  var GROUPS = ["day", "time", "program", "type", "attend"];

  function emptyState() { return { q: "", day: [], time: [], program: [], type: [], attend: [] }; }

  function readUrl(allowed) {
    var state = emptyState(), params = new URLSearchParams(location.search);
    state.q = (params.get("q") || "").trim();
    GROUPS.forEach(function (g) {
      var raw = params.get(g);
      if (!raw) return;
      raw.split(",").forEach(function (v) {
        v = v.trim();
        if (allowed[g] && allowed[g].indexOf(v) >= 0 && state[g].indexOf(v) < 0) state[g].push(v);
      });
    });
    return state;
  }

  function writeUrl(state) {
    var params = new URLSearchParams(location.search);
    GROUPS.concat(["q"]).forEach(function (g) { params.delete(g); });
    if (state.q) params.set("q", state.q);
    GROUPS.forEach(function (g) { if (state[g].length) params.set(g, state[g].join(",")); });
    var query = params.toString().replace(/%2C/g, ",");
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function attendMatches(wanted, att) {
    for (var i = 0; i < wanted.length; i++) {
      var w = wanted[i];
      if (w === att || (att === "hybrid" && (w === "online" || w === "in_person"))) return true;
    }
    return false;
  }

  /* Everything but day and time of day: the filters that also apply to "on now". */
  function matchesWhat(rec, state, names) {
    if (state.program.length && state.program.indexOf(rec.program) < 0) return false;
    if (state.attend.length && !attendMatches(state.attend, rec.att)) return false;
    if (state.type.length && !state.type.some(function (t) { return rec.types.indexOf(t) >= 0; })) return false;
    if (state.q) {
      if (rec.text === undefined) {
        rec.text = fold([rec.name, rec.sub, rec.program, names.programs[rec.program] || "",
          rec.types.map(function (t) { return (names.types[t] || t) + " " + (ENDONYMS[t] || ""); }).join(" ")].join(" "));
      }
      var words = fold(state.q).split(/\s+/);
      for (var i = 0; i < words.length; i++) if (words[i] && rec.text.indexOf(words[i]) < 0) return false;
    }
    return true;
  }

  /* Day and time of day, on the list's clock; "today" leaves out what has ended (nowLocal: the
   * list's week minute now). */
  function matchesWhen(rec, state, today, nowLocal) {
    if (state.day.length) {
      var day = Math.floor(rec.local / 1440);
      if (!state.day.some(function (d) {
        return d === "today" ? day === today && rec.local + rec.minutes > nowLocal : DAYS[day].toLowerCase() === d;
      })) {
        return false;
      }
    }
    if (state.time.length) {
      var m = rec.local % 1440;
      if (!state.time.some(function (name) {
        var b = TIMES.filter(function (t) { return t[0] === name; })[0];
        return b[3] < b[4] ? m >= b[3] && m < b[4] : m >= b[3] || m < b[4];
      })) return false;
    }
    return true;
  }

  // -- now and next ----------------------------------------------------------------------------
  /* Calls each(rec, delta) once per meeting occurrence that `keep` keeps and that is not at a
   * temporarily closed venue; delta: minutes from clock.now to its start, within half a week either
   * way. A record listed twice (a split list's day files overlap) is seen once. */
  function byDelta(a, b) { return a.delta - b.delta || (a.rec.name < b.rec.name ? -1 : 1); }

  function occurrences(records, clock, keep, each) {
    var nowW = utcWeekMinute(clock.now), seen = {};
    records.forEach(function (rec) {
      if (rec.att === "temporarily_closed" || !keep(rec)) return;
      var delta = mod(clock.utc(rec.day, rec.start, rec.zone) - nowW + WEEK / 2, WEEK) - WEEK / 2;
      var key = rec.href + "@" + delta;
      if (seen[key]) return;
      seen[key] = true;
      each(rec, delta);
    });
  }

  /* What the "on now" box lists at instant clock.now: meetings on now, those starting within SOON
   * minutes and, when both are empty, the next NEXT_COUNT to start whenever they are, so the box
   * never leaves a person with nothing. Pure: records and a clock in, lists out (tests call it). */
  function nowAndNext(records, clock, keep) {
    var on = [], soon = [], later = [];
    occurrences(records, clock, keep, function (rec, delta) {
      if (delta <= 0 && delta + rec.minutes > 0) on.push({ rec: rec, delta: delta });
      else if (delta > 0 && delta <= SOON) soon.push({ rec: rec, delta: delta });
      else later.push({ rec: rec, delta: mod(delta, WEEK) || WEEK, next: true });
    });
    var next = [];
    if (!on.length && !soon.length) {
      var listed = {};
      later.sort(byDelta).forEach(function (it) { // each meeting once, at its next start
        if (next.length < NEXT_COUNT && !listed[it.rec.href]) { listed[it.rec.href] = true; next.push(it); }
      });
    }
    return { on: on.sort(byDelta), soon: soon.sort(byDelta), next: next };
  }

  /* "5 h", "5 h 13 min" */
  function hoursText(minutes) {
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    return rest ? fill(_("{hours} h {minutes} min"), { hours: hours, minutes: rest }) : fill(_("{hours} h"), { hours: hours });
  }

  /* "45 min", "5 h 13 min", "2 days 3 h": how long until a meeting starts. */
  function waitText(minutes) {
    if (minutes < 60) return fill(_("{minutes} min"), { minutes: minutes });
    if (minutes < 1440) return hoursText(minutes);
    var days = Math.floor(minutes / 1440), hours = Math.floor(minutes % 1440 / 60);
    return ngettext("{n} day", "{n} days", days) + (hours ? " " + fill(_("{hours} h"), { hours: hours }) : "");
  }

  function nowItem(item, clock, compact) {
    var rec = item.rec, nowW = utcWeekMinute(clock.now);
    var startUtc = nowW + item.delta, endUtc = startUtc + rec.minutes;
    var vis = clock.visitor, own = rec.zone;
    // Join while it runs online; an in-person one only as long as it is still one to walk into.
    var goes = item.delta <= 0 && (rec.att === "online" || rec.att === "hybrid" || item.delta >= -RECENT);
    var when;
    if (item.delta <= 0) {
      when = fill(clock.sameClock(own, vis) ? _("On now · until {time}") : _("On now · until {time} your time"),
        { time: clock12(endUtc + clock.offset(vis)) });
    } else if (item.next) {
      when = fill(_("In {wait} · {day}"), { wait: waitText(item.delta),
        day: DAY_NAMES[Math.floor(mod(startUtc + clock.offset(vis), WEEK) / 1440)] });
    } else {
      when = fill(_("Starts in {wait}"), { wait: item.delta < 60 ? ngettext("{n} minute", "{n} minutes", item.delta)
        : hoursText(item.delta) });
    }
    var times;
    if (compact) { // one line: when, in the visitor's time
      if (item.delta > 0) when += " · " + clock12(startUtc + clock.offset(vis));
      times = [];
    } else if (clock.sameClock(own, vis)) {
      times = [h("span", { "class": "pd-when-own" }, [titleCase(dayTime(startUtc + clock.offset(own))) + " – " +
        clock12(endUtc + clock.offset(own))])];
    } else {
      times = [
        h("span", { "class": "pd-when-yours" }, [fill(vis ? _("Your time ({place}): {when}") : _("Your time: {when}"),
          { place: place(vis), when: dayTime(startUtc + clock.offset(vis)) + " – " + clock12(endUtc + clock.offset(vis)) })]),
        h("span", { "class": "pd-when-own" }, [fill(_("Meeting's time ({place}): {when}"), { place: place(own),
          when: dayTime(startUtc + clock.offset(own)) + " – " + clock12(endUtc + clock.offset(own)) })])
      ];
    }
    return h("li", { "class": "pd-now-item" + (item.delta <= 0 ? " pd-now-item--on" : "") }, [
      h("span", { "class": "pd-now-when" }, [when]),
      h("span", { "class": "pd-main" }, [h("a", { href: rec.href }, [rec.name]),
        h("span", { "class": "pd-sub" }, [rec.sub])].concat(times)),
      goes ? goButton(rec) : null
    ]);
  }

  function NowPanel(container, heading, compact) {
    var id = "pd-now-h";
    this.compact = !!compact;
    this.el = h("section", { "class": "pd-now" + (compact ? " pd-now--home" : ""), "aria-labelledby": id }, [
      h("h2", { id: id }, [heading]),
      this.clockLine = h("p", { "class": "pd-now-clock" }),
      this.body = h("div", { "class": "pd-now-body" })
    ]);
    container.appendChild(this.el);
  }

  /* The home page's box: the first HOME_COUNT places to go, now or next, one line of when each, and
   * the crisis lines; never "nothing here". Meetings today and online follow it on the page. */
  NowPanel.prototype.showCompact = function (found, clock) {
    var body = this.body, root = homePath();
    var go = found.on.filter(function (it) {
      return it.rec.att === "online" || it.rec.att === "hybrid" || it.delta >= -RECENT;
    });
    var items = go.concat(found.soon, found.next).slice(0, HOME_COUNT);
    body.textContent = "";
    if (items.length) {
      var list = h("ul", { "class": "pd-now-list", "aria-label": _("On now and next") });
      items.forEach(function (it) { list.appendChild(nowItem(it, clock, true)); });
      body.appendChild(list);
    } else {
      body.appendChild(h("p", { "class": "pd-now-none" }, linked(_("Online communities are open around the clock: [online communities]."),
        [{ href: root + "communities/" }])));
    }
    body.appendChild(h("p", { "class": "pd-now-crisis" }, linked(_("Need to talk now? [Call 988] or [text 988], any time."),
      [{ "class": "pd-tel", href: "tel:988" }, { "class": "pd-tel", href: "sms:988" }])));
  };

  NowPanel.prototype.show = function (found, clock, total) {
    var vis = clock.visitor, body = this.body;
    this.clockLine.textContent = fill(vis && !this.compact ? _("It is {when} where you are ({zone}).")
      : _("It is {when} where you are."), { when: dayTime(clock.nowIn(vis)), zone: vis.replace(/_/g, " ") });
    if (this.compact) { this.showCompact(found, clock); return; }
    body.textContent = "";
    var communities = linked(" " + _("Online communities are open around the clock: [online communities]."),
      [{ href: homePath() + "communities/" }]);
    if (!found.on.length && !found.soon.length && !found.next.length) {
      body.appendChild(h("p", { "class": "pd-now-none" }, [(total
        ? _("No meeting here matches your filters.")
        : _("There are no meetings here yet."))].concat(communities)));
      return;
    }
    if (found.next.length) {
      body.appendChild(h("p", { "class": "pd-now-none" }, [(found.filtered
        ? _("Nothing matching your filters is on now or in the next two hours.")
        : _("Nothing here is on now or starting in the next two hours.")) + " " + _("These are the next to start.")]
        .concat(communities)));
    }
    [[_("On now"), found.on], [_("Starting in the next two hours"), found.soon], [_("Next to start"), found.next]].forEach(function (part) {
      if (!part[1].length) return;
      var limit = part[1] === found.next ? NEXT_COUNT : NEXT_LIMIT;
      var list = h("ul", { "class": "pd-now-list", "aria-label": part[0] });
      body.appendChild(h("h3", null, [part[0] + " (" + part[1].length + ")"]));
      body.appendChild(list);
      var render = function (items) { items.forEach(function (it) { list.appendChild(nowItem(it, clock)); }); };
      render(part[1].slice(0, limit));
      if (part[1].length > limit) {
        var more = h("button", { type: "button", "class": "pd-button pd-more-now" },
          [fill(_("Show all {n}"), { n: part[1].length })]);
        more.addEventListener("click", function () {
          render(part[1].slice(limit));
          more.remove();
          var next = list.children[limit] && list.children[limit].querySelector("a");
          if (next) next.focus();
        });
        body.appendChild(more);
      }
    });
  };

  function rootPath() {
    var script = document.querySelector('script[src*="assets/peerdir/finder.js"]');
    return script ? new URL("../../", script.src).pathname : "/";
  }

  /* The home of the page's language: the site's root, or its folder (es/) below it. */
  function homePath() {
    return rootPath() + (typeof PAGE.folder === "string" && /^([a-z]{2,3}\/)?$/.test(PAGE.folder) ? PAGE.folder : "");
  }

  // -- near me ---------------------------------------------------------------------------------
  function distanceKm(lat1, lon1, lat2, lon2) {
    var r = Math.PI / 180, dLat = (lat2 - lat1) * r, dLon = (lon2 - lon1) * r;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function usesMiles() {
    var lang = (navigator.language || "en-US").toUpperCase();
    return /-(US|GB|LR|MM)$/.test(lang) || lang === "EN";
  }

  function formatDistance(km) {
    var miles = usesMiles(), v = miles ? km / 1.609344 : km, unit = miles ? " mi" : " km";
    return fill(_("{distance} away"), { distance: (v < 10 ? v.toFixed(1) : Math.round(v)) + unit });
  }

  function NearMe(container, records, onSorted) {
    var self = this;
    this.records = records;
    this.sorted = false;
    this.button = h("button", { type: "button", "class": "pd-button pd-near-button", "aria-describedby": "pd-near-note" },
      [_("Sort by distance from me")]);
    this.status = h("p", { "class": "pd-near-status", role: "status" });
    container.appendChild(h("div", { "class": "pd-near" }, [
      this.button,
      h("p", { id: "pd-near-note", "class": "pd-near-note" }, [_("Your browser will ask for your location. It is " +
        "used on this device only, to sort the list, and is never sent anywhere or saved.")]),
      this.status
    ]));
    this.button.addEventListener("click", function () {
      if (self.sorted) { self.restore(); return; }
      if (!navigator.geolocation) { self.status.textContent = _("This browser cannot share a location."); return; }
      self.status.textContent = _("Finding your location…");
      navigator.geolocation.getCurrentPosition(function (pos) {
        self.sort(pos.coords.latitude, pos.coords.longitude);
        if (onSorted) onSorted();
      }, function (err) {
        self.status.textContent = err && err.code === 1
          ? _("Location is turned off for this site, so the list stays in time order. You can allow it in your browser settings.")
          : _("Your location could not be found, so the list stays in time order.");
      }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 600000 });
    });
  }

  NearMe.prototype.sort = function (lat, lon) {
    var lists = new Map();
    this.records.forEach(function (rec) {
      rec.km = rec.lat != null && rec.lon != null ? distanceKm(lat, lon, rec.lat, rec.lon) : null;
      var label = rec.el.querySelector(".pd-dist");
      if (!label) {
        label = h("span", { "class": "pd-dist" });
        rec.el.querySelector(".pd-main").appendChild(label);
      }
      label.textContent = rec.km == null ? "" : formatDistance(rec.km);
      var ul = rec.el.parentNode;
      if (!lists.has(ul)) lists.set(ul, []);
      lists.get(ul).push(rec);
    });
    lists.forEach(function (recs, ul) {
      recs.sort(function (a, b) {
        if (a.km == null || b.km == null) return (a.km == null) - (b.km == null) || a.index - b.index;
        return a.km - b.km || a.index - b.index;
      });
      recs.forEach(function (rec) { ul.appendChild(rec.el); });
    });
    this.sorted = true;
    this.button.textContent = _("Sort by time again");
    var located = this.records.filter(function (r) { return r.km != null; }).length;
    this.status.textContent = _("Sorted by distance from you, nearest first, within each day.") + " " +
      (located < this.records.length ? _("Meetings with no map location are listed last.") : "");
  };

  NearMe.prototype.restore = function () {
    var recs = this.records.slice().sort(function (a, b) { return a.index - b.index; });
    recs.forEach(function (rec) {
      rec.el.parentNode.appendChild(rec.el);
      var label = rec.el.querySelector(".pd-dist");
      if (label) label.remove();
    });
    this.sorted = false;
    this.button.textContent = _("Sort by distance from me");
    this.status.textContent = _("Sorted by time again.");
  };

  // -- the filter form -------------------------------------------------------------------------
  function chip(group, value, content, state) {
    var id = "pd-f-" + group + "-" + String(value).toLowerCase().replace(/[^a-z0-9]+/g, "-");
    var input = h("input", { type: "checkbox", id: id, name: group, value: value });
    input.checked = state[group].indexOf(value) >= 0;
    var label = h("label", { "for": id, "class": "pd-chip" + (input.checked ? " is-on" : "") },
      [input, " "].concat(content));
    return label;
  }

  function fieldset(legend, chips, extra) {
    if (!chips.length) return null;
    return h("fieldset", { "class": "pd-fieldset" }, [h("legend", null, [legend])].concat(extra ? [extra] : [], chips));
  }

  function Finder(root, finderEl) {
    var self = this;
    this.root = root;
    this.el = finderEl;
    this.clock = new Clock(Date.now());
    var fz = finderEl.getAttribute("data-zone"), vis = this.clock.visitor;
    // Filters read the page's clock; the visitor's on lists of many zones, and for a visitor from
    // another zone, whose "Today" is their own day (each row then shows their time first).
    var mixed = !fz || (!!vis && !this.clock.sameClock(fz, vis));
    this.clockZone = mixed ? vis : fz;
    this.names = {
      types: parseJson(finderEl.getAttribute("data-types")),
      programs: parseJson(finderEl.getAttribute("data-programs"))
    };
    this.records = rowRecords(root);
    var clock = this.clock, zone = this.clockZone;
    this.records.forEach(function (r) { r.local = clock.inZone(r.day, r.start, r.zone, zone); });
    this.today = Math.floor(clock.nowIn(zone) / 1440);
    this.total = countMeetings(this.records);
    this.sections = Array.prototype.slice.call(root.querySelectorAll("section.pd-day"));

    // What this page's rows offer, in a stable order.
    var programs = unique(this.records.map(function (r) { return r.program; })).sort(caseless);
    var types = unique([].concat.apply([], this.records.map(function (r) { return r.types; })));
    types.sort(function (a, b) {
      var ia = TYPE_ORDER.indexOf(a), ib = TYPE_ORDER.indexOf(b);
      if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
      return caseless(self.names.types[a] || a, self.names.types[b] || b);
    });
    var atts = ATTEND.filter(function (a) {
      return self.records.some(function (r) { return r.att === a[0]; });
    });
    var days = unique(this.records.map(function (r) { return Math.floor(r.local / 1440); })).sort();
    this.allowed = {
      day: ["today"].concat(days.map(function (d) { return DAYS[d].toLowerCase(); })),
      time: TIMES.map(function (t) { return t[0]; }), program: programs, type: types,
      attend: atts.map(function (a) { return a[0]; })
    };
    this.state = readUrl(this.allowed);
    var state = this.state;

    var q = h("input", { type: "search", id: "pd-f-q", name: "q", autocomplete: "off", enterkeyhint: "search",
      placeholder: _("Name, place, program or type") });
    q.value = state.q;
    var todayChip = chip("day", "today", [_("Today") + " ", h("span", { "class": "pd-chip-note" },
      ["(" + DAY_NAMES[this.today] + ")"])], state);
    var dayChips = [];
    days.forEach(function (d) {
      dayChips.push(chip("day", DAYS[d].toLowerCase(), [h("span", { "aria-hidden": "true" }, [titleCase(DAY_SHORT[d])]),
        h("span", { "class": "pd-sr" }, [DAY_NAMES[d]])], state));
    });
    var timeChips = TIMES.map(function (t) {
      return chip("time", t[0], [t[1] + " ", h("span", { "class": "pd-chip-note" }, ["(" + t[2] + ")"])], state);
    });
    var attChips = atts.length > 1 ? atts.map(function (a) { return chip("attend", a[0], [a[1]], state); }) : [];
    var programChips = programs.length > 1 ? programs.map(function (p) {
      var full = self.names.programs[p];
      return chip("program", p, [p].concat(full && full !== p ? [" ", h("span", { "class": "pd-chip-note" },
        ["(" + full + ")"])] : []), state);
    }) : [];
    var typeChips = types.map(function (t) {
      var name = self.names.types[t] || t;
      return chip("type", t, [name].concat(name !== t ? [" ", h("span", { "class": "pd-chip-note" }, ["(" + t + ")"])] : []), state);
    });
    var clockNote = mixed ? " (" + _("your time") + ")" : "";
    this.moreButton = h("button", { type: "button", "class": "pd-button pd-more-button", "aria-expanded": "false",
      "aria-controls": "pd-f-more" }, [MORE_LABEL]);
    this.more = h("div", { id: "pd-f-more", "class": "pd-more", hidden: true }, [
      fieldset(_("Day") + clockNote, dayChips),
      fieldset(_("Time of day") + clockNote, timeChips),
      fieldset(_("How to attend"), attChips, h("p", { "class": "pd-hint" }, [_("Hybrid meetings count as both.")])),
      fieldset(_("Program"), programChips),
      fieldset(_("Meeting type"), typeChips)
    ]);
    this.count = h("p", { "class": "pd-f-count", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    this.clear = h("button", { type: "button", "class": "pd-button pd-clear", hidden: true }, [_("Clear all filters")]);
    this.form = h("form", { "class": "pd-filters", role: "search", "aria-label": _("Filter meetings") }, [
      h("div", { "class": "pd-f-q" }, [h("label", { "for": "pd-f-q" }, [_("Search this list")]), q]),
      h("div", { "class": "pd-f-bar" }, [todayChip, this.moreButton]),
      this.more,
      h("div", { "class": "pd-f-actions" }, [this.count, this.clear])
    ]);
    this.q = q;
    this.moreButton.addEventListener("click", function () { self.showMore(self.more.hidden); });
    if (state.day.some(function (d) { return d !== "today"; }) || state.time.length || state.program.length ||
        state.type.length || state.attend.length) this.showMore(true);

    var timer = null;
    this.form.addEventListener("submit", function (e) { e.preventDefault(); self.update(true); });
    this.form.addEventListener("change", function (e) {
      var t = e.target;
      if (t.type === "checkbox") {
        var list = state[t.name], at = list.indexOf(t.value);
        if (t.checked && at < 0) list.push(t.value);
        if (!t.checked && at >= 0) list.splice(at, 1);
        t.parentNode.classList.toggle("is-on", t.checked);
        self.update(true);
      }
    });
    q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = q.value.trim(); self.update(true); }, 250);
    });
    this.clear.addEventListener("click", function () {
      clearTimeout(timer);
      self.state = state = emptyState();
      self.form.reset();
      q.value = "";
      Array.prototype.forEach.call(self.form.querySelectorAll(".pd-chip.is-on"), function (c) {
        c.classList.remove("is-on");
      });
      self.update(true);
      q.focus(); // the button just hid itself: focus goes back to the start of the form
    });
    finderEl.appendChild(this.form);
    if (this.records.some(function (r) { return r.lat != null; })) {
      this.near = new NearMe(finderEl, this.records, null);
    }
    if (mixed) this.addLocalTimes();
    if (finderEl.getAttribute("data-day-json") === null && this.sections.length) {
      this.arrange();
      // Back on a tab left open: start from the new now, unless the list is sorted by distance.
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState !== "visible" || (self.near && self.near.sorted)) return;
        if (Date.now() - self.arranged < 5 * 60000) return;
        self.arrange();
        self.update(false);
      });
    }
  }

  /* The week's list made time-first: in progress, later today, then the next days round the week,
   * today's earlier meetings last, every day on the list's clock. The rows themselves are moved:
   * without JavaScript the page stays Sunday to Saturday, with its day links at the top. */
  Finder.prototype.arrange = function () {
    var clock = new Clock(Date.now()), nowW = utcWeekMinute(clock.now);
    var nowLocal = clock.nowIn(this.clockZone), today = Math.floor(nowLocal / 1440);
    this.arranged = clock.now;
    var buckets = { progress: [], later: [], again: [] }, order = ["progress", "later"];
    for (var i = 1; i < 7; i++) { order.push("d" + mod(today + i, 7)); buckets["d" + mod(today + i, 7)] = []; }
    order.push("again");
    this.records.forEach(function (rec) {
      var delta = mod(clock.utc(rec.day, rec.start, rec.zone) - nowW + WEEK / 2, WEEK) - WEEK / 2;
      var joinable = rec.att === "online" || rec.att === "hybrid", day = Math.floor(rec.local / 1440);
      var on = rec.att !== "temporarily_closed" && delta <= 0 && delta + rec.minutes > 0 &&
        (delta >= -RECENT || joinable);
      rec.sortKey = on ? delta : mod(rec.local - nowLocal, WEEK);
      buckets[on ? "progress" : day !== today ? "d" + day : rec.local > nowLocal ? "later" : "again"].push(rec);
      var join = rec.el.querySelector(".pd-join-row");
      if (join) join.remove();
      if (on) rec.el.querySelector(".pd-main").appendChild(goButton(rec));
    });
    var first = this.sections[0], parent = first.parentNode, made = [], index = 0;
    var list = first.querySelector("ul.pd-rows"), zone = list && list.getAttribute("data-zone"); // for rows that say none
    var titles = { progress: _("In progress"), later: fill(_("Later today ({day})"), { day: DAY_NAMES[today] }),
      again: fill(_("Next {day}"), { day: DAY_NAMES[today] }) };
    order.forEach(function (key) {
      var recs = buckets[key];
      if (!recs.length) return;
      recs.sort(function (a, b) { return a.sortKey - b.sortKey || a.index - b.index; });
      var id = key[0] === "d" ? "day-" + key.slice(1) : "pd-" + key;
      var ul = h("ul", { "class": "pd-rows", "data-zone": zone });
      var sec = h("section", { "class": "pd-day pd-day--" + (key[0] === "d" ? "week" : key), "aria-labelledby": id,
        "data-day": key[0] === "d" ? key.slice(1) : String(today) }, [h("h2", { id: id }, [titles[key] ||
        titleCase(DAY_NAMES[+key.slice(1)])]), ul]);
      recs.forEach(function (rec) {
        rec.index = index++;
        rec.el.setAttribute("data-day", rec.day); // the meeting's own day, which its new section may not be
        ul.appendChild(rec.el);
      });
      parent.insertBefore(sec, first);
      made.push(sec);
    });
    this.sections.forEach(function (sec) { sec.remove(); });
    this.sections = made;
    this.records.sort(function (a, b) { return a.index - b.index; });
    var nav = this.root.querySelector(".pd-day-links");
    if (nav) {
      nav.textContent = "";
      nav.appendChild(h("span", null, [_("Jump to:") + " "]));
      made.forEach(function (sec) {
        var head = sec.querySelector("h2");
        nav.appendChild(h("a", { href: "#" + head.id }, [head.textContent.replace(/ \(.*\)$/, "")]));
        nav.appendChild(document.createTextNode(" "));
      });
    }
  };

  Finder.prototype.update = function (fromUser) {
    var self = this, state = this.state, shown = {}, n = 0;
    var what = function (r) { return matchesWhat(r, state, self.names); };
    var nowLocal = new Clock(Date.now()).nowIn(this.clockZone);
    this.records.forEach(function (r) {
      var ok = what(r) && matchesWhen(r, state, self.today, nowLocal);
      if (r.el.hidden === ok) r.el.hidden = !ok;
      if (ok && !shown[r.href]) { shown[r.href] = true; n++; }
    });
    this.sections.forEach(function (sec) {
      var any = sec.querySelector(ROWS + ":not([hidden])") !== null;
      if (sec.hidden === any) sec.hidden = !any;
    });
    var active = GROUPS.some(function (g) { return state[g].length; }) || state.q;
    this.count.textContent = !active ? ngettext("Showing all {n} meeting.", "Showing all {n} meetings.", this.total)
      : n ? fill(ngettext("Showing {shown} of {n} meeting.", "Showing {shown} of {n} meetings.", this.total), { shown: n })
        : _("No meetings match these filters. Try fewer, or clear them.");
    var extra = state.day.filter(function (d) { return d !== "today"; }).length + state.time.length +
      state.program.length + state.type.length + state.attend.length;
    this.clear.hidden = !active;
    this.moreButton.textContent = extra ? fill(_("More filters ({n} on)"), { n: extra }) : MORE_LABEL;
    if (fromUser) writeUrl(state);
    if (this.onUpdate) this.onUpdate(what);
  };

  /* Past midnight on the list's clock, a page left open moves to the new day: "Today" and the
   * time-first order. True when the day changed. */
  Finder.prototype.newDay = function () {
    var today = Math.floor(new Clock(Date.now()).nowIn(this.clockZone) / 1440);
    if (today === this.today) return false;
    this.today = today;
    var note = this.form.querySelector("label[for='pd-f-day-today'] .pd-chip-note");
    if (note) note.textContent = "(" + DAY_NAMES[today] + ")";
    if (this.arranged && !(this.near && this.near.sorted)) this.arrange();
    return true;
  };

  Finder.prototype.showMore = function (open) {
    this.more.hidden = !open;
    this.moreButton.setAttribute("aria-expanded", String(open));
  };

  /* On pages with meetings from many zones, each row also shows the visitor's own day and time. */
  /* On pages with meetings from many zones, each row shows the visitor's own time, and the
   * meeting's own day, time and zone under it where they differ. */
  Finder.prototype.addLocalTimes = function () {
    var clock = this.clock, vis = clock.visitor;
    if (!vis) return;
    this.records.forEach(function (r) {
      if (clock.sameClock(r.zone, vis)) return;
      var cell = r.el.querySelector(".pd-time"), time = cell && cell.firstChild, label = r.el.querySelector(".pd-tz");
      if (!time || time.nodeType !== 3) return; // the row's time, a text node
      var spaced = /\s$/.test(time.nodeValue); // the space before the zone's label, in the same text node
      time.nodeValue = clock12(clock.inZone(r.day, r.start, r.zone, vis));
      var note = cell.insertBefore(h("span", { "class": "pd-sr" }, [" " + _("your time")]), time.nextSibling);
      if (spaced) cell.insertBefore(document.createTextNode(" "), note.nextSibling);
      var own = h("span", { "class": "pd-tz" }, [h("span", { "class": "pd-sr" }, [_("Meeting's time:") + " "]),
        titleCase(dayTime(r.day * 1440 + r.start, true)) + ", " + (label ? label.textContent : place(r.zone))]);
      if (label) label.replaceWith(own); else cell.appendChild(own);
    });
  };

  function parseJson(text) { try { return JSON.parse(text || "{}") || {}; } catch (e) { return {}; } }
  function unique(list) { return list.filter(function (v, i) { return list.indexOf(v) === i; }); }
  function caseless(a, b) { return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0; }
  function countMeetings(records) {
    var seen = {}, n = 0;
    records.forEach(function (r) { if (!seen[r.href]) { seen[r.href] = true; n++; } });
    return n;
  }

  // -- "on now", today and next from the hour files (meetings/today/, the split lists) -----------
  /* The meetings that start from `from` to `to` minutes from now, read from the hour files of the
   * UTC week: eight small files for "on now and starting soon", the hours to midnight for today.
   * A file holds its hour by standard time; in summer time a meeting starts up to an hour earlier.
   * `hours`: the hours already read (left out, and the new ones added), when reading on; `keep`:
   * which records to keep (all by default). */
  function loadHours(base, clock, from, to, hours, keep) {
    var nowW = utcWeekMinute(clock.now), need = [], first = Math.floor((nowW + from) / 60);
    var last = Math.min(Math.floor((nowW + to + 60) / 60), first + 167);
    hours = hours || {};
    for (var hr = first; hr <= last; hr++) {
      if (!hours[mod(hr, 168)]) { hours[mod(hr, 168)] = true; need.push(mod(hr, 168)); }
    }
    return Promise.all(need.map(function (hour) {
      return fetch(base + "hours/" + hour + ".json").then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (data) { return jsonRecords(data, data.days || [], base); });
    })).then(function (lists) {
      var records = [].concat.apply([], lists);
      return keep ? records.filter(keep) : records;
    });
  }

  /* Nothing on nor soon: the hours ahead, a day at a time, until the next NEXT_COUNT starts are
   * certain (every hour up to the last of them read) or the whole week is. */
  function loadNext(base, clock, records, hours, keep) {
    var ahead = SOON, all = function () { return true; };
    var more = function () {
      var from = ahead;
      ahead += 1440;
      return loadHours(base, clock, from, ahead, hours, keep).then(function (recs) {
        records = records.concat(recs);
        var next = nowAndNext(records, clock, all).next;
        var sure = next.length >= NEXT_COUNT && next[NEXT_COUNT - 1].delta <= ahead;
        return sure || Object.keys(hours).length >= 168 ? records : more();
      });
    };
    return more();
  }

  // -- meetings/today/: every region's meetings from now to the visitor's midnight ----------------
  /* Today's meetings at instant clock.now, in the visitor's day: in progress (started up to RECENT
   * minutes ago, or still running when it can be joined online), then later today, by start. */
  function todayPlan(records, clock, keep) {
    var left = 1440 - clock.nowIn(clock.visitor) % 1440;
    var progress = [], later = [];
    occurrences(records, clock, keep, function (rec, delta) {
      var joinable = rec.att === "online" || rec.att === "hybrid";
      if (delta <= 0 && (delta >= -RECENT || joinable) && delta + rec.minutes > 0) progress.push({ rec: rec, delta: delta });
      else if (delta > 0 && delta < left) later.push({ rec: rec, delta: delta });
    });
    return { progress: progress.sort(byDelta), later: later.sort(byDelta) };
  }

  function TodayList(finderEl, base) {
    var self = this;
    this.el = finderEl;
    this.base = base;
    this.regions = parseJson(finderEl.getAttribute("data-regions"));
    this.records = null;
    var wanted = (new URLSearchParams(location.search).get("region") || "").split(",");
    this.chosen = Object.keys(this.regions).filter(function (r) { return wanted.indexOf(r) >= 0; });
    var chips = Object.keys(this.regions).map(function (slug) {
      return chip("region", slug, [self.regions[slug]], { region: self.chosen });
    });
    this.count = h("p", { "class": "pd-f-count", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    // Folded by default: with many regions the chips would push the list itself off the first screen.
    var more = h("div", { id: "pd-f-regions", "class": "pd-more", hidden: !this.chosen.length },
      [fieldset(_("Region"), chips)]);
    var toggle = h("button", { type: "button", "class": "pd-button pd-more-button",
      "aria-expanded": String(!!this.chosen.length), "aria-controls": "pd-f-regions" }, [_("Regions")]);
    toggle.addEventListener("click", function () {
      more.hidden = !more.hidden;
      toggle.setAttribute("aria-expanded", String(!more.hidden));
    });
    this.toggle = toggle;
    this.form = h("form", { "class": "pd-filters", "aria-label": _("Filter by region") },
      [h("div", { "class": "pd-f-actions" }, [toggle, this.count]), more]);
    this.form.addEventListener("submit", function (e) { e.preventDefault(); });
    this.form.addEventListener("change", function (e) {
      var t = e.target;
      if (t.type !== "checkbox") return;
      var at = self.chosen.indexOf(t.value);
      if (t.checked && at < 0) self.chosen.push(t.value);
      if (!t.checked && at >= 0) self.chosen.splice(at, 1);
      t.parentNode.classList.toggle("is-on", t.checked);
      var params = new URLSearchParams(location.search);
      if (self.chosen.length) params.set("region", self.chosen.join(",")); else params.delete("region");
      var query = params.toString().replace(/%2C/g, ",");
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      self.render();
    });
    this.clockLine = h("p", { "class": "pd-now-clock" });
    this.body = h("div", { "class": "pd-today-body" }, [_("Loading today's meetings…")]);
    finderEl.appendChild(this.clockLine);
    if (Object.keys(this.regions).length > 1) finderEl.appendChild(this.form);
    finderEl.appendChild(this.body);
    var note = document.querySelector(".pd-js-only-note");
    if (note) note.textContent = _("Every meeting, by region, day and time:");
  }

  TodayList.prototype.load = function () {
    var self = this, clock = new Clock(Date.now());
    this.day = Math.floor(clock.nowIn(clock.visitor) / 1440); // the day whose files are read
    var left = 1440 - clock.nowIn(clock.visitor) % 1440;
    // In progress: online meetings may have started hours ago (four at most, as for "on now").
    return loadHours(this.base, clock, -240, left).then(function (records) {
      self.records = records;
      self.render();
    }, function () {
      self.body.textContent = _("Today's meetings could not be loaded. Pick a region below instead.");
    });
  };

  TodayList.prototype.render = function () {
    if (!this.records) return;
    var self = this, clock = new Clock(Date.now()), vis = clock.visitor;
    if (Math.floor(clock.nowIn(vis) / 1440) !== this.day) { this.load(); return; } // past midnight: its files
    var keep = function (r) { return !self.chosen.length || self.chosen.indexOf(r.region) >= 0; };
    var plan = todayPlan(this.records, clock, keep);
    this.clockLine.textContent = fill(vis ? _("It is {when} where you are ({zone}). Times are yours.")
      : _("It is {when} where you are. Times are yours."), { when: dayTime(clock.nowIn(vis)), zone: vis.replace(/_/g, " ") });
    this.body.textContent = "";
    var n = plan.progress.length + plan.later.length;
    this.count.textContent = !n ? "" : this.chosen.length
      ? fill(ngettext("{n} meeting left today in {regions}.", "{n} meetings left today in {regions}.", n),
        { regions: ngettext("{n} region", "{n} regions", this.chosen.length) })
      : ngettext("{n} meeting left today.", "{n} meetings left today.", n);
    this.toggle.textContent = this.chosen.length ? fill(_("Regions ({n} on)"), { n: this.chosen.length }) : _("Regions");
    if (!n) {
      this.body.appendChild(h("p", { "class": "pd-now-none" }, linked(this.chosen.length
        ? _("No more meetings in these regions today. [Online meetings] run all week, and [online communities] are open around the clock.")
        : _("No more meetings today. [Online meetings] run all week, and [online communities] are open around the clock."),
      [{ href: this.base + "../online-now/" }, { href: homePath() + "communities/" }])));
      return;
    }
    [[_("In progress"), plan.progress], [_("Later today"), plan.later]].forEach(function (part) {
      if (!part[1].length) return;
      var list = h("ul", { "class": "pd-now-list", "aria-label": part[0] });
      self.body.appendChild(h("h2", { "class": "pd-today-h" }, [part[0] + " (" + part[1].length + ")"]));
      self.body.appendChild(list);
      var add = function (items) {
        items.forEach(function (it) {
          var li = nowItem(it, clock);
          var region = self.regions[it.rec.region], sub = li.querySelector(".pd-sub");
          // The online "region" is already said by the row's "Online" (in the page's language, while
          // the region keeps the name regions.yaml gives it).
          var said = sub.textContent.split(" · ").indexOf(region) >= 0 ||
            (it.rec.att === "online" && (region === "Online" || region === _("Online")));
          if (region && !said) sub.textContent += " · " + region;
          list.appendChild(li);
        });
      };
      add(part[1].slice(0, TODAY_FIRST)); // a big directory's evening has a thousand: the first show at once
      if (part[1].length > TODAY_FIRST) {
        var more = h("button", { type: "button", "class": "pd-button pd-more-now" }, [fill(_("Show all {n}"), { n: part[1].length })]);
        more.addEventListener("click", function () {
          add(part[1].slice(TODAY_FIRST));
          more.remove();
          var next = list.children[TODAY_FIRST] && list.children[TODAY_FIRST].querySelector("a");
          if (next) next.focus();
        });
        self.body.appendChild(more);
      }
    });
  };

  // -- meeting pages: the visitor's own day and time ---------------------------------------------
  /* The page's weekly schedule from its JSON-LD (a schema.org Event's eventSchedule: the one copy of
   * its days, start and zone on the page; issue 20): { days: [0 = Sunday…], start: minutes, zone }. */
  function pageSchedule() {
    var scripts = document.querySelectorAll("script[type='application/ld+json']");
    for (var i = 0; i < scripts.length; i++) {
      var data = parseJson(scripts[i].textContent), s = data.eventSchedule;
      var time = s && /^(\d\d):(\d\d)/.exec(String(s.startTime || ""));
      if (data["@type"] !== "Event" || !time || typeof s.scheduleTimezone !== "string") continue;
      var days = [].concat(s.byDay || []).map(function (d) { return DAYS.indexOf(String(d).replace(/^https?:\/\/schema\.org\//, "")); });
      return { days: days.filter(function (d, at) { return d >= 0 && days.indexOf(d) === at; }),
        start: +time[1] * 60 + +time[2], zone: s.scheduleTimezone };
    }
    return null;
  }

  /* Under the meeting's own time, the visitor's where their clock differs. */
  function showLocalTime() {
    var when = document.querySelector(".pd-meeting .pd-when"), s = when && pageSchedule();
    if (!s || !s.days.length) return;
    var clock = new Clock(Date.now()), vis = clock.visitor, local;
    try {
      if (!vis || clock.sameClock(s.zone, vis)) return;
      local = s.days.map(function (d) { return clock.inZone(d, s.start, s.zone, vis); }).sort(function (a, b) { return a - b; });
    } catch (e) { return; } // a zone this browser does not know
    // Read the days round the week from after its widest gap: Friday, Saturday become Saturday, Sunday.
    var from = 0, widest = -1;
    local.forEach(function (w, i) {
      var gap = mod(local[(i + 1) % local.length] - w, WEEK) || WEEK;
      if (gap > widest) { widest = gap; from = (i + 1) % local.length; }
    });
    local = local.slice(from).concat(local.slice(0, from));
    var names = local.map(function (w) { return DAY_NAMES[Math.floor(w / 1440)]; });
    var dayText = names.length === 7 ? _("every day") : names.length === 1 ? names[0]
      : fill(_("{days} and {day}"), { days: names.slice(0, -1).join(", "), day: names[names.length - 1] });
    when.parentNode.appendChild(h("span", { "class": "pd-local" }, [fill(_("Your time ({zone}): {days} at {time}"),
      { zone: vis.replace(/_/g, " "), days: dayText, time: clock12(local[0] % 1440) })]));
  }

  // -- start -----------------------------------------------------------------------------------
  /* An "on now" box fed by the hour files of `base`: the hours around now, read again when the hour
   * turns; when nothing is on or starts soon, the hours ahead until the next to start are known. */
  function hourFed(panel, base, failed, keep) {
    // data: { records, hours read, ahead: the hours ahead asked for, read: and read }
    var hour = null, data = null, all = function () { return true; };
    var draw = function () {
      var clock = new Clock(Date.now()), nowHour = Math.floor(utcWeekMinute(clock.now) / 60);
      if (nowHour !== hour) {
        hour = nowHour;
        var hours = {};
        loadHours(base, clock, -240, SOON, hours, keep).then(function (recs) {
          if (hour !== nowHour) return;
          data = { records: recs, hours: hours, ahead: false };
          draw();
        }, failed);
      }
      if (data === null) return; // still reading the first hours (or they failed): nothing to draw yet
      var found = nowAndNext(data.records, clock, all), was = data;
      if (!found.on.length && !found.soon.length && !was.ahead) {
        // Only the hours around now were read: the next to start may be days away. Shown once known,
        // not guessed from those hours.
        was.ahead = true;
        loadNext(base, clock, was.records, was.hours, keep).then(function (recs) {
          if (data !== was) return; // the hour turned meanwhile: read from the new one
          data = { records: recs, hours: was.hours, ahead: true, read: true };
          draw();
        }, failed);
      }
      if (found.on.length || found.soon.length || data.read) panel.show(found, clock, data.records.length);
    };
    return draw;
  }

  function startHome(box) {
    var panel = new NowPanel(box, _("On now and next"), true), home = homePath();
    panel.body.textContent = _("Loading the meetings on now…");
    var draw = hourFed(panel, home + "meetings/today/", function () {
      panel.body.textContent = "";
      panel.body.appendChild(h("p", null, linked(_("[Today's meetings] · [Call 988] any time."),
        [{ href: home + "meetings/today/" }, { href: "tel:988" }])));
    });
    draw();
    everyMinute(draw);
  }

  /* A page left open stays right: redrawn every minute, and at once when shown again (a hidden
   * tab's timers are slowed). */
  function everyMinute(draw) {
    setInterval(draw, 60000);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") draw(); });
  }

  function start() {
    showLocalTime();
    var home = document.getElementById("pd-home-now");
    if (home) startHome(home);
    var finderEl = document.getElementById("pd-finder");
    if (!finderEl) return;
    if (window.performance && performance.mark) performance.mark("pd-finder-start"); // for benchmarks/finder.py
    var todayBase = finderEl.getAttribute("data-today-json");
    if (todayBase !== null) {
      var today = new TodayList(finderEl, todayBase);
      today.load();
      everyMinute(function () { today.render(); }); // ended meetings drop off; past midnight, a new day
      return;
    }
    var root = finderEl.closest("article") || document;
    var jsonBase = finderEl.getAttribute("data-day-json"); // set on the pages of a list split by day
    var finder = root.querySelector(ROWS) ? new Finder(root, finderEl) : null;
    var panel = new NowPanel(finderEl, _("On now and starting soon"));
    finderEl.insertBefore(panel.el, finderEl.firstChild);
    var source = jsonBase === null && finder ? finder.records : null;
    var keep = function () { return true; };
    var render = function () {
      if (!source) return;
      var clock = new Clock(Date.now()), found = nowAndNext(source, clock, keep), st = finder && finder.state;
      found.filtered = !!st && !!(st.q || st.program.length || st.type.length || st.attend.length);
      panel.show(found, clock, source.length);
    };
    if (finder) {
      finder.onUpdate = function (what) {
        keep = what;
        render();
      };
      finder.update(false);
    }
    if (jsonBase !== null && finder) {
      // A split day page lists one day; what is on now, across days, is on the page of days.
      panel.body.appendChild(h("p", null, linked(_("See [the meetings on now] for every meeting on now or starting soon, whatever its day."),
        [{ href: jsonBase }])));
    } else if (jsonBase !== null) {
      panel.body.textContent = _("Loading the meetings on now…");
      // The online list reads every meeting's hours (meetings/today/'s) and keeps those one can join.
      var joinable = finderEl.getAttribute("data-region") !== "online-now" ? null
        : function (r) { return r.att === "online" || r.att === "hybrid"; };
      render = hourFed(panel, jsonBase, function () {
        panel.body.textContent = _("The meetings on now could not be loaded. Pick a day below instead.");
      }, joinable);
      render();
    } else if (!source) {
      source = [];
      render();
    }
    everyMinute(function () { // what is on now, what has ended, and past midnight a new today
      if (finder && (finder.newDay() || finder.state.day.indexOf("today") >= 0)) finder.update(false); else render();
    });
    if (window.performance && performance.mark) performance.mark("pd-finder-end");
  }

  // For tests and other scripts: the pure parts, with records as the rows or day files give them.
  window.peerdirFinder = {
    nowAndNext: function (records, now) {
      return nowAndNext(records, new Clock(now), function () { return true; });
    },
    todayPlan: function (records, now) {
      return todayPlan(records, new Clock(now), function () { return true; });
    },
    rowRecords: rowRecords, jsonRecords: jsonRecords
  };

  // Loaded at the end of <body>, before the theme's bundle: the rows are parsed, and the form and
  // times go in before the first layout of a long list, instead of causing a second one.
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
