/* limber: what every page needs from the start, kept small. The search
   script arrives when the search box is first used; "Add to my plan"
   buttons go on exercise pages and cards. The plan is kept as plan.js
   writes it (see there) in localStorage; nothing is sent anywhere. */
(function () {
  "use strict";
  var $ = (id) => document.getElementById(id);
  var root = document.body.getAttribute("data-root") || "";
  // Scripts, the worker and what readers keep are the whole site's, at its
  // top; pages and their data are each language's, under root.
  var assets = document.body.getAttribute("data-assets") || root;

  // ---- Words -------------------------------------------------------------
  // Every word a script shows or says is the page's (#limber-words), in the
  // page's language, so that a guide can change or translate it. Defined
  // here once for every script: site.js runs before the others, or, for
  // those the page has before it, before DOMContentLoaded.
  var lang = document.documentElement.lang, words = {}, rules;
  try { words = JSON.parse($("limber-words").textContent) || {}; } catch (e) { /* no words: the keys show */ }
  try { rules = new Intl.PluralRules(lang); } catch (e) { rules = new Intl.PluralRules(lang = "en"); }
  // Numbers as the page's language writes them, grouped no more than the
  // pages write them.
  var num = (x, o) => new Intl.NumberFormat(lang, Object.assign({ useGrouping: false }, o)).format(x);
  // {name} takes vars.name; a number is written in the page's language.
  var fill = (w, v) => String(w).replace(/\{(\w+)\}/g, (m, k) => v && k in v ? typeof v[k] === "number" ? num(v[k]) : v[k] : m);
  var W = window.limberWords = {
    lang: lang,
    num: num,
    t: (k, v) => fill(k in words ? words[k] : k, v),
    // A word with a count: the form the language's plural rules pick.
    n: (k, count, v) => {
      var w = words[k] || k;
      return fill(typeof w === "string" ? w : w[rules.select(count)] || w.other, Object.assign({ n: count }, v));
    },
  };

  // ---- Search, on first use --------------------------------------------
  var input = $("search-input"), asked = false;
  function search() {
    if (asked) return;
    asked = true;
    var s = document.createElement("script");
    s.src = assets + "search.js";
    s.onerror = () => { $("search-status").textContent = W.t("site_search_failed"); };
    document.head.appendChild(s);
  }
  if (input) {
    ["focus", "input", "pointerdown"].forEach((e) => { input.addEventListener(e, search); });
    if (document.activeElement === input || input.value) search();
  }

  // ---- Offline, over http(s) ---------------------------------------------
  // The service worker (sw.js) keeps the guide for reading offline. Not from
  // disk, where browsers have none; not under `limber serve`, whose pages
  // change with every save, nor when the guide is no web app: there any
  // worker an earlier visit left is let go.
  var sw = navigator.serviceWorker, app = document.querySelector('meta[name="theme-color"]');
  if (sw && /^https?:$/.test(location.protocol)) {
    if (window.limberServe || !app) {
      sw.getRegistrations().then((rs) => { rs.forEach((r) => { if (location.href.indexOf(r.scope) === 0) r.unregister(); }); }, () => {});
    } else {
      // Linked here, not in the page: from disk a browser would try to read
      // the manifest, and log that it cannot.
      var link = document.createElement("link");
      link.rel = "manifest";
      link.href = assets + "manifest.webmanifest";
      document.head.appendChild(link);
      // In the page from the start, empty, so that screen readers announce
      // the news when it comes.
      var box = document.createElement("div"), reloading = false;
      box.id = "app-update";
      box.className = "app-update";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
      // A new version waits until the reader chooses it, so that no page
      // mixes the files of two versions.
      var offer = (w) => {
        // Nothing controlled the page: a first install, not news.
        if (!sw.controller || box.firstChild) return;
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button";
        b.textContent = W.t("site_reload");
        b.onclick = () => {
          reloading = true;
          if (w.state === "activated") location.reload();
          else w.postMessage("skipWaiting");
        };
        box.append(W.t("site_update") + " ", b);
      };
      var watch = (w) => {
        if (!w) return;
        if (w.state === "installed") offer(w);
        w.addEventListener("statechange", () => { if (w.state === "installed") offer(w); });
      };
      sw.addEventListener("controllerchange", () => { if (reloading) location.reload(); });
      sw.register(assets + "sw.js").then((reg) => {
        if (reg.waiting) offer(reg.waiting);
        watch(reg.installing);
        reg.addEventListener("updatefound", () => { watch(reg.installing); });
      }, () => {});
    }
  }

  // ---- Add to my plan ----------------------------------------------------
  var KEY = "limber:plan:" + new URL(assets || "./", location.href).pathname, MAX = 50;
  var status = null;

  function stored() { try { return localStorage.getItem(KEY) || ""; } catch (e) { return ""; } }
  function params() { return new URLSearchParams(stored()); }
  function items(p) { return (p.get("x") || "").split(",").filter(Boolean); }
  function slugOf(item) { return item.split(".")[0]; }

  function say(text) {
    if (!status) return;
    status.textContent = "";
    // A new text, even the same words again, is read out.
    setTimeout(() => { status.textContent = text; }, 50);
  }

  function toggle(button) {
    var slug = button.dataset.planAdd, title = button.dataset.title, p = params();
    if (p.get("plan") && p.get("plan") !== "1") return say(W.t("site_plan_newer"));
    var list = items(p), at = list.map(slugOf).indexOf(slug);
    if (at >= 0) list.splice(at, 1);
    else if (list.length >= MAX) return say(W.n("site_plan_full", MAX));
    else list.push(slug);
    if (!p.get("plan")) p.set("plan", "1");
    p.set("x", list.join(","));
    try { localStorage.setItem(KEY, p.toString().replace(/%2C/g, ",")); } catch (e) { return say(W.t("site_plan_not_kept")); }
    mark();
    say(W.n(at >= 0 ? "site_removed" : "site_added", list.length, { title: title }));
  }

  function mark() {
    var inPlan = items(params()).map(slugOf);
    document.querySelectorAll("[data-plan-add]").forEach((b) => {
      b.setAttribute("aria-pressed", inPlan.indexOf(b.dataset.planAdd) >= 0 ? "true" : "false");
    });
  }

  // Cards get their button here rather than in the page, so a list of a
  // hundred cards stays small; the filters add cards later, so new ones
  // are looked for as they come.
  function addButtons(within) {
    within.querySelectorAll(".card:not(.card-routine):not([data-plan])").forEach((card) => {
      var a = card.querySelector(".card-title a"), m = a && /(?:^|\/)exercises\/([a-z0-9-]+)\.html$/.exec(a.getAttribute("href"));
      card.setAttribute("data-plan", "");
      if (!m) return;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button-secondary plan-add";
      b.dataset.planAdd = m[1];
      b.dataset.title = a.textContent;
      b.textContent = W.t("site_add");
      b.setAttribute("aria-label", W.t("site_add_label", { title: a.textContent }));
      card.appendChild(b);
    });
  }

  var main = $("main");
  if (!main) return;
  addButtons(main);
  status = $("plan-add-status");
  if (!status) {
    status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    main.appendChild(status);
  }
  mark();
  main.addEventListener("click", (ev) => {
    var b = ev.target.closest && ev.target.closest("[data-plan-add]");
    if (b) toggle(b);
  });
  if (main.querySelector(".cards")) new MutationObserver(() => { addButtons(main); mark(); }).observe(main, { childList: true, subtree: true });
  // Another tab may change the plan.
  window.addEventListener("storage", (ev) => { if (ev.key === KEY) mark(); });
})();
