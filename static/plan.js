/* limber: the reader's own plan (plan.html).

   The plan is the page's address fragment, so a link is the whole plan:
     #plan=1&t=<title>&d=<days a week>&n=<note>&x=cat-cow.r8.s2,chin-tuck
   `plan=1` is the version of this encoding; each exercise is its slug with
   the numbers chosen for it (r reps, s sets, h hold in seconds, p times a
   day). The same text is kept in localStorage. Each exercise's words, dose
   ranges and timing come from a script of its own (_plan/<slug>.js),
   added for the exercises the plan names: a page opened from disk may load
   scripts but not fetch files. Nothing is sent anywhere. */
(function () {
  "use strict";
  var $ = (id) => document.getElementById(id);
  var me = document.currentScript, box = $("plan");
  if (!box || !me) return;
  var root = document.body.getAttribute("data-root") || "";
  // One plan for every language of the guide, kept at the site's top.
  var assets = document.body.getAttribute("data-assets") || root;
  var KEY = "limber:plan:" + new URL(assets || "./", location.href).pathname;
  var VERSION = "1", MAX = 50, REST = +box.dataset.rest || 15;
  // How the player paces what the plan does not say (as src/timing.rs).
  const PACE = 5, READY = 5, SWITCH = 5, CHAIR = 10, FLOOR = 15, FREE = 60;
  var KEYS = { r: "reps", s: "sets", h: "hold", p: "per_day" };
  var data = Object.create(null), missing = Object.create(null), pending = 0;
  var plan = { t: "", d: "", n: "", items: [] }, dropped = [];
  var list = $("plan-items"), statusEl = $("plan-status");
  // The page's words (site.js), each key under "plan_".
  var W = window.limberWords, t = (k, v) => W.t("plan_" + k, v), n = (k, c, v) => W.n("plan_" + k, c, v);

  function say(text) { statusEl.textContent = text; }
  function store(v) { try { localStorage.setItem(KEY, v); } catch (e) { /* private mode: the link still holds it */ } }
  function stored() { try { return localStorage.getItem(KEY) || ""; } catch (e) { return ""; } }

  // ---- The plan as text ---------------------------------------------------
  function decode(text) {
    var q = new URLSearchParams(text.replace(/^#/, ""));
    var v = q.get("plan");
    if (v === null) return null;
    if (v !== VERSION) return { newer: true };
    var out = { t: (q.get("t") || "").slice(0, 100), d: /^[1-7]$/.test(q.get("d")) ? q.get("d") : "", n: (q.get("n") || "").slice(0, 500), items: [] };
    (q.get("x") || "").split(",").forEach((x) => {
      var parts = x.split("."), slug = parts.shift();
      if (!/^[a-z0-9-]{1,200}$/.test(slug) || out.items.length >= MAX || out.items.some((i) => i.slug === slug)) return;
      var item = { slug: slug };
      parts.forEach((p) => { if (KEYS[p[0]] && /^\d{1,4}$/.test(p.slice(1))) item[p[0]] = +p.slice(1); });
      out.items.push(item);
    });
    return out;
  }
  function encode(p) {
    var e = encodeURIComponent, out = "plan=" + VERSION;
    if (p.t) out += "&t=" + e(p.t);
    if (p.d) out += "&d=" + p.d;
    if (p.n) out += "&n=" + e(p.n);
    return out + "&x=" + p.items.map((it) => it.slug + "rshp".split("").filter((k) => it[k] != null).map((k) => "." + k + it[k]).join("")).join(",");
  }
  function link() { return location.href.split("#")[0] + "#" + encode(plan); }

  // ---- Doses ----------------------------------------------------------------
  // The number chosen for key k of an item, within the exercise's range;
  // the range's least when none is chosen, as a routine starts gently.
  function chosen(it, k) {
    var range = data[it.slug] && data[it.slug].dose[KEYS[k]];
    if (!range) return null;
    var v = it[k] == null ? range[0] : it[k];
    return Math.min(range[1], Math.max(range[0], v));
  }
  function doseOf(it) {
    var d = data[it.slug].dose;
    return { reps: chosen(it, "r"), sets: chosen(it, "s"), hold: chosen(it, "h"), per_day: chosen(it, "p"), sides: d.sides, note: d.note };
  }
  // The dose in the words the exercise pages use (src/render/views.rs).
  function words(d) {
    var parts = [], side = d.sides ? "_" + d.sides : "";
    if (d.reps != null) {
      parts.push(n("repeat" + side, d.reps));
      if (d.hold != null) parts.push(n("and_hold", d.hold));
    } else if (d.hold != null) parts.push(n("hold" + side, d.hold));
    if (d.sets != null) parts.push(n("sets", d.sets));
    if (d.per_day != null) parts.push(n("per_day", d.per_day));
    var s = parts.join(" · ");
    return s.charAt(0).toLocaleUpperCase(W.lang) + s.slice(1);
  }

  // ---- Timing, as src/timing.rs times a routine ----------------------------
  function phase(kind, seconds, item, more) {
    var p = { kind: kind, seconds: seconds, item: item };
    for (var k in more) if (more[k]) p[k] = more[k];
    return p;
  }
  function repParts(d, t) {
    if (d.hold == null) return [[t.rep_seconds != null ? Math.max(1, t.rep_seconds) : PACE, false]];
    var hold = Math.max(1, d.hold), holds = Math.min(10, Math.max(1, t.holds || 1)), out = [];
    if (t.rep_seconds == null) { for (var k = 0; k < holds; k++) out.push([hold, true]); return out; }
    var whole = Math.max(1, t.rep_seconds);
    holds = Math.min(holds, whole);
    hold = Math.max(1, Math.min(hold, Math.floor(whole / holds)));
    var moving = whole - holds * hold;
    for (var j = 0; j < holds; j++) {
      var share = Math.floor(moving / holds) + (j < moving % holds ? 1 : 0);
      if (share > 0) out.push([share, false]);
      out.push([hold, true]);
    }
    return out;
  }
  function itemPhases(it, index) {
    var d = doseOf(it), t = data[it.slug].timing, out = [];
    var count = (v) => v == null ? 1 : Math.min(1000, Math.max(1, v));
    // A dose given only in words: one countdown at the reader's own pace.
    if (d.reps == null && d.hold == null) return [phase("work", FREE, index, { free: true })];
    var reps = count(d.reps), sets = count(d.sets), parts = repParts(d, t);
    var one = (rep, of, side, set) => parts.forEach((p) => {
      out.push(phase("work", p[0], index, { hold: p[1], rep: rep, reps: of, side: side, set: sets > 1 ? set : 0, sets: sets > 1 ? sets : 0 }));
    });
    for (var set = 1; set <= sets; set++) {
      if (set > 1 && REST > 0) out.push(phase("rest", REST, index));
      var r;
      if (d.sides === "each") {
        for (r = 1; r <= reps; r++) one(r, reps, 1, set);
        out.push(phase("switch", t.switch === "sides" && t.chair && !t.floor ? CHAIR : SWITCH, index));
        for (r = 1; r <= reps; r++) one(r, reps, 2, set);
      } else if (d.sides === "alternating") {
        for (r = 1; r <= reps * 2; r++) one(r, reps * 2, 2 - r % 2, set);
      } else for (r = 1; r <= reps; r++) one(r, reps, 0, set);
    }
    return out;
  }
  function phasesOf(items) {
    var out = [];
    items.forEach((it, i) => {
      var was = i > 0 && data[items[i - 1].slug].timing.floor, now = data[it.slug].timing.floor;
      var floor = was === now ? null : now ? "down" : "up";
      var secs = i === 0 ? READY : REST;
      if (floor) secs = Math.max(secs, FLOOR);
      if (i === 0 || secs > 0) out.push(phase(i === 0 ? "ready" : "rest", secs, i, { floor: floor }));
      out.push.apply(out, itemPhases(it, i));
    });
    if (!out.length) out.push(phase("ready", READY, 0));
    return out;
  }
  window.LimberPlan = { phasesOf: phasesOf, decode: decode, encode: encode };

  // ---- Loading the exercises ---------------------------------------------
  window.limberPlanData = (d) => { if (d && typeof d.slug === "string") data[d.slug] = d; };
  function fetchData(then) {
    plan.items.forEach((it) => {
      if (data[it.slug] || it.slug in missing) return;
      missing[it.slug] = 0;
      pending++;
      var s = document.createElement("script");
      s.src = root + "_plan/" + it.slug + ".js";
      s.onload = s.onerror = () => {
        if (data[it.slug]) delete missing[it.slug]; else missing[it.slug] = 1;
        if (--pending === 0) then();
      };
      document.head.appendChild(s);
    });
    if (pending === 0) then();
  }
  // Exercises the guide no longer has leave the plan, and the page says so.
  function settle() {
    var gone = plan.items.filter((it) => missing[it.slug]);
    if (gone.length) {
      dropped = dropped.concat(gone.map((it) => it.slug));
      plan.items = plan.items.filter((it) => !missing[it.slug]);
    }
    // Numbers outside the exercise's range (a hand-made link) come into it.
    plan.items.forEach((it) => {
      for (var k in KEYS) {
        var range = data[it.slug].dose[KEYS[k]];
        if (it[k] == null) continue;
        if (!range || range[0] === range[1]) delete it[k];
        else if ((it[k] = chosen(it, k)) === range[0]) delete it[k];
      }
    });
    var m = $("plan-missing");
    m.hidden = !dropped.length;
    m.textContent = dropped.length ? n("missing", dropped.length, { list: dropped.join(", ") }) : "";
    save();
  }

  // ---- Drawing the plan ---------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  // The build wrote these pieces of HTML from the guide's own files,
  // escaped as on every page.
  function html(tag, cls, markup) { var e = el(tag, cls); e.innerHTML = markup; return e; }
  function listOf(tag, cls, items) {
    var ul = el(tag, cls);
    if (tag === "ol") ul.setAttribute("role", "list");
    items.forEach((h) => { ul.appendChild(html("li", "", h)); });
    return ul;
  }

  function doseControls(it, k, title) {
    var wrap = el("p", "plan-dose");
    var ex = data[it.slug];
    "rshp".split("").forEach((key) => {
      var range = ex.dose[KEYS[key]];
      if (!range || range[0] === range[1]) return;
      var id = "plan-" + key + "-" + k, label = el("label", "", t("label_" + KEYS[key])), sel;
      label.htmlFor = id;
      if (range[1] - range[0] <= 60) {
        sel = el("select");
        // Written as the page's language writes numbers; the value stays plain.
        for (var v = range[0]; v <= range[1]; v++) sel.appendChild(el("option", "", W.num(v))).value = v;
      } else {
        sel = el("input");
        sel.type = "number"; sel.min = range[0]; sel.max = range[1]; sel.inputMode = "numeric";
      }
      sel.id = id;
      sel.value = String(chosen(it, key));
      sel.setAttribute("aria-describedby", "plan-title-" + k);
      sel.addEventListener("change", () => {
        var v = Math.round(+sel.value);
        if (!isFinite(v)) return;
        it[key] = Math.min(range[1], Math.max(range[0], v));
        if (it[key] === range[0]) delete it[key];
        save();
        draw(id);
        say(t("dose_changed", { title: title, dose: words(doseOf(it)) }));
      });
      wrap.append(label, " ", sel, " ");
    });
    return wrap.childNodes.length ? wrap : null;
  }

  function moveButton(k, act, title) {
    var key = act === "remove" ? act : "move_" + act, b = el("button", "button button-secondary", t(key));
    b.type = "button";
    b.setAttribute("aria-label", t(key + "_label", { title: title }));
    b.id = "plan-" + act + "-" + k;
    b.addEventListener("click", () => { change(k, act); });
    return b;
  }

  function itemView(it, k) {
    var ex = data[it.slug], count = plan.items.length, title = ex.title;
    var li = el("li", "routine-item plan-item");
    li.id = "item-" + (k + 1);
    var h = el("h3", "routine-item-title");
    h.id = "plan-title-" + k;
    var a = el("a", "", title);
    a.href = root + ex.url;
    h.append(el("span", "item-number", W.num(k + 1) + ". "), a);
    li.appendChild(h);
    var said = words(doseOf(it));
    if (said) li.appendChild(el("p", "dose-summary", said));
    var controls = doseControls(it, k, title);
    if (controls) li.appendChild(controls);
    if (ex.dose.note) li.appendChild(el("p", "dose-note", ex.dose.note));
    li.appendChild(figures(ex));
    li.appendChild(listOf("ol", "steps", ex.steps));
    if (ex.cautions.length) {
      var c = el("div", "item-cautions");
      var p = el("p");
      p.appendChild(el("strong", "", t("take_care")));
      c.append(p, listOf("ul", "", ex.cautions));
      li.appendChild(c);
    }
    var row = el("p", "plan-move");
    if (k > 0) row.appendChild(moveButton(k, "up", title));
    if (k < count - 1) row.appendChild(moveButton(k, "down", title));
    row.appendChild(moveButton(k, "remove", title));
    li.appendChild(row);
    return li;
  }

  // For the printed handout: the exercise's photo, else its positions.
  function figures(ex) {
    var f = el("div", "plan-figures print-only");
    var img = ex.images && ex.images[0];
    if (img) {
      var i = el("img");
      i.src = assets + img.src;
      i.alt = img.alt || "";
      if (img.width) { i.width = img.width; i.height = img.height; }
      i.loading = "lazy";
      f.appendChild(i);
    } else (ex.poses || []).forEach((p) => {
      var fig = html("figure", "plan-pose", p.svg);
      fig.appendChild(el("figcaption", "", p.label));
      f.appendChild(fig);
    });
    return f;
  }

  function draw(focusId) {
    list.textContent = "";
    plan.items.forEach((it, k) => { if (data[it.slug]) list.appendChild(itemView(it, k)); });
    var empty = !plan.items.length;
    $("plan-empty").hidden = !empty;
    ["plan-play", "plan-print", "plan-copy"].forEach((id) => { $(id).disabled = empty; });
    var a = $("plan-link");
    a.href = "#" + encode(plan);
    a.textContent = empty ? t("empty_link") : link();
    var fields = { "plan-title": "t", "plan-days": "d", "plan-note": "n" };
    for (var id in fields) if (document.activeElement !== $(id)) $(id).value = plan[fields[id]];
    $("plan-print-title").textContent = plan.t || t("untitled");
    $("plan-print-title").hidden = empty;
    $("plan-print-note").textContent = (plan.d ? n("days", +plan.d) + " " : "") + plan.n;
    $("plan-print-note").hidden = !$("plan-print-note").textContent;
    if (focusId && $(focusId)) $(focusId).focus();
    if (player) feedPlayer();
  }

  function change(k, act) {
    var it = plan.items[k], title = data[it.slug].title, count = plan.items.length, to = k, focus;
    if (act === "remove") {
      plan.items.splice(k, 1);
      focus = plan.items.length ? "plan-remove-" + Math.min(k, plan.items.length - 1) : "plan-heading";
      say(t("removed", { title: title }));
    } else {
      to = act === "up" ? k - 1 : k + 1;
      if (to < 0 || to >= count) return;
      plan.items.splice(k, 1);
      plan.items.splice(to, 0, it);
      // Stay on the same button while it moves; at the end, on the other.
      var edge = (act === "up" && to === 0) || (act === "down" && to === count - 1);
      focus = "plan-" + (edge ? (act === "up" ? "down" : "up") : act) + "-" + to;
      say(t("moved", { title: title, n: to + 1, of: count }));
    }
    save();
    draw(focus);
  }

  // The address and the stored plan always show the plan as it is now.
  function save() {
    var text = encode(plan);
    if (location.hash.slice(1) !== text) history.replaceState(null, "", "#" + text);
    store(text);
  }

  // ---- The plan's own settings ------------------------------------------
  [["plan-title", "t", 100], ["plan-days", "d", 1], ["plan-note", "n", 500]].forEach((f) => {
    $(f[0]).addEventListener(f[0] === "plan-days" ? "change" : "input", () => {
      plan[f[1]] = $(f[0]).value.slice(0, f[2]);
      save();
      draw();
    });
  });

  // ---- Playing ------------------------------------------------------------
  var player = false, playerBox = $("player");
  playerBox.hidden = true;
  function feedPlayer() {
    var items = plan.items.filter((it) => data[it.slug]);
    var json = {
      slug: "plan:" + encode(plan).replace(/.*&x=/, ""), kind: "plan", title: plan.t || t("untitled"),
      items: items.map((it) => ({ slug: it.slug, title: data[it.slug].title, url: root + data[it.slug].url, switch: data[it.slug].timing.switch })),
      phases: phasesOf(items),
    };
    var s = $("routine-data") || document.body.appendChild(el("script"));
    s.type = "application/json";
    s.id = "routine-data";
    s.textContent = JSON.stringify(json).replace(/</g, "\\u003c");
    // The moving figure and the photos of each exercise, as a routine page has them.
    var now = playerBox.querySelector(".player-now"), steps = $("player-steps");
    now.querySelectorAll("[data-pose],[data-pictures]").forEach((e) => { e.remove(); });
    items.forEach((it) => {
      var ex = data[it.slug];
      if (ex.stage) {
        var f = html("div", "player-pose", ex.stage);
        f.dataset.pose = it.slug;
        f.hidden = true;
        now.insertBefore(f, steps);
        playerBox.dataset.poses = me.dataset.poses;
      }
      if (ex.images && ex.images.length) {
        var p = el("div", "player-pictures");
        p.dataset.pictures = it.slug;
        p.hidden = true;
        ex.images.forEach((img) => {
          var i = el("img");
          i.src = assets + img.src;
          if (img.srcset && img.srcset.length) {
            i.srcset = img.srcset.map((c) => assets + c.path + " " + c.width + "w").join(", ");
            i.sizes = "(min-width: 40rem) 17rem, calc(50vw - 2rem)";
          }
          i.alt = img.alt || "";
          if (img.width) { i.width = img.width; i.height = img.height; }
          p.appendChild(i);
        });
        now.insertBefore(p, steps);
      }
    });
    if (player === true) document.dispatchEvent(new Event("limber:routine"));
  }
  function script(src, then) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = then;
    s.onerror = () => { say(t("load_failed")); };
    document.head.appendChild(s);
  }
  // The player, its script and its styles come with the first Play.
  $("plan-play").addEventListener("click", () => {
    if (player === true) { playerBox.hidden = false; playerBox.scrollIntoView(); $("player-toggle").focus(); return; }
    if (player) return;
    player = "loading";
    feedPlayer();
    var waiting = 2, css = document.createElement("link");
    var ready = () => {
      if (--waiting) return;
      player = true;
      playerBox.hidden = false;
      playerBox.scrollIntoView();
      $("player-toggle").focus();
      $("player-toggle").click();
    };
    css.rel = "stylesheet";
    css.href = me.dataset.playerCss;
    css.onload = css.onerror = ready;
    document.head.appendChild(css);
    script(me.dataset.player, ready);
  });

  // ---- Printing and sharing -----------------------------------------------
  function qr() {
    if (window.LimberQR) $("plan-qr").innerHTML = window.LimberQR.svg(link(), t("qr"));
  }
  $("plan-print").addEventListener("click", () => {
    if (window.LimberQR) { qr(); return window.print(); }
    script(me.dataset.qr, () => { qr(); window.print(); });
  });
  window.addEventListener("beforeprint", qr);
  $("plan-copy").addEventListener("click", () => {
    var text = link(), done = () => { say(t("copied")); }, hand = () => { say(t("copy_by_hand")); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, hand);
    else hand();
  });

  // ---- Starting -------------------------------------------------------------
  // A plan in the address wins (a link someone sent); a bare address shows
  // the plan kept on this device, written into the address.
  function open(text) {
    var p = decode(text);
    if (p && p.newer) { say(t("newer")); return; }
    plan = p || { t: "", d: "", n: "", items: [] };
    dropped = [];
    fetchData(() => { settle(); draw(); });
  }
  // The log view deleted the plan from the device: the page forgets it too.
  document.addEventListener("limber:forget", () => {
    plan = { t: "", d: "", n: "", items: [] };
    dropped = [];
    $("plan-missing").hidden = true;
    draw();
  });
  window.addEventListener("hashchange", () => {
    // Only a plan: the skip link and others change the fragment too.
    if (/^#plan=/.test(location.hash) && location.hash.slice(1) !== encode(plan)) open(location.hash);
  });
  open(/^#plan=/.test(location.hash) ? location.hash : stored());
})();
