/* limber: moves an exercise's figure smoothly between its positions.
 *
 * The positions are drawn in the HTML as a row of frames, so a page is
 * complete without this script; it only adds the moving figure. limber
 * computes the in-between poses from interpolated joint angles (eight
 * steps per move) and writes them, as the camera sees them, into the
 * stage's data-pose-anim attribute; this script eases from one step to the
 * next and redraws the figure's paths. It needs no network and runs from
 * file://. With "reduce motion" set, nothing moves: a stage with frames
 * beside it is hidden (the frames stay), one without (the routine player's)
 * stays on its first position.
 *
 * For other scripts (such as the routine player):
 *
 *   var c = LimberPoses.mount(stage, { button: true, frames: list });
 *     stage   an element with data-pose-anim (the .pose-stage limber writes,
 *             or a copy of it); mounting it twice returns the same controller
 *     button  false: add no Pause/Play button (default true)
 *     frames  an element whose .pose-frame items are highlighted in turn
 *             (default: the .pose-frames list beside the stage)
 *   c.play(); c.pause(); c.toggle(); c.paused  (true or false)
 *   c.show(k)   stop on position k (0 = the first), e.g. for "now: Cat"
 *   c.destroy() stop for good and hide the stage
 *
 * Stages marked data-pose-manual, or inside an element so marked (a page
 * showing several exercises), are not started automatically, so such a
 * script can mount the one it shows.
 *
 * The code is written densely on purpose: every page's scripts share a
 * 20 KB budget (tests/browser/a11y.test.mjs), and the routine page loads
 * this file beside the player and the search.
 */
