/* limber: filters on the index. Without JavaScript the area, family and
   position pages list the same sets, so nothing is lost. */
(function () {
  "use strict";
  var $ = (id) => { return document.getElementById(id); };
  var form = $("filters");
  if (!form) return;
  var box = $("filters-box");
  var cards = [].slice.call(form.closest(".filters-wrap").nextElementSibling.children);
  var count = $("filter-count"), empty = $("filter-empty");
  var GROUPS = ["area", "position", "kind", "level", "floor", "equipment"];

  function checked(name) {
    return [].slice.call(form.querySelectorAll("input[name=" + name + "]:checked")).map((i) => { return i.value; });
  }
  function anyIn(have, want) {
    if (!want.length) return true;
    return have.split(" ").some((h) => { return want.indexOf(h) >= 0; });
  }

  function apply() {
    var area = checked("area"), pos = checked("position"), kind = checked("kind"), level = checked("level");
    var noFloor = checked("floor").length > 0, kit = checked("equipment"), shown = 0;
    cards.forEach((li) => {
      var d = li.dataset;
      // Equipment ticked is what the reader has: an exercise shows when it
      // needs nothing, or only what is ticked. An exercise that names no
      // position is never taken for floor work.
      var ok = anyIn(d.areas, area) && anyIn(d.positions || "", pos) && anyIn(d.kind, kind) &&
        anyIn(d.level || "", level) && !(noFloor && d.floor === "true") &&
        (!kit.length || d.equipment === "0" || (!!d.kit && d.kit.split(" ").every((k) => { return kit.indexOf(k) >= 0; })));
      li.hidden = !ok;
      if (ok) shown++;
    });
    var all = cards.length;
    count.textContent = shown === all ? "Showing all " + all + " exercises" : "Showing " + shown + " of " + all + " exercise" + (all === 1 ? "" : "s");
    empty.hidden = shown > 0;
  }

  // The state lives in the fragment (#area=neck&floor=no) so a filtered
  // view can be bookmarked and shared; plain anchors such as #exercises
  // are left alone.
  function save() {
    var parts = [];
    GROUPS.forEach((g) => { var v = checked(g); if (v.length) parts.push(g + "=" + v.map(encodeURIComponent).join(",")); });
    var url = location.href.split("#")[0] + (parts.length ? "#" + parts.join("&") : "");
    try { history.replaceState(null, "", url); } catch (e) { /* some file:// setups refuse; the view still filters */ }
  }
  function load() {
    var h = location.hash.slice(1);
    if (h.indexOf("=") < 0) return false;
    var want = {};
    h.split("&").forEach((p) => {
      var kv = p.split("=");
      want[kv[0]] = (kv[1] || "").split(",").map((v) => { try { return decodeURIComponent(v); } catch (e) { return v; } });
    });
    [].slice.call(form.querySelectorAll("input[type=checkbox]")).forEach((i) => {
      i.checked = (want[i.name] || []).indexOf(i.value) >= 0;
    });
    return true;
  }

  form.addEventListener("change", () => { apply(); save(); });
  form.addEventListener("reset", () => { setTimeout(() => { apply(); save(); }, 0); });
  form.addEventListener("submit", (ev) => { ev.preventDefault(); });
  window.addEventListener("hashchange", () => { if (load()) { box.open = true; apply(); } });
  load();
  apply();
})();
