/* limber: moves an exercise's figure smoothly between its positions.
 *
 * The positions are drawn in the HTML as a row of frames, so a page is
 * complete without this script; it only adds the moving figure. limber
 * computes the in-between poses from interpolated joint angles (eight
 * steps per move) and writes them, as the camera sees them, into the
 * stage's data-pose-anim attribute; this script eases from one step to the
 * next and redraws the figure's paths. It needs no network and runs from
 * file://. With "reduce motion" set, it shows nothing and the frames stay.
 *
 * For other scripts (such as a routine player):
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
 */
(function () {
  "use strict";

  var HOLD = 900; // ms to rest on each position
  var MOVE = 1700; // ms to move to the next
  var motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;

  function reduced() {
    return !!(motion && motion.matches);
  }

  // Numbers are written as limber writes them, so that a position drawn
  // here is exactly the frame in the HTML.
  function n1(x) {
    var v = Math.round(x * 10) / 10;
    return String(v === 0 ? 0 : v);
  }
  function n2(x) {
    var v = Math.round(x * 100) / 100;
    return String(v === 0 ? 0 : v);
  }

  function ease(u) {
    return (1 - Math.cos(Math.PI * u)) / 2;
  }

  function pathD(shape, idx, xy) {
    function p(i) {
      return n1(xy[2 * i]) + " " + n1(xy[2 * i + 1]);
    }
    function mid(a, b) {
      return n2((xy[2 * a] + xy[2 * b]) / 2) + " " + n2((xy[2 * a + 1] + xy[2 * b + 1]) / 2);
    }
    var d = "M" + p(idx[0]);
    var k;
    if (shape === "curve") {
      d += "L" + mid(idx[0], idx[1]);
      for (k = 1; k < idx.length - 1; k++) {
        d += "Q" + p(idx[k]) + " " + mid(idx[k], idx[k + 1]);
      }
      d += "L" + p(idx[idx.length - 1]);
    } else {
      for (k = 1; k < idx.length; k++) {
        d += "L" + p(idx[k]);
      }
      if (shape === "poly") {
        d += "Z";
      }
    }
    return d;
  }

  function mount(stage, options) {
    if (stage.limberPoses) {
      return stage.limberPoses;
    }
    options = options || {};
    var data;
    try {
      data = JSON.parse(stage.getAttribute("data-pose-anim"));
    } catch (e) {
      return null;
    }
    var svg = stage.querySelector("svg");
    var body = svg && svg.querySelector(".pose-body");
    if (!body || !data || !data.pts || !data.pts.length) {
      return null;
    }
    var farColour = "#93b6d8";
    var layers = [];
    Array.prototype.forEach.call(body.querySelectorAll("[data-layer]"), function (g) {
      layers[Number(g.getAttribute("data-layer"))] = g;
    });
    var parts = Array.prototype.map.call(body.querySelectorAll("[data-pts]"), function (el) {
      return {
        el: el,
        shape: el.getAttribute("data-shape"),
        idx: el.getAttribute("data-pts").split(" ").map(Number),
        eye: el.hasAttribute("data-eye") ? Number(el.getAttribute("data-eye")) : -1
      };
    });
    var frames = options.frames;
    if (!frames) {
      var box = stage.closest(".poses");
      frames = box && box.querySelector(".pose-frames");
    }
    var frameItems = frames ? frames.querySelectorAll(".pose-frame") : [];

    var keys = data.keys;
    var total = data.pts.length;
    var span = HOLD + MOVE;
    var cycle = keys.length * span;
    var clock = 0;
    var last = null;
    var running = false;
    var userPaused = false;
    var destroyed = false;
    var shownOrder = null;
    var drawn = -1;
    var current = -2;
    var button = null;

    function highlight(k) {
      if (k === current) {
        return;
      }
      current = k;
      Array.prototype.forEach.call(frameItems, function (li, i) {
        li.classList.toggle("is-current", i === k);
      });
    }

    function draw(s) {
      var i = Math.floor(s);
      var f = s - i;
      var a = data.pts[i % total];
      var b = data.pts[(i + 1) % total];
      var xy = f === 0 ? a : a.map(function (v, k) {
        return v + (b[k] - v) * f;
      });
      var near = Math.round(s) % total;
      parts.forEach(function (p) {
        if (p.shape === "circle") {
          p.el.setAttribute("cx", n1(xy[2 * p.idx[0]]));
          p.el.setAttribute("cy", n1(xy[2 * p.idx[0] + 1]));
          if (p.eye >= 0) {
            if ((data.eye[near] >> p.eye) & 1) {
              p.el.removeAttribute("visibility");
            } else {
              p.el.setAttribute("visibility", "hidden");
            }
          }
        } else {
          p.el.setAttribute("d", pathD(p.shape, p.idx, xy));
        }
      });
      var order = data.ord[near];
      if (order !== shownOrder) {
        shownOrder = order;
        order.split("").forEach(function (c) {
          if (layers[Number(c)]) {
            body.appendChild(layers[Number(c)]);
          }
        });
      }
      layers.forEach(function (g, li) {
        if (!g) {
          return;
        }
        var far = (data.far[near] >> li) & 1;
        g.classList.toggle("pose-far", !!far);
        if (far) {
          g.setAttribute("color", farColour);
        } else {
          g.removeAttribute("color");
        }
      });
    }

    // Where the figure is at a time within the cycle: resting on a
    // position, or eased part of the way to the next.
    function place(t) {
      var seg = Math.floor(t / span) % keys.length;
      var u = t - seg * span;
      var from = keys[seg];
      var to = seg + 1 < keys.length ? keys[seg + 1] : total;
      if (u < HOLD) {
        highlight(seg);
        return from;
      }
      highlight(-1);
      return from + ease((u - HOLD) / MOVE) * (to - from);
    }

    function tick(now) {
      if (!running) {
        return;
      }
      if (last !== null) {
        // A long gap (a hidden tab) resumes where it was, not far ahead.
        clock = (clock + Math.min(now - last, 100)) % cycle;
      }
      last = now;
      var s = place(clock);
      // Resting on a position needs no redrawing.
      if (s !== drawn) {
        drawn = s;
        draw(s);
      }
      window.requestAnimationFrame(tick);
    }

    function start() {
      if (running || destroyed || userPaused || reduced() || stage.hidden) {
        return;
      }
      running = true;
      last = null;
      window.requestAnimationFrame(tick);
    }

    function stop() {
      running = false;
    }

    function label() {
      if (button) {
        button.textContent = userPaused ? "Play" : "Pause";
        button.setAttribute("aria-label", (userPaused ? "Play" : "Pause") + " the animation");
      }
    }

    var controller = {
      get paused() {
        return userPaused || !running;
      },
      play: function () {
        userPaused = false;
        label();
        start();
      },
      pause: function () {
        userPaused = true;
        stop();
        label();
      },
      toggle: function () {
        if (userPaused) {
          controller.play();
        } else {
          controller.pause();
        }
      },
      show: function (k) {
        controller.pause();
        var key = Math.max(0, Math.min(keys.length - 1, k | 0));
        clock = key * span;
        drawn = keys[key];
        draw(keys[key]);
        highlight(key);
      },
      destroy: function () {
        destroyed = true;
        stop();
        stage.hidden = true;
        highlight(-1);
        if (motion && motion.removeEventListener) {
          motion.removeEventListener("change", onMotion);
        }
      }
    };

    function onMotion() {
      if (destroyed) {
        return;
      }
      if (reduced()) {
        stop();
        stage.hidden = true;
        highlight(-1);
      } else {
        stage.hidden = false;
        start();
      }
    }

    if (options.button !== false) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "pose-toggle";
      button.addEventListener("click", controller.toggle);
      stage.appendChild(button);
      label();
    }
    if (motion && motion.addEventListener) {
      motion.addEventListener("change", onMotion);
    }
    stage.limberPoses = controller;
    stage.hidden = reduced();
    start();
    return controller;
  }

  window.LimberPoses = { mount: mount };

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pose-anim]"), function (el) {
      if (!el.closest("[data-pose-manual]")) {
        mount(el);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