(function () {
  "use strict";
  // ms resting on each position, then moving to the next.
  var HOLD = 900, MOVE = 1700, SPAN = HOLD + MOVE;
  var motion = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)");
  function reduced() { return !!(motion && motion.matches); }
  function each(list, f) { Array.prototype.forEach.call(list, f); }
  // Numbers written as limber writes them (1 or 2 decimals, never -0), so
  // that a position drawn here is exactly the frame in the HTML.
  function num(x, m) { return String(Math.round(x * m) / m || 0); }
  // Sets an attribute, or removes it for null.
  function set(el, name, v) { if (v === null) el.removeAttribute(name); else el.setAttribute(name, v); }

  function pathD(shape, idx, xy) {
    // The point half-way between points a and b (a itself when a === b).
    function pt(a, b, m) { return num((xy[2 * a] + xy[2 * b]) / 2, m) + " " + num((xy[2 * a + 1] + xy[2 * b + 1]) / 2, m); }
    var last = idx.length - 1, d = "M" + pt(idx[0], idx[0], 10), k;
    if (shape === "curve") {
      d += "L" + pt(idx[0], idx[1], 100);
      for (k = 1; k < last; k++) d += "Q" + pt(idx[k], idx[k], 10) + " " + pt(idx[k], idx[k + 1], 100);
      return d + "L" + pt(idx[last], idx[last], 10);
    }
    for (k = 1; k <= last; k++) d += "L" + pt(idx[k], idx[k], 10);
    return shape === "poly" ? d + "Z" : d;
  }

  function mount(stage, o) {
    if (stage.limberPoses) return stage.limberPoses;
    o = o || {};
    var data, body = stage.querySelector(".pose-body");
    try { data = JSON.parse(stage.getAttribute("data-pose-anim")); } catch (e) { return null; }
    if (!body || !data || !data.pts || !data.pts.length || !data.keys || !data.keys.length) return null;
    var keys = data.keys, total = data.pts.length, cycle = keys.length * SPAN, layers = [], parts = [];
    each(body.querySelectorAll("[data-layer]"), (g) => { layers[g.dataset.layer] = g; });
    each(body.querySelectorAll("[data-pts]"), (el) => {
      parts.push({ el: el, shape: el.dataset.shape, idx: el.dataset.pts.split(" ").map(Number), eye: el.dataset.eye });
    });
    var box = stage.closest(".poses"), frames = o.frames || (box && box.querySelector(".pose-frames"));
    var items = frames ? frames.querySelectorAll(".pose-frame") : [];
    var clock = 0, last = null, running = false, held = false, dead = false, order = null, drawn = -1, current = -2, raf = 0, button = null;

    function highlight(k) {
      if (k === current) return;
      current = k;
      each(items, (li, i) => { li.classList.toggle("is-current", i === k); });
    }

    // Draws step s of the in-between poses (a fraction eases between two).
    function draw(s) {
      var i = Math.floor(s), f = s - i, a = data.pts[i % total], b = data.pts[(i + 1) % total], near = Math.round(s) % total;
      var xy = f ? a.map((v, k) => { return v + (b[k] - v) * f; }) : a;
      parts.forEach((p) => {
        var el = p.el, j = 2 * p.idx[0];
        if (p.shape !== "circle") return set(el, "d", pathD(p.shape, p.idx, xy));
        set(el, "cx", num(xy[j], 10));
        set(el, "cy", num(xy[j + 1], 10));
        if (p.eye) set(el, "visibility", (data.eye[near] >> p.eye) & 1 ? null : "hidden");
      });
      if (data.ord[near] !== order) {
        order = data.ord[near];
        order.split("").forEach((c) => { if (layers[c]) body.appendChild(layers[c]); });
      }
      layers.forEach((g, li) => {
        var far = (data.far[near] >> li) & 1;
        g.classList.toggle("pose-far", !!far);
        set(g, "color", far ? "#93b6d8" : null);
      });
    }

    // Where the figure is at a time within the cycle: resting on a
    // position, or eased part of the way to the next.
    function place(t) {
      var seg = Math.floor(t / SPAN) % keys.length, u = t - seg * SPAN - HOLD, from = keys[seg];
      highlight(u < 0 ? seg : -1);
      return u < 0 ? from : from + (1 - Math.cos(Math.PI * u / MOVE)) / 2 * ((keys[seg + 1] || total) - from);
    }

    function tick(now) {
      // A long gap (a hidden tab) resumes where it was, not far ahead; a
      // timestamp that goes back (a clock set back, a fake timer) moves nothing.
      var gap = now - last;
      if (last !== null && gap > 0) clock = (clock + Math.min(gap, 100)) % cycle;
      last = now;
      var s = place(clock);
      // Resting on a position needs no redrawing.
      if (s !== drawn) draw(drawn = s);
      raf = requestAnimationFrame(tick);
    }

    function start() {
      if (running || dead || held || reduced() || stage.hidden) return;
      running = true;
      last = null;
      raf = requestAnimationFrame(tick);
    }
    function stop() { running = false; cancelAnimationFrame(raf); }

    function label() {
      if (!button) return;
      // The page's words (site.js).
      var k = "player_figure_" + (held ? "play" : "pause");
      button.textContent = limberWords.t(k);
      button.setAttribute("aria-label", limberWords.t(k + "_label"));
    }

    var c = {
      get paused() { return held || !running; },
      play() { held = false; label(); start(); },
      pause() { held = true; stop(); label(); },
      toggle() { c[held ? "play" : "pause"](); },
      show(k) {
        c.pause();
        k = Math.max(0, Math.min(keys.length - 1, k | 0));
        clock = k * SPAN;
        draw(drawn = keys[k]);
        highlight(k);
      },
      destroy() {
        dead = true;
        stop();
        stage.hidden = true;
        highlight(-1);
        if (motion && motion.removeEventListener) motion.removeEventListener("change", onMotion);
      }
    };

    function onMotion() {
      if (dead) return;
      stop();
      stage.hidden = reduced() && items.length > 0;
      if (!reduced()) return start();
      highlight(-1);
      clock = 0;
      draw(drawn = 0);
    }

    if (o.button !== false) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "pose-toggle";
      button.onclick = c.toggle;
      stage.appendChild(button);
      label();
    }
    if (motion && motion.addEventListener) motion.addEventListener("change", onMotion);
    stage.limberPoses = c;
    onMotion();
    return c;
  }

  window.LimberPoses = { mount: mount };

  function mountAll() {
    each(document.querySelectorAll("[data-pose-anim]"), (el) => { if (!el.closest("[data-pose-manual]")) mount(el); });
  }
  // A page may have this script before site.js, whose words its button
  // needs: it starts once the page is read.
  if (document.readyState === "loading" || !window.limberWords) document.addEventListener("DOMContentLoaded", mountAll); else mountAll();
})();
