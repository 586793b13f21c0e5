/* limber: filters on the index. Without JavaScript the area, family and
   position pages list the same sets, and a list in pages links every page,
   so nothing is lost.

   A short list has every card in the page: filtering shows and hides them.
   A list in pages (the form has data-all) has only its first page: the
   filters then read every exercise from filter-index.js, added with a
   <script> tag when they are first used (fetch() of a local file fails
   under file://), and make the cards they find, a page at a time. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var form = $("filters");
  if (!form) return;
  var box = $("filters-box");
  var list = form.closest(".filters-wrap").nextElementSibling;
  var cards = [].slice.call(list.children);
  var count = $("filter-count"), empty = $("filter-empty");
  var GROUPS = ["area", "position", "kind", "level", "floor", "equipment"];
  var source = form.getAttribute("data-all");
  var SHOW = 50;
  // The page's words (site.js), each key under "filter_".
  var W = window.limberWords, t = function (k, v) { return W.t("filter_" + k, v); }, n = function (k, c, v) { return W.n("filter_" + k, c, v); };

  function checked(name) {
    return [].slice.call(form.querySelectorAll("input[name=" + name + "]:checked")).map(function (i) { return i.value; });
  }
  function anyIn(have, want) {
    if (!want.length) return true;
    return have.some(function (h) { return want.indexOf(h) >= 0; });
  }
  function words(s) { return s ? s.split(" ") : []; }

  // What is ticked, once per change.
  function wanted() {
    return {
      area: checked("area"), pos: checked("position"), kind: checked("kind"), level: checked("level"),
      noFloor: checked("floor").length > 0, kit: checked("equipment")
    };
  }
  function any(w) {
    return w.area.length || w.pos.length || w.kind.length || w.level.length || w.noFloor || w.kit.length;
  }
  // Equipment ticked is what the reader has: an exercise shows when it
  // needs nothing, or only what is ticked. An exercise that names no
  // position is never taken for floor work.
  function matches(w, e) {
    return anyIn(e.a, w.area) && anyIn(e.p, w.pos) && anyIn([e.k], w.kind) &&
      anyIn(e.l ? [e.l] : [], w.level) && !(w.noFloor && e.f) &&
      (!w.kit.length || e.q === 0 || (e.e.length > 0 && e.e.every(function (k) { return w.kit.indexOf(k) >= 0; })));
  }

  function applyInPage() {
    var w = wanted(), shown = 0;
    cards.forEach(function (li) {
      var d = li.dataset;
      var ok = matches(w, {
        a: words(d.areas), p: words(d.positions || ""), k: d.kind, l: d.level || "",
        f: d.floor === "true", q: Number(d.equipment), e: words(d.kit || "")
      });
      li.hidden = !ok;
      if (ok) shown++;
    });
    var all = cards.length;
    count.textContent = shown === all ? n("showing_all", all) : n("showing", all, { shown: shown });
    empty.hidden = shown > 0;
  }

  // A list in pages: the data, loaded once, then cards made from it.
  var data = null, loading = null, found = [], results = null, more = null, pagesNav = $("pages-nav");
  var firstCount = count.textContent;
  function withData(then) {
    if (data) return then();
    if (window.limberFilters) { data = window.limberFilters; return then(); }
    if (loading) { loading.push(then); return; }
    loading = [then];
    var s = document.createElement("script");
    s.src = source;
    s.onload = function () {
      data = window.limberFilters || { names: {}, exercises: [] };
      var waiting = loading; loading = null;
      waiting.forEach(function (f) { f(); });
    };
    s.onerror = function () { loading = null; count.textContent = t("failed"); };
    document.head.appendChild(s);
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function name(group, slug) { return (data.names[group] || {})[slug] || slug; }
  // The same card the pages have (templates/macros.html), made as nodes so
  // that no text is read as HTML.
  function card(e) {
    var li = el("li"), art = el("article", "card"), h = el("h3", "card-title"), a = el("a", "", e.t);
    a.href = e.u;
    h.appendChild(a);
    art.appendChild(h);
    if (e.s) art.appendChild(el("p", "card-summary", e.s));
    if (e.d) {
      var dose = el("p", "card-dose");
      dose.appendChild(el("span", "visually-hidden", t("how_much") + " "));
      dose.appendChild(document.createTextNode(e.d));
      art.appendChild(dose);
    }
    var dl = el("dl", "card-meta");
    function row(label, value) {
      var div = el("div");
      div.appendChild(el("dt", "", label));
      div.appendChild(document.createTextNode(" "));
      div.appendChild(el("dd", "", value));
      dl.appendChild(div);
    }
    if (e.a.length) row(n("areas", e.a.length), e.a.map(function (s) { return name("area", s); }).join(", "));
    if (e.p.length) row(n("positions", e.p.length), e.p.map(function (s) { return name("position", s); }).join(", "));
    var level = name("level", e.l);
    row(t("type"), name("kind", e.k) + (e.l && level ? " · " + level : ""));
    art.appendChild(dl);
    li.appendChild(art);
    return li;
  }
  function showMore(focus) {
    var from = results.children.length, upto = Math.min(found.length, from + SHOW);
    for (var i = from; i < upto; i++) results.appendChild(card(found[i]));
    more.hidden = upto >= found.length;
    more.textContent = n("show_more", Math.min(SHOW, found.length - upto));
    count.textContent = n(upto < found.length ? "found_first" : "found", data.exercises.length, { found: found.length, shown: upto });
    if (focus && results.children[from]) results.children[from].querySelector("a").focus();
  }
  function applyFromData() {
    var w = wanted();
    if (!any(w)) {
      // Nothing ticked: the page's own list, as it came.
      list.hidden = false;
      if (pagesNav) pagesNav.hidden = false;
      if (results) { results.hidden = true; more.hidden = true; }
      count.textContent = firstCount;
      empty.hidden = true;
      return;
    }
    withData(function () {
      w = wanted();
      if (!any(w)) return applyFromData();
      found = data.exercises.filter(function (e) { return matches(w, e); });
      if (!results) {
        results = el("ul", "cards");
        results.id = "filter-results";
        results.setAttribute("role", "list");
        results.setAttribute("aria-label", t("results"));
        more = el("button", "button button-secondary filter-more");
        more.type = "button";
        more.id = "filter-more";
        more.addEventListener("click", function () { showMore(true); });
        list.parentNode.insertBefore(results, list.nextSibling);
        results.parentNode.insertBefore(more, results.nextSibling);
      }
      while (results.firstChild) results.removeChild(results.firstChild);
      list.hidden = true;
      if (pagesNav) pagesNav.hidden = true;
      results.hidden = false;
      showMore(false);
      empty.hidden = found.length > 0;
    });
  }
  function apply() {
    if (source) applyFromData(); else applyInPage();
  }

  // The state lives in the fragment (#area=neck&floor=no) so a filtered
  // view can be bookmarked and shared; plain anchors such as #exercises
  // are left alone.
  function save() {
    var parts = [];
    GROUPS.forEach(function (g) { var v = checked(g); if (v.length) parts.push(g + "=" + v.map(encodeURIComponent).join(",")); });
    var url = location.href.split("#")[0] + (parts.length ? "#" + parts.join("&") : "");
    try { history.replaceState(null, "", url); } catch (e) { /* some file:// setups refuse; the view still filters */ }
  }
  function load() {
    var h = location.hash.slice(1);
    if (h.indexOf("=") < 0) return false;
    var want = {};
    h.split("&").forEach(function (p) {
      var kv = p.split("=");
      want[kv[0]] = (kv[1] || "").split(",").map(function (v) { try { return decodeURIComponent(v); } catch (e) { return v; } });
    });
    [].slice.call(form.querySelectorAll("input[type=checkbox]")).forEach(function (i) {
      i.checked = (want[i.name] || []).indexOf(i.value) >= 0;
    });
    return true;
  }

  form.addEventListener("change", function () { apply(); save(); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(); save(); }, 0); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  // Opening the filters is the moment to fetch their data, before a box is ticked.
  if (source && box) box.addEventListener("toggle", function () { if (box.open) withData(function () {}); });
  window.addEventListener("hashchange", function () { if (load()) { box.open = true; apply(); } });
  if (load() || !source) apply();
})();
