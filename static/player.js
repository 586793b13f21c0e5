/* limber: the guided routine player. It runs the timed phases the build
   wrote into the page (#routine-data), so the page's time estimate and the
   player always agree. Without JavaScript the page still lists the whole
   routine. Progress is kept in localStorage so a reload carries on. */
(function () {
  "use strict";
  var $ = (id) => { return document.getElementById(id); };
  var box = $("player");
  if (!box) return;
  // The routine's data, and what follows from it: set by load(), again
  // when the plan page changes its plan (the "limber:routine" event).
  var data, phases, items, n, KEY, startAt, total;
  function load() {
    var el = $("routine-data");
    try { data = JSON.parse(el.textContent); } catch (e) { return false; }
    phases = data.phases || []; items = data.items || []; n = phases.length;
    KEY = "limber:routine:" + data.slug;
    startAt = []; total = 0;
    phases.forEach((p, k) => { startAt[k] = total; total += p.seconds; });
    return n > 0;
  }
  if (!load()) return;

  // ui.count is #player-count, and so on.
  var ui = { stage: box.querySelector(".player-stage") };
  "count left bar phase clock detail exercise steps live toggle back skip prev next restart sound voice today".split(" ").forEach((k) => { ui[k] = $("player-" + k); });
  var PREFS = "limber:cues";
  var state = "idle", i = 0, left = 0, endsAt = 0, timer = null, lock = null, audio = null, shownItem = -1, lastSaved = -1;

  function store(k, v) { try { if (v === null) localStorage.removeItem(k); else localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* private mode: no memory, still works */ } }
  function recall(k) { try { return JSON.parse(localStorage.getItem(k) || "null"); } catch (e) { return null; } }
  function put(k, text) { ui[k].textContent = text; }
  // The page's words (site.js), each key under "player_"; numbers as
  // the page's language writes them.
  var W = window.limberWords, t = (k, v) => W.t("player_" + k, v), num = W.num;
  function mmss(s) { return num(Math.floor(s / 60)) + ":" + num(s % 60, { minimumIntegerDigits: 2 }); }

  // What to show and say for phase k.
  function describeAt(k) {
    var p = phases[k], it = items[p.item] || {}, title = it.title || "", what = it.switch || "sides";
    // Older readers need time to get down to the floor, or up.
    var d = {}, floor = p.floor && t("floor_" + p.floor), also = floor ? " " + t("take_time") : "", of = { title: title };
    if (p.kind === "ready") {
      d.label = floor || t("ready");
      d.detail = t("first", of) + (also || " " + t("get_in_position"));
      d.say = t("say_first", of) + also;
    } else if (p.kind === "rest") {
      var setRest = k > 0 && phases[k - 1].item === p.item;
      d.label = floor || t("rest");
      d.detail = t(setRest ? "next_set" : "next", of) + also;
      d.say = W.n("player_say_rest", p.seconds) + " " + d.detail;
    } else if (p.kind === "switch") {
      d.label = t("switch_" + what); d.detail = t("other_" + what);
      d.say = d.label + ".";
    } else if (p.free) {
      d.label = t("own_pace");
      d.detail = t("own_pace_detail");
      d.say = title + ". " + d.label + ". " + d.detail;
    } else {
      d.label = t(p.hold ? "hold" : "move");
      var bits = [t("rep", { n: p.rep, of: p.reps })];
      if (p.side) bits.push(t(p.side === 1 ? "first_side" : "other_side"));
      if (p.sets) bits.push(t("set", { n: p.set, of: p.sets }));
      d.detail = bits.join(" · ");
      var prev = phases[k - 1];
      // The title at a side's first countdown; a cue when alternating sides.
      var same = prev && prev.kind === "work" && prev.item === p.item;
      d.say = (p.side && same && prev.side !== p.side ? t("switch_" + what) + ". " : "") + (p.rep === 1 && !same ? title + ". " : "") + d.label + ", " + bits.join(", ") + ".";
    }
    return d;
  }

  function showSteps(item) {
    if (item === shownItem) return;
    shownItem = item;
    put("steps", "");
    var at = "#item-" + (item + 1) + " ";
    // As on the page: the dose, what the routine chose, the steps, when to stop.
    document.querySelectorAll(at + ".dose-summary," + at + ".dose-choice," + at + ".steps," + at + ".item-cautions").forEach(function (e) {
      var d = ui.steps.appendChild(e.cloneNode(true));
      if (d.className === "dose-summary") d.className = "player-dose";
    });
    put("exercise", items[item] ? items[item].title : "");
    pose();
  }

  // The moving figure of the exercise on show, when it has one (drawn by
  // poses.js): still on its first position until the player runs, paused
  // with the player, hidden when another exercise comes.
  var shownPose = null, posesAsked = false;
  function figure(w) { return w && window.LimberPoses && LimberPoses.mount(w.firstElementChild, { button: false }); }
  // Nothing before the first Start needs the moving figure, so its script
  // is not part of what the page loads up front.
  function needPoses() {
    if (posesAsked || !box.dataset.poses) return;
    posesAsked = true;
    var el = document.createElement("script");
    el.src = box.dataset.poses;
    el.onload = () => { shownPose = null; pose(); };
    document.head.appendChild(el);
  }
  function pose() {
    var s = (items[shownItem] || {}).slug, w = box.querySelector('[data-pose="' + s + '"]'), c = figure(w);
    if (w !== shownPose) {
      var before = figure(shownPose);
      if (before) before.pause();
      if (shownPose) shownPose.hidden = true;
      // The page draws the first position: shown before poses.js is here.
      if (w) w.hidden = w.firstElementChild.hidden = false;
      if (c) c.show(0);
      shownPose = w;
    }
    if (state === "running") needPoses();
    if (c) c[state === "running" ? "play" : "pause"]();
    // The photos of the exercise on show, when it has some.
    box.querySelectorAll("[data-pictures]").forEach(function (e) { e.hidden = e.dataset.pictures !== s; });
  }

  // ---- The log: kept on this device only, read by the plan page. A pain
  // score is offered, never asked for: nothing waits for one.
  var LOG = "limber:log:" + new URL(document.body.dataset.assets || document.body.dataset.root || "./", location.href).pathname;
  var painBefore = $("player-pain-before"), painAfter = $("player-pain-after"), madeAt = 0;
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }
  function entries() { var l = recall(LOG); return l && Array.isArray(l.entries) ? l.entries.filter((e) => e && typeof e === "object") : []; }
  function mine(e) { return e.kind === (data.kind || "routine") && e.title === data.title && e.date === today(); }
  function scores(e) {
    [["before", painBefore], ["after", painAfter]].forEach((p) => {
      if (p[1] && p[1].value !== "") e[p[0]] = +p[1].value; else delete e[p[0]];
    });
  }
  // The plan page's log view draws again.
  function logged() { document.dispatchEvent(new Event("limber:log")); }
  function keep(how) {
    var list = entries(), e = { date: today(), at: Date.now(), kind: data.kind || "routine", title: data.title, exercises: items.map((x) => x.slug), how: how };
    if (e.kind === "routine") e.slug = data.slug;
    scores(e);
    list.push(e);
    madeAt = e.at;
    store(LOG, { v: 1, entries: list });
    logged();
    if (ui.today) ui.today.checked = true;
  }
  // A score given after the entry was made goes into it.
  function rescore() {
    var list = entries(), e = list.find((x) => x.at === madeAt);
    if (!e) return;
    scores(e);
    store(LOG, { v: 1, entries: list });
    logged();
  }
  [painBefore, painAfter].forEach((s) => { if (s) s.addEventListener("change", rescore); });
  if (ui.today) {
    ui.today.addEventListener("change", () => {
      if (ui.today.checked) return keep("ticked");
      madeAt = 0;
      store(LOG, { v: 1, entries: entries().filter((e) => !mine(e)) });
      logged();
    });
  }

  function setButtons() {
    put("toggle", t({ idle: "start", running: "pause", paused: "resume", done: "start_again" }[state]));
    box.setAttribute("data-state", state);
    ui.back.disabled = ui.prev.disabled = ui.restart.disabled = state === "idle";
    ui.skip.disabled = ui.next.disabled = state === "idle" || state === "done";
    pose();
  }

  function remaining() { return state === "running" ? Math.max(0, endsAt - Date.now()) : left; }

  function drawClock() {
    var p = phases[i], ms = remaining(), secs = Math.ceil(ms / 1000);
    put("clock", secs >= 60 ? mmss(secs) : num(secs));
    var elapsed = startAt[i] + p.seconds - secs;
    ui.bar.value = elapsed;
    put("left", mmss(total - elapsed));
    if (secs !== lastSaved) { lastSaved = secs; store(KEY, { i: i, left: ms, n: n }); }
  }

  // The voice speaks the page's language: a voice of that language, else
  // of its base language ("ar" for "ar-EG"). undefined while the browser
  // lists no voices at all (some list them only later, some never, yet
  // speak); false when it lists voices and none speaks the language, or
  // a voice failed to: then the player beeps instead, and says so.
  var synth = window.speechSynthesis, lang = W.lang, noVoice = !synth || !window.SpeechSynthesisUtterance, note;
  function voice() {
    if (noVoice) return false;
    var vs = synth.getVoices() || [], base = (l) => l.toLowerCase().replace(/_/g, "-").split("-")[0];
    return vs.find((v) => v.lang.replace(/_/g, "-").toLowerCase() === lang.toLowerCase()) || vs.find((v) => base(v.lang) === base(lang)) || (vs.length ? false : undefined);
  }
  function muted() { return ui.voice.checked && voice() === false; }
  function showNote() {
    if (!note && muted()) {
      note = document.createElement("p");
      note.id = "player-no-voice";
      note.textContent = t("no_voice");
      ui.voice.parentNode.after(note);
      ui.voice.setAttribute("aria-describedby", note.id);
    }
    if (note) note.hidden = !muted();
  }
  if (synth && synth.addEventListener) synth.addEventListener("voiceschanged", showNote);

  function announce(text) {
    put("live", text);
    var v = ui.voice.checked && voice();
    if (v === false) return;
    if (ui.voice.checked) {
      var u = new SpeechSynthesisUtterance(text);
      u.lang = lang;
      if (v) u.voice = v;
      u.onerror = (e) => { if (/unavailable/.test(e.error)) { noVoice = true; showNote(); } };
      synth.cancel();
      synth.speak(u);
    }
  }

  function beep(kind) {
    if (!ui.sound.checked && !muted()) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var o = audio.createOscillator(), g = audio.createGain(), t = audio.currentTime;
      o.frequency.value = kind === "work" ? 880 : 520;
      g.gain.setValueAtTime(0.2, t); g.gain.exponentialRampToValueAtTime(0.001, t + 0.35);
      o.connect(g); g.connect(audio.destination); o.start(t); o.stop(t + 0.4);
    } catch (e) { /* no Web Audio: the words still change */ }
  }

  function enter(k, speak) {
    i = k;
    var p = phases[i], d = describeAt(i);
    left = p.seconds * 1000;
    endsAt = Date.now() + left;
    ui.stage.setAttribute("data-kind", p.kind === "work" && p.hold ? "hold" : p.kind);
    put("phase", d.label);
    put("detail", d.detail);
    put("count", t("exercise_of", { n: p.item + 1, of: items.length }));
    showSteps(p.item);
    lastSaved = -1;
    drawClock();
    if (speak) { announce(d.say + " " + W.n("player_say_seconds", p.seconds)); beep(p.kind); }
  }

  function tick() {
    var now = Date.now();
    while (state === "running" && now >= endsAt) {
      if (i + 1 >= n) return finish();
      var over = now - endsAt;
      enter(i + 1, true);
      // Carry a short delay into the next phase, but after a long stall
      // (a sleeping phone) start the phase afresh rather than race ahead.
      if (over < 2000) endsAt -= over;
    }
    if (state === "running") drawClock();
  }

  function wake(on) {
    if (on && "wakeLock" in navigator && !lock) {
      navigator.wakeLock.request("screen").then((l) => { lock = l; l.addEventListener("release", () => { lock = null; }); }).catch(() => {});
    } else if (!on && lock) { lock.release().catch(() => {}); lock = null; }
  }

  function run() {
    state = "running";
    endsAt = Date.now() + left;
    clearInterval(timer);
    timer = setInterval(tick, 200);
    wake(true);
    setButtons();
  }

  function pause() {
    if (state !== "running") return;
    left = remaining();
    state = "paused";
    clearInterval(timer);
    wake(false);
    setButtons();
    store(KEY, { i: i, left: left, n: n });
    announce(t("paused"));
  }

  function finish() {
    clearInterval(timer);
    state = "done";
    left = 0;
    wake(false);
    store(KEY, null);
    ui.stage.setAttribute("data-kind", "done");
    put("phase", t("done"));
    put("clock", num(0));
    ui.bar.value = total;
    put("left", mmss(0));
    put("detail", t("finished", { title: data.title }));
    setButtons();
    announce(t("done") + " " + ui.detail.textContent);
    beep("done");
    keep("played");
  }

  function jump(k) {
    if (k < 0) k = 0;
    if (k >= n) return finish();
    var wasRunning = state === "running" || state === "idle";
    if (state === "done") state = "paused";
    enter(k, true);
    if (wasRunning) run(); else { state = "paused"; setButtons(); }
  }

  function firstOfItem(item) {
    for (var k = 0; k < n; k++) if (phases[k].item === item) return k;
    return -1;
  }

  var actions = {
    toggle() {
      if (state === "idle" || state === "done") { store(KEY, null); enter(0, true); run(); }
      else if (state === "running") pause();
      else { run(); announce(t("going_on", { what: describeAt(i).label })); }
    },
    back() {
      var p = phases[i], into = p.seconds * 1000 - remaining();
      if (state === "done") jump(n - 1);
      else jump(into > 2000 ? i : i - 1);
    },
    skip() { jump(i + 1); },
    prev() {
      var item = phases[Math.min(i, n - 1)].item, start = firstOfItem(item);
      // Within an exercise, go back to its start; at its start, to the one before.
      var k = state === "done" ? firstOfItem(phases[n - 1].item) : i > start && phases[i].kind !== "rest" ? start : firstOfItem(item - 1);
      jump(k < 0 ? 0 : k);
    },
    next() {
      var k = firstOfItem(phases[i].item + 1);
      if (k < 0) finish(); else jump(k);
    },
    restart() {
      clearInterval(timer);
      store(KEY, null);
      state = "idle";
      enter(0, false);
      actions.toggle();
    }
  };

  Object.keys(actions).forEach((a) => {
    ui[a].addEventListener("click", () => { actions[a](); });
  });

  var KEYS = { " ": "toggle", ArrowLeft: "back", ArrowRight: "skip", p: "prev", n: "next", r: "restart" };
  document.addEventListener("keydown", (ev) => {
    var t = ev.target, tag = t && t.tagName;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(tag) || (t && t.isContentEditable)) return;
    // A focused button or link does its own thing with Space and Enter.
    if (ev.key === " " && (tag === "BUTTON" || tag === "A" || tag === "SUMMARY")) return;
    var a = KEYS[ev.key.length === 1 ? ev.key.toLowerCase() : ev.key];
    if (!a || ui[a].disabled) return;
    ev.preventDefault();
    actions[a]();
  });

  // Cue choices are remembered for every routine of the guide.
  var prefs = recall(PREFS) || {};
  ui.sound.checked = !!prefs.sound;
  ui.voice.checked = !!prefs.voice;
  [ui.sound, ui.voice].forEach((c) => {
    c.addEventListener("change", () => {
      store(PREFS, { sound: ui.sound.checked, voice: ui.voice.checked });
      if (c === ui.sound && c.checked) beep("work");
      showNote();
    });
  });
  showNote();

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && state === "running") wake(true);
  });

  // Carry on where the reader left off, paused, so nothing starts by itself.
  function begin() {
    clearInterval(timer);
    wake(false);
    state = "idle"; i = 0; shownItem = -1;
    ui.bar.max = total;
    ui.bar.value = 0;
    put("count", W.n("player_exercises", items.length));
    put("left", mmss(total));
    put("clock", mmss(total));
    put("phase", t("idle"));
    put("detail", t("idle_detail"));
    ui.stage.setAttribute("data-kind", "idle");
    if (ui.today) ui.today.checked = entries().some(mine);
    var saved = recall(KEY);
    if (saved && saved.n === n && saved.i >= 0 && saved.i < n) {
      enter(saved.i, false);
      left = Math.max(1000, Math.min(saved.left, phases[saved.i].seconds * 1000));
      drawClock();
      state = "paused";
      put("detail", t("welcome_back") + " " + ui.detail.textContent);
    } else {
      showSteps(0);
    }
    setButtons();
  }
  begin();
  // The plan page's plan changed: the player starts afresh on the new one.
  document.addEventListener("limber:routine", () => { if (load()) begin(); });
})();
