/* limber: search from the box on every page. An enhancement only: every
   page is complete without it. Nothing is fetched: the search
   index is a script added with a <script> tag, which also works from file://,
   where fetch() of a local file is refused. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var $ = function (id) { return document.getElementById(id); };

  var input = $("search-input"), list = $("search-results"), status = $("search-status");
  var entries = null, results = [], active = -1, waiting = null;

  function norm(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
  function words(s) { s = norm(s); return s ? s.split(" ") : []; }

  // Loaded on first use, so pages that are only read never pay for it.
  function withIndex(then) {
    if (entries) return then();
    if (window.limberSearch) {
      entries = window.limberSearch.map(function (e) {
        return { e: e, f: [words(e.t), words(e.a), words(e.s), words(e.x)] };
      });
      return then();
    }
    if (waiting) { waiting.push(then); return; }
    waiting = [then];
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = function () { var w = waiting; waiting = null; w.forEach(function (f) { withIndex(f); }); };
    s.onerror = function () { status.textContent = "Search could not be loaded."; };
    document.head.appendChild(s);
  }

  // Edit distance counting a swap of neighbours as one typo, stopping
  // early once it is past `max`.
  function dist(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var c = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < low) low = v;
      }
      if (low > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  // 3: the word or its start; 2 or 1: one or two typos away (longer
  // words allow more); 0: no match.
  function match(q, ws) {
    var best = 0, max = q.length >= 7 ? 2 : q.length >= 4 ? 1 : 0;
    for (var k = 0; k < ws.length && best < 3; k++) {
      var w = ws[k];
      if (w.lastIndexOf(q, 0) === 0) return 3;
      if (!max) continue;
      var d = Math.min(dist(q, w, max), w.length > q.length ? dist(q, w.slice(0, q.length), max) : max + 1);
      if (d <= max) best = Math.max(best, 3 - d);
    }
    return best;
  }

  var WEIGHTS = [10, 8, 4, 1]; // title, aliases, summary, steps

  function search(query) {
    var qs = words(query);
    if (!qs.length) return [];
    var out = [];
    entries.forEach(function (en) {
      var score = 0;
      for (var i = 0; i < qs.length; i++) {
        var best = 0;
        for (var f = 0; f < 4; f++) best = Math.max(best, match(qs[i], en.f[f]) * WEIGHTS[f]);
        if (!best) return; // every word must match somewhere
        score += best;
      }
      out.push({ e: en.e, s: score });
    });
    out.sort(function (a, b) { return b.s - a.s || (a.e.t < b.e.t ? -1 : 1); });
    return out.slice(0, 8).map(function (r) { return r.e; });
  }

  function show(open) {
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) { active = -1; input.removeAttribute("aria-activedescendant"); }
  }

  function highlight(n) {
    var opts = list.children;
    if (!opts.length) return;
    active = (n + opts.length) % opts.length;
    for (var i = 0; i < opts.length; i++) opts[i].setAttribute("aria-selected", i === active ? "true" : "false");
    input.setAttribute("aria-activedescendant", opts[active].id);
    opts[active].scrollIntoView({ block: "nearest" });
  }

  function go(n) { if (results[n]) location.href = root + results[n].u; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls; e.textContent = text;
    return e;
  }

  function render() {
    results = search(input.value);
    list.textContent = "";
    results.forEach(function (r, n) {
      var li = document.createElement("li");
      li.id = "search-result-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.append(el("span", "search-title", r.t), " ", el("span", "search-kind", r.k));
      // Keep focus in the box so the list stays open while it is clicked.
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
      li.addEventListener("click", function () { go(n); });
      list.appendChild(li);
    });
    var q = input.value.trim();
    show(!!q);
    if (q && !results.length) {
      var none = el("li", "search-none", "No matches. Check the spelling or try another word.");
      none.setAttribute("role", "option"); none.setAttribute("aria-disabled", "true"); none.id = "search-none";
      list.appendChild(none);
    }
    status.textContent = !q ? "" : results.length ? results.length + " result" + (results.length === 1 ? "" : "s") + " for " + q : "No results for " + q;
  }

  if (input && list) {
    input.addEventListener("input", function () { withIndex(render); });
    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("keydown", function (ev) {
      var open = !list.hidden && results.length;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!entries) return;
        if (list.hidden) render();
        if (results.length) highlight(active < 0 ? (ev.key === "ArrowDown" ? 0 : -1) : active + (ev.key === "ArrowDown" ? 1 : -1));
        ev.preventDefault();
      } else if (ev.key === "Enter") {
        if (open) { ev.preventDefault(); go(active < 0 ? 0 : active); }
      } else if (ev.key === "Escape") {
        if (!list.hidden) { show(false); ev.preventDefault(); }
        else if (input.value) { input.value = ""; status.textContent = ""; ev.preventDefault(); }
      }
    });
    input.addEventListener("blur", function () { show(false); });
  }
})();
