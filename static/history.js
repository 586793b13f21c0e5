/* limber: the reader's log on the plan page (templates/history.html).

   The guided player keeps a log entry each time a routine or the plan is
   played to the end or ticked as done, in localStorage under
   "limber:log:" + the guide's folder, as {"v":1,"entries":[...]}. This
   script shows the last weeks of it, saves it to a file, reads one back and
   deletes it with the plan. Anything stored or read may be broken or
   hostile: each entry is checked field by field and only good ones are
   shown; nothing here throws on bad data. Having deleted the plan it tells
   the page with a "limber:forget" event on document (plan.js empties its
   plan), and it draws again on a "limber:log" event (the player's, when it
   keeps an entry on this page). The page may have it before site.js,
   whose words it uses: then it starts once the page is read.

   Pain is shown as each week's average, not session by session: pain goes
   up and down from day to day, and a person in pain reads a jagged line of
   single scores as getting worse. A week's average shows the trend, on the
   same weeks as the bars; the list below still gives each session's own
   scores. */
(function () {
  "use strict";
  function start() {
    var $ = (id) => document.getElementById("history-" + id);
    var on = (id, kind, f) => { $(id).addEventListener(kind, f); };
    var box = document.getElementById("history");
    // Once, should the page load this script twice.
    if (!box || box.dataset.on) return;
    box.dataset.on = 1;
    var GUIDE = new URL(document.body.dataset.assets || document.body.dataset.root || "./", location.href).pathname;
    var LOG = "limber:log:" + GUIDE, PLAN = "limber:plan:" + GUIDE;
    var WEEKS = 8, SHOWN = 10, DAY = 864e5, MAX_FILE = 5 << 20;
    var SLUG = /^[a-z0-9-]{1,200}$/, BOTH = ["before", "after"], W = window.limberWords;
    var statusEl = $("status"), del = $("delete"), ask = $("confirm");
    var now = new Date(), today = dayOf(now.getFullYear(), now.getMonth() + 1, now.getDate());
    var stamp = iso(today);

    // The page's words (site.js), each key under "log_".
    function word(k, v) { return W.t("log_" + k, v); }
    function say(k, v) { statusEl.textContent = word(k, v); }
    function get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } }
    function parse(text) { try { return JSON.parse(text); } catch (e) { return null; } }
    // Days since 1970 of a calendar date: weeks counted this way do not
    // shift when the clocks change.
    function dayOf(y, m, d) { return Date.UTC(y, m - 1, d) / DAY; }
    function iso(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
    function dayOfText(s) {
      var m = typeof s === "string" && /^(\d{4})-(\d\d)-(\d\d)$/.exec(s);
      if (!m) return NaN;
      var d = dayOf(+m[1], +m[2], +m[3]);
      // 2026-02-30 would roll over into March: not a date.
      return iso(d) === s ? d : NaN;
    }
    function date(day, o) {
      o.timeZone = "UTC";
      return new Intl.DateTimeFormat(W.lang, o).format(new Date(day * DAY));
    }
    function num(x) { return W.num(x, { maximumFractionDigits: 1 }); }

    // An entry with only the fields the log has, each as it must be; null
    // when a needed one is missing or wrong. A bad optional field (a score
    // out of range) is left out and the session kept.
    function clean(e) {
      if (!e || typeof e !== "object") return null;
      var day = dayOfText(e.date);
      if (!(day > 10957 && day <= today) || !Number.isInteger(e.at) || e.at <= 0 || e.at > Date.now() + DAY) return null;
      if ((e.kind !== "routine" && e.kind !== "plan") || (e.how !== "played" && e.how !== "ticked")) return null;
      if (typeof e.title !== "string" || !e.title.trim() || e.title.length > 300) return null;
      if (!Array.isArray(e.exercises) || e.exercises.length > 500 || !e.exercises.every((s) => typeof s === "string" && SLUG.test(s))) return null;
      var out = { date: e.date, at: e.at, kind: e.kind, title: e.title };
      if (e.kind === "routine" && typeof e.slug === "string" && SLUG.test(e.slug)) out.slug = e.slug;
      out.exercises = e.exercises.slice();
      out.how = e.how;
      BOTH.forEach((k) => { if (Number.isInteger(e[k]) && e[k] >= 0 && e[k] <= 10) out[k] = e[k]; });
      return out;
    }
    // What is stored, as it is: objects only (as player.js reads it).
    function stored() {
      var l = parse(get(LOG));
      return l && Array.isArray(l.entries) ? l.entries.filter((e) => e && typeof e === "object") : [];
    }
    function good() {
      var out = [];
      stored().forEach((e) => { var c = clean(e); if (c) out.push(c); });
      return out.sort((a, b) => a.at - b.at);
    }

    // ---- Drawing ---------------------------------------------------------------
    function el(tag, text) { var e = document.createElement(tag); if (text != null) e.textContent = text; return e; }
    function draw() {
      var list = good(), first = today - (now.getDay() + 6) % 7 - 7 * (WEEKS - 1), weeks = [], i;
      $("empty").hidden = !!list.length;
      $("data").hidden = !list.length;
      for (i = 0; i < WEEKS; i++) weeks.push({ n: 0, before: [0, 0], after: [0, 0] });
      list.forEach((e) => {
        var w = weeks[Math.floor((dayOfText(e.date) - first) / 7)];
        if (!w) return;
        w.n++;
        BOTH.forEach((k) => { if (k in e) { w[k][0] += e[k]; w[k][1]++; } });
      });
      var avg = (w, k) => w && w[k][1] ? w[k][0] / w[k][1] : null;
      var most = Math.max(1, ...weeks.map((w) => w.n)), bars = "", lines = { before: "", after: "" };

      // The chart: a bar of sessions a week, and a line of each week's
      // average pain (0 at the bottom, 10 at the top), dashed for before;
      // its points are dots, round before and square after.
      weeks.forEach((w, i) => {
        var x = i * 40 + 20, h = Math.round(w.n / most * 140);
        if (h) bars += "M" + (x - 12) + " 150v-" + h + "h24v" + h + "z";
        BOTH.forEach((k) => {
          var a = avg(w, k);
          if (a != null) lines[k] += (avg(weeks[i - 1], k) != null ? "L" : "M") + x + " " + Math.round(150 - a * 14);
        });
      });
      $("bars").setAttribute("d", bars);
      BOTH.forEach((k) => {
        $(k).setAttribute("d", lines[k]);
        $(k + "-dots").setAttribute("d", lines[k].replace(/L/g, "M").replace(/\d+ \d+/g, "$&h0"));
      });

      var rows = $("table").tBodies[0];
      rows.textContent = "";
      weeks.forEach((w, i) => {
        var th = el("th", date(first + 7 * i, { day: "numeric", month: "short" }));
        th.scope = "row";
        rows.insertRow().append(th, ...[num(w.n)].concat(BOTH.map((k) => { var a = avg(w, k); return a == null ? word("no_score") : num(a); })).map((x) => el("td", x)));
      });

      var ul = $("list");
      ul.textContent = "";
      list.slice(-SHOWN).reverse().forEach((e) => {
        var day = dayOfText(e.date), li = el("li"), o = { weekday: "long", day: "numeric", month: "long" };
        var pain = BOTH.filter((k) => k in e).map((k) => word(k, { n: e[k] })).join(", ");
        if (new Date(day * DAY).getUTCFullYear() !== now.getFullYear()) o.year = "numeric";
        li.append(el("strong", date(day, o)), ": " + word(e.how, { title: e.kind === "plan" ? word("plan", { title: e.title }) : e.title }) + (pain ? " " + word("pain", { scores: pain }) : ""));
        ul.appendChild(li);
      });
    }

    // ---- A copy in a file ------------------------------------------------------
    on("export", "click", () => {
      var entries = good(), plan = get(PLAN), name = "limber-log-" + stamp + ".json";
      // plan.js keeps even an empty plan ("plan=1&x="): one with no exercise
      // is nothing to save.
      if (!entries.length && !/x=\w/.test(plan)) return say("nothing");
      var file = { limber: "log", v: 1, guide: box.dataset.guide || "", entries: entries, plan: plan };
      var a = el("a"), url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 1)], { type: "application/json" }));
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => { URL.revokeObjectURL(url); }, 1e4);
      say("saved", { name: name });
    });

    var picker = $("import");
    on("import", "change", () => {
      var f = picker.files && picker.files[0];
      if (!f) return;
      picker.value = "";
      if (f.size > MAX_FILE) return say("too_big");
      f.text().then(take, () => { take(""); });
    });
    function take(text) {
      var d = parse(text);
      if (!d || typeof d !== "object" || d.limber !== "log" || !Array.isArray(d.entries) || d.v !== 1) return say(d && d.v > 1 ? "newer" : "not_a_log");
      var list = stored(), have = new Set(list.map((e) => e.at + "\n" + e.title)), added = 0, skipped = 0;
      d.entries.forEach((e) => {
        var c = clean(e), k = c && c.at + "\n" + c.title;
        if (!c || have.has(k)) { skipped++; return; }
        have.add(k);
        list.push(c);
        added++;
      });
      if (added) {
        list.sort((a, b) => (+a.at || 0) - (+b.at || 0));
        try { localStorage.setItem(LOG, JSON.stringify({ v: 1, entries: list })); } catch (e) { return say("full"); }
      }
      statusEl.textContent = (added ? W.n("log_added", added) : word("no_new")) + (skipped ? " " + W.n("log_skipped", skipped) : "");
      draw();
    }

    // ---- Deleting, after asking --------------------------------------------
    function close(k) {
      ask.hidden = true;
      del.focus();
      say(k);
    }
    on("delete", "click", () => {
      ask.hidden = false;
      $("cancel").focus();
    });
    var cancel = () => { close("kept"); };
    on("cancel", "click", cancel);
    on("confirm", "keydown", (e) => { if (e.key === "Escape") cancel(); });
    on("yes", "click", () => {
      try { localStorage.removeItem(LOG); localStorage.removeItem(PLAN); } catch (e) { /* nothing stored, so nothing to delete */ }
      // The plan is in the address too: a reload must not bring it back.
      if (/^#plan=/.test(location.hash)) history.replaceState(null, "", location.pathname + location.search);
      close("deleted");
      document.dispatchEvent(new Event("limber:forget"));
      draw();
    });

    // The player on this page adds to the log.
    document.addEventListener("limber:log", draw);
    draw();
  }
  if (window.limberWords) start(); else document.addEventListener("DOMContentLoaded", start);
})();
