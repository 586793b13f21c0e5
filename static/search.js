/* limber: search from the box on every page. An enhancement only: every
   page is complete without it. site.js adds this script when the box is
   first used, so pages that are only read never load it. Nothing is fetched and nothing is sent: the
   search index is a script added with a <script> tag, which also works from
   file://, where fetch() of a local file is refused.

   The index (written by src/site/search/) numbers every word once; here each
   word a query could mean is scored once per query against that dictionary,
   so the work for each entry is only looking numbers up. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var $ = (id) => document.getElementById(id);

  var input = $("search-input"), list = $("search-results"), status = $("search-status");
  var results = [], active = -1, waiting = null;

  // ---- The page's language --------------------------------------------------

  // What search says is in the page's words (#limber-words, from the
  // language's script.toml); a word with a count has a form for each of
  // the language's plural categories.
  var lang = document.documentElement.lang || "en", base = lang.toLowerCase().split("-")[0], said = {}, rules = {}, number;
  try { said = JSON.parse($("limber-words").textContent); } catch (e) { /* a page without words says nothing */ }
  // Intl's objects are made once: making them takes longer than a search.
  function say(key, fill, n) {
    var w = said["search_" + key] || "", l;
    if (typeof w === "object") {
      l = w._lang || lang;
      number = number || new Intl.NumberFormat(lang);
      w = (w[(rules[l] = rules[l] || new Intl.PluralRules(l)).select(n)] || w.other || "").replace("{n}", number.format(n));
    }
    for (var k in fill) w = w.replace("{" + k + "}", () => fill[k]);
    return w;
  }

  // Constants are `const` so that the minifier writes their values in.
  const TITLE = 0, ALIASES = 1, TERMS = 2, SUMMARY = 3, STEPS = 4;
  // Names first, then the vocabularies, the summary and the steps.
  const WEIGHTS = [10, 9, 6, 3, 1];
  const SHOWN = 8;
  const NAMED = 5;

  // ---- Words --------------------------------------------------------------

  // As src/site/search/text.rs folds the index's words: lowercase, no
  // marks (accents, Arabic vowels; kana keep their voicing marks), no
  // tatweel, alef wasla as alef.
  function fold(s) {
    s = (s || "").toLowerCase();
    // Most words of most guides are ASCII, which has nothing to fold.
    return /^[\0-\x7f]*$/.test(s) ? s : s.normalize("NFD").replace(/(?![\u3099\u309a])[\p{M}\u0640]/gu, "")
      .normalize("NFC").replace(/ß/g, "ss").replace(/\u0671/g, "\u0627");
  }

  // Han and kana are written without spaces: a run of them is its pairs of
  // characters, as in the index, so a word of two or more is found by its
  // own pairs.
  const UNSPACED = "\\p{sc=Han}\\p{sc=Hira}\\p{sc=Kana}\\u30fc\\uff70";
  var runs = new RegExp("[" + UNSPACED + "]+|[^" + UNSPACED + "]+", "gu"), unspaced = new RegExp("^[" + UNSPACED + "]", "u"),
    anyUnspaced = new RegExp("[" + UNSPACED + "]", "u");
  function words(s) {
    var out = [], all = fold(s).split(/[^\p{L}\p{N}]+/u);
    if (!anyUnspaced.test(s)) return all.filter((w) => w);
    for (var w of all) {
      for (var run of w.match(runs) || []) {
        var c = [...run];
        if (c.length > 1 && unspaced.test(run)) for (var i = 1; i < c.length; i++) out.push(c[i - 1] + c[i]);
        else out.push(run);
      }
    }
    return out;
  }

  // Word forms. The build joins the guide's own words that Snowball's
  // stemmer for the language gives one stem (the index's groups, `joins`
  // below); a query's word reaches them through `stem`, which strips the
  // endings of the page's language that make a plural or another gender of
  // a word, the part of Snowball's work a reader's query needs most
  // ("estiramientos", "hombros", "Schultern", "épaules"), at a few bytes
  // rather than a stemmer's kilobytes. Each rule keeps three letters.
  const LIGHT = {
    es: [/(?<=.{3}[^aeiou])es$|(?<=.{3})s$/, /(?<=.{3})[aoe]$/],
    fr: [/(?<=.{3})[sx]$/, /(?<=.{3})e$/],
    de: [/(?<=.{3})(?:ern|em|er|en|es|e|n|s)$/]
  }[base];
  // English: endings that make word forms of one word ("stretches",
  // "rotating", "rotation" and "rotate" are one), tuned on the query set.
  // Each is the ending and, after a colon, what it becomes.
  const ENDINGS = "ations:at ation:at ings: ing: ions: ion: ies:y es: ed: ly: s: e:".split(" ").map((e) => e.split(":"));
  function stem(w) {
    if (w.length < 4 || /^\p{N}+$/u.test(w)) return w;
    if (LIGHT) return LIGHT.reduce((w, r) => w.replace(r, ""), w);
    if (base !== "en") return w;
    for (var [end, to] of ENDINGS) {
      if (w.length - end.length >= 3 && w.slice(-end.length) === end) {
        if (end === "s" && /[su]s$/.test(w)) continue; // "press", "circus"
        w = w.slice(0, -end.length) + to;
        break;
      }
    }
    // "sitting" -> "sitt" -> "sit"
    if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !/[aeiouls]/.test(w[w.length - 1])) w = w.slice(0, -1);
    return w;
  }

  // Words that say how a reader feels or fill a sentence ("stretches for
  // neck pain"), in the page's language: they add to a match but are not
  // required.
  var OPTIONAL = {};
  words(say("filler")).forEach((w) => { OPTIONAL[w] = 1; });

  // A name as one word, to know a query that is the whole name however it
  // is split or joined ("pushups" is "Push-up").
  function key(s) { return stem(words(s).join("")); }

  // As content::slugify makes one from an ASCII title.
  function slug(title) {
    return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  // The characters a word has, folded into 32 bits: a word with more
  // characters the other lacks than typos allowed cannot be that close,
  // which rules out most of the dictionary without measuring a distance.
  function mask(w) {
    var m = 0;
    for (var i = 0; i < w.length; i++) m |= 1 << (w.charCodeAt(i) & 31);
    return m;
  }
  function bits(m) {
    m -= (m >>> 1) & 0x55555555;
    m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
    return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
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

  // The dictionary: every word of the index once, with its stem. There is
  // one index, so its parts are this script's variables, which the minifier
  // can shorten (it keeps property names).
  var forms = [], stems = [], masks = [], ids = Object.create(null);
  // Stems the build's groups join: each to one stem of its group.
  var joins = Object.create(null);
  function family(st) { while (joins[st]) st = joins[st]; return st; }
  // The look-ups `quality` needs, made by `seal` once every word is in.
  var stemIds = Object.create(null), byLength = [], stemsByLength = [], sorted = [];
  // The vocabulary terms, the entries (null until the index is loaded), and
  // which entries have each word and each term.
  var terms = [], entries = null, postings = [], termPostings = [];

  function wordId(w) {
    var id = ids[w];
    if (id === undefined) {
      id = ids[w] = forms.length;
      forms.push(w); stems.push(family(stem(w))); masks.push(mask(w));
    }
    return id;
  }
  function seal() {
    forms.forEach((w, id) => {
      var st = stems[id];
      if (!stemIds[st]) {
        stemIds[st] = [];
        (stemsByLength[st.length] = stemsByLength[st.length] || []).push(st);
      }
      stemIds[st].push(id);
      (byLength[w.length] = byLength[w.length] || []).push(id);
    });
    sorted = forms.map((_, id) => id).sort((a, b) => forms[a] < forms[b] ? -1 : forms[a] > forms[b] ? 1 : 0);
  }
  // The words that start with `q`: a range of the sorted words.
  function starting(q) {
    var lo = 0, hi = sorted.length, out = [];
    while (lo < hi) { var mid = (lo + hi) >> 1; if (forms[sorted[mid]] < q) lo = mid + 1; else hi = mid; }
    for (; lo < sorted.length && forms[sorted[lo]].lastIndexOf(q, 0) === 0; lo++) out.push(sorted[lo]);
    return out;
  }

  // Every word of `text`, and each two neighbours joined ("cat-cow" is
  // also "catcow", "Push up" also "pushup"): names are typed both ways.
  function nameIds(text, out) {
    var ws = words(text);
    for (var i = 0; i < ws.length; i++) {
      out.push(wordId(ws[i]));
      if (i + 1 < ws.length) out.push(wordId(ws[i] + ws[i + 1]));
    }
    return out;
  }

  // Numbers written by src/site/search/ids.rs: base 32, sorted, each but the
  // first as its distance from the one before, less one.
  const DIGITS = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ-_wxyz";
  function decode(s, map, out) {
    var value = 0, prev = -1;
    for (var i = 0; i < s.length; i++) {
      var d = DIGITS.indexOf(s[i]);
      value = value * 32 + (d & 31);
      if (d < 32) {
        prev = prev < 0 ? value : prev + value + 1;
        var m = map[prev];
        if (m) out.push(...m);
        value = 0;
      }
    }
    return out;
  }

  function load(data) {
    // The index's words may split further here (the query's words are split
    // the same way), so each is a list of dictionary words.
    var wordMap = data.w.split(" ").map((w) => words(w).map((x) => wordId(x)));
    // Snowball's groups: every stem in a group becomes the group's first.
    (data.g || []).forEach((g) => {
      var group = decode(g, wordMap, []), to = family(stems[group[0]]);
      group.forEach((id) => { var st = family(stems[id]); if (st !== to) joins[st] = to; });
    });
    stems = stems.map(family);
    terms = data.t.map((names) => {
      var single = [], longer = [];
      names.forEach((name, n) => {
        var ws = words(name);
        // The label's words each count; a longer other name ("on your
        // back") only as a whole.
        if (n === 0 || ws.length === 1) nameIds(name, single);
        else if (ws.length > 1) longer.push(ws.map(stem));
      });
      return { label: names[0], ids: single, phrases: longer };
    });
    var termNumbers = terms.map((_, i) => [i]);
    var list = [];
    var add = (e, n, kind, folder) => {
      var aliases = e[2].map((a) => nameIds(a, []));
      var names = [e[0]].concat(e[2]).map(key);
      list.push({
        title: e[0], kind: kind, order: n,
        names: names,
        nameMasks: names.map(mask),
        url: folder + (e[1] === 0 ? slug(e[0]) : e[1]) + ".html",
        aliases: e[2], aliasIds: aliases,
        terms: decode(e[3], termNumbers, []),
        f: [
          nameIds(e[0], []),
          aliases.flat(),
          [], // terms: scored through `terms`
          decode(e[4], wordMap, []),
          decode(e[5], wordMap, [])
        ].map((ids) => Int32Array.from(ids))
      });
    };
    data.e.forEach((e, n) => add(e, n, say("exercise"), "exercises/"));
    data.r.forEach((e, n) => add(e, data.e.length + n, say("routine"), "routines/"));
    seal();
    // Which entries have each word and each term, so a query looks only at
    // the entries that have its words.
    postings = [TITLE, ALIASES, TERMS, SUMMARY, STEPS].map(() => forms.map(() => []));
    termPostings = terms.map(() => []);
    list.forEach((en, j) => {
      [TITLE, ALIASES, SUMMARY, STEPS].forEach((f) => {
        for (var id of en.f[f]) {
          var posting = postings[f][id];
          if (posting[posting.length - 1] !== j) posting.push(j);
        }
      });
      en.terms.forEach((t) => termPostings[t].push(j));
    });
    entries = list;
  }

  // Loaded on first use, so pages that are only read never pay for it.
  function withIndex(then) {
    if (entries) return then();
    if (window.limberSearch) {
      load(window.limberSearch);
      return then();
    }
    if (waiting) { waiting.push(then); return; }
    waiting = [then];
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = () => { var w = waiting; waiting = null; w.forEach(withIndex); };
    s.onerror = () => { status.textContent = say("unavailable"); };
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
  function quality(q, last) {
    var out = new Float32Array(forms.length), hits = [], qs = family(stem(q));
    var set = (list, v) => {
      for (var id of list || []) {
        if (v > out[id]) { if (!out[id]) hits.push(id); out[id] = v; }
      }
    };
    set(stemIds[qs], 0.95);
    if (ids[q] !== undefined) set([ids[q]], 1);
    if (/^\p{N}+$/u.test(q)) return { a: out, hits: hits };
    var prefix = last || q.length >= 3;
    if (prefix) set(starting(q), 0.8);
    // Typos: only words of about the same length can be that close. `cut`
    // compares only a word's start.
    var qm = mask(q), most = typos(q.length);
    var typo = (from, to, one, two, cut) => {
      for (var len = from; len <= to; len++) {
        for (var id of byLength[len] || []) {
          if (out[id] || bits(qm & ~masks[id]) > most) continue;
          var d = near(q, forms[id].slice(0, cut));
          if (d) set([id], d === 1 ? one : two);
        }
      }
    };
    typo(Math.max(1, q.length - most), q.length + most, 0.6, 0.45);
    if (qs.length >= 5) {
      var sm = mask(qs), sMost = typos(qs.length);
      for (var len = qs.length - sMost; len <= qs.length + sMost; len++) {
        for (var st of stemsByLength[len] || []) {
          if (bits(sm & ~mask(st)) > sMost) continue;
          var d = near(qs, st);
          if (d) set(stemIds[st], d === 1 ? 0.6 : 0.45);
        }
      }
    }
    // The word being typed, with a typo so far ("strech" for "stretching").
    if (last && q.length >= 4) typo(q.length + 1, byLength.length - 1, 0.5, 0.35, q.length);
    return { a: out, hits: hits };
  }

  function best(ids, q) {
    var b = 0;
    for (var id of ids) if (q[id] > b) b = q[id];
    return b;
  }

  // The query being answered, as `prepare` leaves it: its words, which of
  // them are required, how well each stands for each dictionary word (and
  // the words it hits), the same for each two neighbours joined, the
  // vocabulary phrases found whole, each word's best in each term, and the
  // whole query as one name.
  var qWords = [], required = [], qs = [], qHits = [], joined = [], joinedHits = [], phrases = [],
    termBest = [], qKey = "", qKeyMask = 0;

  function prepare(query) {
    // A pasted paragraph is not a query: its first words are.
    var ws = qWords = words(query).slice(0, 30);
    required = ws.map((w) => !OPTIONAL[w]);
    if (!required.some(Boolean)) required = ws.map(() => true);
    qs = ws.map((w, i) => quality(w, i === ws.length - 1));
    qHits = qs.map((q) => q.hits);
    qs = qs.map((q) => q.a);
    // Two words typed apart that a name has as one ("sit up").
    joined = [];
    joinedHits = [];
    for (var i = 0; i + 1 < ws.length; i++) {
      var j = quality(ws[i] + ws[i + 1], i + 2 === ws.length);
      joined.push(j.a); joinedHits.push(j.hits);
    }
    // Vocabulary names of several words found whole in the query: the
    // terms they name, and which of the query's words they cover.
    var wordStems = ws.map(stem);
    phrases = [];
    terms.forEach((t, ti) => {
      t.phrases.forEach((p) => {
        for (var s = 0; s + p.length <= wordStems.length; s++) {
          var ok = true;
          for (var k = 0; k < p.length && ok; k++) ok = wordStems[s + k] === p[k] || p[k].length >= 4 && dist(wordStems[s + k], p[k], 1) <= 1;
          if (ok) phrases.push({ term: ti, words: p.map((_, k) => s + k) });
        }
      });
    });
    // Each word's best in each term, once rather than in every entry.
    termBest = qs.map((q) => Float32Array.from(terms, (t) => best(t.ids, q)));
    qKey = key(query);
    qKeyMask = mask(qKey);
  }

  // Why an entry matched, when its title does not say: the other name or
  // the vocabulary term that did.
  function why(en, from) {
    var alias = -1, aliasBest = 0, i;
    if (from.indexOf(ALIASES) >= 0) {
      en.aliasIds.forEach((ids, a) => {
        var sum = 0;
        for (i = 0; i < qWords.length; i++) sum += best(ids, qs[i]) + (i < joined.length ? best(ids, joined[i]) : 0);
        if (sum > aliasBest) { aliasBest = sum; alias = a; }
      });
      if (alias >= 0) return say("also_called", { name: en.aliases[alias] });
    }
    if (from.indexOf(TITLE) < 0 && from.indexOf(TERMS) >= 0) {
      // The terms naming the most of the query's words.
      var labels = [], most = 0;
      en.terms.forEach((t) => {
        var term = terms[t], named = 0;
        for (i = 0; i < qWords.length; i++) {
          if (from[i] === TERMS && (best(term.ids, qs[i]) > 0 ||
            phrases.some((ph) => ph.term === t && ph.words.indexOf(i) >= 0))) named++;
        }
        if (named > most) { most = named; labels = []; }
        if (named && named === most) labels.push(term.label);
      });
      if (labels.length) return labels.join(", ");
    }
    return "";
  }

  // Every entry's score for each query word, from the entries that have
  // each word (the index's postings) rather than from every entry's words:
  // a query touches only the entries it can match. With them, which field
  // gave each score (of equal ones, the field weighed most), for saying why
  // a shown result matched.
  function scores() {
    var n = entries.length, t = qWords.length, s = new Float32Array(n * t), from = new Int8Array(n * t).fill(-1);
    var raise = (i, list, v, f) => {
      for (var e of list) {
        var x = i * n + e;
        if (v > s[x] || v === s[x] && f < from[x]) { s[x] = v; from[x] = f; }
      }
    };
    var words = (i, q, hits, fields) => {
      for (var id of hits) for (var f of fields) raise(i, postings[f][id], WEIGHTS[f] * q[id], f);
    };
    var TEXT = [TITLE, ALIASES, SUMMARY, STEPS], NAMES = [TITLE, ALIASES];
    for (var i = 0; i < t; i++) {
      words(i, qs[i], qHits[i], TEXT);
      for (var term = 0; term < terms.length; term++) {
        if (termBest[i][term]) raise(i, termPostings[term], WEIGHTS[TERMS] * termBest[i][term], TERMS);
      }
    }
    for (i = 0; i < joined.length; i++) {
      words(i, joined[i], joinedHits[i], NAMES);
      words(i + 1, joined[i], joinedHits[i], NAMES);
    }
    phrases.forEach((ph) => {
      ph.words.forEach((w) => raise(w, termPostings[ph.term], WEIGHTS[TERMS], TERMS));
    });
    return [s, from];
  }

  // The whole name typed, however split: above names that only contain it.
  function named(en) {
    for (var i = 0; i < en.names.length; i++) {
      var name = en.names[i];
      if (name === qKey) return NAMED;
      if (Math.abs(name.length - qKey.length) <= 2 && bits(qKeyMask & ~en.nameMasks[i]) <= 2 && near(name, qKey)) return NAMED / 2;
    }
    return 0;
  }

  function search(query) {
    prepare(query);
    if (!qWords.length) return { all: true, hits: [] };
    var [s, from] = scores(), n = entries.length, t = qWords.length;
    var full = [], partial = [], needed = required.filter(Boolean).length;
    for (var j = 0; j < n; j++) {
      var total = 0, found = 0;
      for (var i = 0; i < t; i++) {
        var v = s[i * n + j];
        total += v;
        if (v > 0 && required[i]) found++;
      }
      if (!found) continue;
      var en = entries[j];
      total += named(en);
      if (found === needed) full.push({ e: en, j: j, r: total });
      else partial.push({ e: en, j: j, r: found * 1e6 + total });
    }
    var byScore = (a, b) => b.r - a.r || a.e.order - b.e.order;
    var all = full.length > 0;
    var hits = (all ? full : partial).sort(byScore).slice(0, SHOWN);
    return {
      all: all,
      hits: hits.map((h) => ({
        t: h.e.title, k: h.e.kind, u: h.e.url,
        why: why(h.e, Int8Array.from(qWords, (_, i) => from[i * n + h.j]))
      }))
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
    if (q && results.length && !found.all) note("search-partial", say("closest", { query: q }));
    results.forEach((r, n) => {
      var li = document.createElement("li");
      li.id = "search-result-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.append(el("span", "search-title", r.t), " ", el("span", "search-kind", r.k));
      if (r.why) li.append(" ", el("span", "search-why", "(" + r.why + ")"));
      // Keep focus in the box so the list stays open while it is clicked.
      li.addEventListener("mousedown", (ev) => ev.preventDefault());
      li.addEventListener("click", () => go(n));
      list.appendChild(li);
    });
    show(!!q);
    if (q && !results.length) note("search-none", say("none"));
    var count = say("results", {}, results.length);
    status.textContent = !q ? "" : say(!results.length ? "status_none" : found.all ? "status_found" : "status_partial", { query: q, count: count });
  }

  if (input && list) {
    input.addEventListener("input", () => withIndex(render));
    input.addEventListener("focus", () => withIndex(() => {}));
    input.addEventListener("keydown", (ev) => {
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
    input.addEventListener("blur", () => show(false));
    // This script comes with the box's first use (site.js adds it): what
    // the reader did before it arrived is taken up now.
    if (input.value) withIndex(render);
    else if (document.activeElement === input) withIndex(() => {});
  }
})();
