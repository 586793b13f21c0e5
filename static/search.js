/* limber: search from the box on every page. An enhancement only: every
   page is complete without it. Nothing is fetched and nothing is sent: the
   search index is a script added with a <script> tag, which also works from
   file://, where fetch() of a local file is refused.

   The index (written by src/site/search/) numbers every word once; here each
   word a query could mean is scored once per query against that dictionary,
   so the work for each entry is only looking numbers up. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var $ = function (id) { return document.getElementById(id); };

  var input = $("search-input"), list = $("search-results"), status = $("search-status");
  var index = null, results = [], active = -1, waiting = null;

  var TITLE = 0, ALIASES = 1, TERMS = 2, SUMMARY = 3, STEPS = 4;
  // Names first, then the vocabularies, the summary and the steps.
  var WEIGHTS = [10, 9, 6, 3, 1];
  var SHOWN = 8;
  var NAMED = 5;

  // Words that say how a reader feels or fill a sentence ("stretches for
  // neck pain"): they add to a match but are not required.
  var OPTIONAL = {};
  ("a an the on in at to of for with my your and or i me is it do how what " +
   "pain painful ache aches aching achy sore stiff stiffness hurt hurts hurting " +
   "exercise exercises need needed some good").split(" ").forEach(function (w) { OPTIONAL[w] = 1; });

  // ---- Words --------------------------------------------------------------

  function words(s) {
    s = (s || "").toLowerCase().normalize("NFD").replace(/\p{M}+/gu, "");
    return s.split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w; });
  }

  // Endings that make word forms of one word ("stretches", "rotating",
  // "rotation" and "rotate" are one): a light suffix stripper, since the
  // guide's words need only find each other, not be dictionary stems.
  var ENDINGS = [["ations", "at"], ["ation", "at"], ["ings", ""], ["ing", ""], ["ions", ""], ["ion", ""],
    ["ies", "y"], ["es", ""], ["ed", ""], ["ly", ""], ["s", ""], ["e", ""]];
  function stem(w) {
    if (w.length < 4 || /^\p{N}+$/u.test(w)) return w;
    for (var i = 0; i < ENDINGS.length; i++) {
      var end = ENDINGS[i][0];
      if (w.length - end.length >= 3 && w.slice(-end.length) === end) {
        if (end === "s" && /[su]s$/.test(w)) continue; // "press", "circus"
        w = w.slice(0, -end.length) + ENDINGS[i][1];
        break;
      }
    }
    // "sitting" -> "sitt" -> "sit"
    if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !/[aeiouls]/.test(w[w.length - 1])) w = w.slice(0, -1);
    return w;
  }

  // A name as one word, to know a query that is the whole name however it
  // is split or joined ("pushups" is "Push-up").
  function key(s) { return stem(words(s).join("")); }

  // As content::slugify makes one from an ASCII title.
  function slug(title) {
    return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
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

  // ---- The index ----------------------------------------------------------

  // The dictionary: every word of the index once, with its stem.
  function Dictionary() { this.forms = []; this.stems = []; this.ids = Object.create(null); }
  Dictionary.prototype.id = function (w) {
    var id = this.ids[w];
    if (id === undefined) {
      id = this.ids[w] = this.forms.length;
      this.forms.push(w); this.stems.push(stem(w));
    }
    return id;
  };
  // Every word of `text`, and each two neighbours joined ("cat-cow" is
  // also "catcow", "Push up" also "pushup"): names are typed both ways.
  Dictionary.prototype.name = function (text, out) {
    var ws = words(text);
    for (var i = 0; i < ws.length; i++) {
      out.push(this.id(ws[i]));
      if (i + 1 < ws.length) out.push(this.id(ws[i] + ws[i + 1]));
    }
    return out;
  };

  // Numbers written by src/site/search/ids.rs: base 32, sorted, each but the
  // first as its distance from the one before, less one.
  var DIGITS = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ-_wxyz";
  function decode(s, map, out) {
    var value = 0, prev = -1;
    for (var i = 0; i < s.length; i++) {
      var d = DIGITS.indexOf(s[i]);
      value = value * 32 + (d & 31);
      if (d < 32) {
        prev = prev < 0 ? value : prev + value + 1;
        var m = map[prev];
        if (m) for (var k = 0; k < m.length; k++) out.push(m[k]);
        value = 0;
      }
    }
    return out;
  }

  function load(data) {
    var dict = new Dictionary();
    // The index's words may split further here (the query's words are split
    // the same way), so each is a list of dictionary words.
    var wordMap = data.w.map(function (w) { return words(w).map(function (x) { return dict.id(x); }); });
    var terms = data.t.map(function (names) {
      var single = [], phrases = [];
      names.forEach(function (name, n) {
        var ws = words(name);
        // The label's words each count; a longer other name ("on your
        // back") only as a whole.
        if (n === 0 || ws.length === 1) dict.name(name, single);
        else if (ws.length > 1) phrases.push(ws.map(stem));
      });
      return { label: names[0], ids: single, phrases: phrases };
    });
    var termMap = terms.map(function (t) { return t.ids; });
    var termNumbers = terms.map(function (_, i) { return [i]; });
    var entries = [];
    function add(e, n, kind, folder) {
      var aliases = e[2].map(function (a) { return dict.name(a, []); });
      entries.push({
        title: e[0], kind: kind, order: n,
        names: [e[0]].concat(e[2]).map(key),
        url: folder + (e[1] === 0 ? slug(e[0]) : e[1]) + ".html",
        aliases: e[2], aliasIds: aliases,
        terms: decode(e[3], termNumbers, []),
        f: [
          dict.name(e[0], []),
          [].concat.apply([], aliases),
          decode(e[3], termMap, []),
          decode(e[4], wordMap, []),
          decode(e[5], wordMap, [])
        ].map(function (ids) { return Int32Array.from(ids); })
      });
    }
    data.e.forEach(function (e, n) { add(e, n, "Exercise", "exercises/"); });
    data.r.forEach(function (e, n) { add(e, data.e.length + n, "Routine", "routines/"); });
    return { dict: dict, terms: terms, entries: entries };
  }

  // Loaded on first use, so pages that are only read never pay for it.
  function withIndex(then) {
    if (index) return then();
    if (window.limberSearch) {
      index = load(window.limberSearch);
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

  // ---- Matching -----------------------------------------------------------

  // How well the query word `q` stands for each word of the dictionary:
  // 1 the word, 0.95 a form of it, 0.8 its start, 0.6 or 0.45 one or two
  // typos away (0.5 or 0.35 from its start). The shorter of two words says
  // how many typos they may differ by: one from three letters (and then
  // with the first letter right: "nek", "tuk"), two from seven.
  function typos(n) { return n >= 7 ? 2 : n >= 3 ? 1 : 0; }
  function near(a, b) {
    var max = typos(Math.min(a.length, b.length));
    if (!max || (Math.min(a.length, b.length) === 3 && a[0] !== b[0])) return 0;
    var d = dist(a, b, max);
    return d > max ? 0 : d;
  }
  function quality(q, dict, last) {
    var n = dict.forms.length, out = new Float32Array(n), qs = stem(q);
    if (/^\p{N}+$/u.test(q)) {
      for (var k = 0; k < n; k++) if (dict.forms[k] === q) out[k] = 1;
      return out;
    }
    var prefix = last || q.length >= 3;
    for (var i = 0; i < n; i++) {
      var w = dict.forms[i];
      if (w === q) { out[i] = 1; continue; }
      if (dict.stems[i] === qs) { out[i] = 0.95; continue; }
      if (prefix && w.lastIndexOf(q, 0) === 0) { out[i] = 0.8; continue; }
      // Stems only when long enough not to make new neighbours ("sit", "six").
      var d = near(q, w) || (qs.length >= 5 && near(qs, dict.stems[i]));
      if (d) { out[i] = d === 1 ? 0.6 : 0.45; continue; }
      if (prefix && q.length >= 4 && w.length > q.length) {
        d = near(q, w.slice(0, q.length));
        if (d) out[i] = d === 1 ? 0.5 : 0.35;
      }
    }
    return out;
  }

  function best(ids, q) {
    var b = 0;
    for (var i = 0; i < ids.length; i++) if (q[ids[i]] > b) b = q[ids[i]];
    return b;
  }

  // The query's words, what each could mean, and which are required.
  function prepare(query) {
    var ws = words(query);
    var required = ws.map(function (w) { return !OPTIONAL[w]; });
    if (!required.some(Boolean)) required = ws.map(function () { return true; });
    var dict = index.dict;
    var qs = ws.map(function (w, i) { return quality(w, dict, i === ws.length - 1); });
    // Two words typed apart that a name has as one ("sit up").
    var joined = [];
    for (var i = 0; i + 1 < ws.length; i++) joined.push(quality(ws[i] + ws[i + 1], dict, i + 2 === ws.length));
    // Vocabulary names of several words found whole in the query: the
    // terms they name, and which of the query's words they cover.
    var stems = ws.map(stem), phrases = [];
    index.terms.forEach(function (t, ti) {
      t.phrases.forEach(function (p) {
        for (var s = 0; s + p.length <= stems.length; s++) {
          var ok = true;
          for (var k = 0; k < p.length && ok; k++) ok = stems[s + k] === p[k] || p[k].length >= 4 && dist(stems[s + k], p[k], 1) <= 1;
          if (ok) phrases.push({ term: ti, words: ws.slice(s, s + p.length).map(function (_, k) { return s + k; }) });
        }
      });
    });
    return { words: ws, required: required, q: qs, joined: joined, phrases: phrases, key: key(query) };
  }

  // Each query word's best score in the entry, and the fields it came from.
  function scoreEntry(en, p) {
    var n = p.words.length, s = new Float64Array(n), from = new Int8Array(n).fill(-1);
    var put = function (i, v, f) { if (v > s[i]) { s[i] = v; from[i] = f; } };
    for (var i = 0; i < n; i++) {
      for (var f = 0; f < 5; f++) {
        var v = WEIGHTS[f] * best(en.f[f], p.q[i]);
        put(i, v, f);
      }
    }
    for (i = 0; i < p.joined.length; i++) {
      for (f = TITLE; f <= ALIASES; f++) {
        v = WEIGHTS[f] * best(en.f[f], p.joined[i]);
        put(i, v, f); put(i + 1, v, f);
      }
    }
    for (i = 0; i < p.phrases.length; i++) {
      var ph = p.phrases[i];
      if (en.terms.indexOf(ph.term) >= 0) ph.words.forEach(function (w) { put(w, WEIGHTS[TERMS], TERMS); });
    }
    // The whole name typed, however split: above names that only contain it.
    var total = 0, found = 0, needed = 0;
    for (i = 0; i < en.names.length; i++) {
      if (en.names[i] === p.key) { total += NAMED; break; }
      if (near(en.names[i], p.key)) { total += NAMED / 2; break; }
    }
    for (i = 0; i < n; i++) {
      total += s[i];
      if (p.required[i]) { needed++; if (s[i] > 0) found++; }
    }
    return { total: total, found: found, all: found === needed, from: from };
  }

  // Why an entry matched, when its title does not say: the other name or
  // the vocabulary term that did.
  function why(en, p, from) {
    var alias = -1, aliasBest = 0, i;
    if (from.indexOf(ALIASES) >= 0) {
      en.aliasIds.forEach(function (ids, a) {
        var sum = 0;
        for (i = 0; i < p.words.length; i++) sum += best(ids, p.q[i]) + (i < p.joined.length ? best(ids, p.joined[i]) : 0);
        if (sum > aliasBest) { aliasBest = sum; alias = a; }
      });
      if (alias >= 0) return "also called " + en.aliases[alias];
    }
    if (from.indexOf(TITLE) < 0 && from.indexOf(TERMS) >= 0) {
      // The terms naming the most of the query's words.
      var labels = [], most = 0;
      en.terms.forEach(function (t) {
        var term = index.terms[t], named = 0;
        for (i = 0; i < p.words.length; i++) {
          if (from[i] === TERMS && (best(term.ids, p.q[i]) > 0 ||
            p.phrases.some(function (ph) { return ph.term === t && ph.words.indexOf(i) >= 0; }))) named++;
        }
        if (named > most) { most = named; labels = []; }
        if (named && named === most) labels.push(term.label);
      });
      if (labels.length) return labels.join(", ");
    }
    return "";
  }

  function search(query) {
    var p = prepare(query);
    if (!p.words.length) return { all: true, hits: [] };
    var full = [], partial = [];
    index.entries.forEach(function (en) {
      var r = scoreEntry(en, p);
      if (r.all) full.push({ e: en, r: r });
      else if (r.found) partial.push({ e: en, r: r });
    });
    var byScore = function (a, b) { return b.r.found - a.r.found || b.r.total - a.r.total || a.e.order - b.e.order; };
    var all = full.length > 0;
    var hits = (all ? full : partial).sort(byScore).slice(0, SHOWN);
    return {
      all: all,
      hits: hits.map(function (h) { return { t: h.e.title, k: h.e.kind, u: h.e.url, why: why(h.e, p, h.r.from) }; })
    };
  }

  // ---- The combobox -------------------------------------------------------

  function show(open) {
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) { active = -1; input.removeAttribute("aria-activedescendant"); }
  }

  function options() { return list.querySelectorAll("[id^=search-result-]"); }

  function highlight(n) {
    var opts = options();
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

  function note(id, text) {
    var li = el("li", "search-none", text);
    li.setAttribute("role", "option"); li.setAttribute("aria-disabled", "true"); li.id = id;
    list.appendChild(li);
  }

  function render() {
    var q = input.value.trim(), found = search(input.value);
    results = found.hits;
    list.textContent = "";
    active = -1; input.removeAttribute("aria-activedescendant");
    if (q && results.length && !found.all) note("search-partial", "No exercise matches all of \u201c" + q + "\u201d; closest:");
    results.forEach(function (r, n) {
      var li = document.createElement("li");
      li.id = "search-result-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.append(el("span", "search-title", r.t), " ", el("span", "search-kind", r.k));
      if (r.why) li.append(" ", el("span", "search-why", "(" + r.why + ")"));
      // Keep focus in the box so the list stays open while it is clicked.
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
      li.addEventListener("click", function () { go(n); });
      list.appendChild(li);
    });
    show(!!q);
    if (q && !results.length) note("search-none", "No matches. Check the spelling or try another word.");
    var count = results.length + " result" + (results.length === 1 ? "" : "s");
    status.textContent = !q ? "" : !results.length ? "No results for " + q :
      found.all ? count + " for " + q : "No exercise matches all of " + q + "; " + count + " that match some of it";
  }

  if (input && list) {
    input.addEventListener("input", function () { withIndex(render); });
    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("keydown", function (ev) {
      var open = !list.hidden && results.length;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!index) return;
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
