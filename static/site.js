/* limber: what every page needs from the start, kept small. The search
   script arrives when the search box is first used; "Add to my plan"
   buttons go on exercise pages and cards. The plan is kept as plan.js
   writes it (see there) in localStorage; nothing is sent anywhere. */
(function () {
  "use strict";
  var $ = (id) => document.getElementById(id);
  var root = document.body.getAttribute("data-root") || "";

  // ---- Search, on first use --------------------------------------------
  var input = $("search-input"), asked = false;
  function search() {
    if (asked) return;
    asked = true;
    var s = document.createElement("script");
    s.src = root + "search.js";
    s.onerror = () => { $("search-status").textContent = "Search could not be loaded."; };
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
      link.href = root + "manifest.webmanifest";
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
        b.textContent = "Reload";
        b.onclick = () => {
          reloading = true;
          if (w.state === "activated") location.reload();
          else w.postMessage("skipWaiting");
        };
        box.append("A new version is available. ", b);
      };
      var watch = (w) => {
        if (!w) return;
        if (w.state === "installed") offer(w);
        w.addEventListener("statechange", () => { if (w.state === "installed") offer(w); });
      };
      sw.addEventListener("controllerchange", () => { if (reloading) location.reload(); });
      sw.register(root + "sw.js").then((reg) => {
        if (reg.waiting) offer(reg.waiting);
        watch(reg.installing);
        reg.addEventListener("updatefound", () => { watch(reg.installing); });
      }, () => {});
    }
  }

  // ---- Add to my plan ----------------------------------------------------
  var KEY = "limber:plan:" + new URL(root || "./", location.href).pathname, MAX = 50;
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
    if (p.get("plan") && p.get("plan") !== "1") return say("Your plan was made by a newer version of this guide. Open My plan to change it.");
    var list = items(p), at = list.map(slugOf).indexOf(slug);
    if (at >= 0) list.splice(at, 1);
    else if (list.length >= MAX) return say("Your plan has " + MAX + " exercises, the most it can hold.");
    else list.push(slug);
    if (!p.get("plan")) p.set("plan", "1");
    p.set("x", list.join(","));
    try { localStorage.setItem(KEY, p.toString().replace(/%2C/g, ",")); } catch (e) { return say("Your plan cannot be kept: this browser does not allow it."); }
    mark();
    var n = list.length, count = n + (n === 1 ? " exercise" : " exercises");
    say(at >= 0 ? title + " is no longer in your plan. It has " + count + "." : title + " is in your plan. It has " + count + ".");
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
      b.textContent = "Add to my plan";
      b.setAttribute("aria-label", "Add to my plan: " + a.textContent);
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
