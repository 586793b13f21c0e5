// The guide as an app: registers the service worker (sw.js) that keeps
// every page for reading offline, and offers a new version once one has
// been fetched. Only over http(s): from disk a browser has no service
// workers, and the pages work as they are.
(function () {
  var workers = navigator.serviceWorker;
  if (!workers || !/^https?:$/.test(location.protocol)) return;
  var root = document.body.getAttribute("data-root") || "";
  // Linked here rather than in the page: from disk a browser would try to
  // read the manifest and log an error.
  var link = document.createElement("link");
  link.rel = "manifest";
  link.href = root + "manifest.webmanifest";
  document.head.appendChild(link);
  if (window.limberServe) {
    // limber serve shows each edit at once: a worker kept from a build
    // served earlier at this address would show cached pages instead.
    var scope = new URL(root, location.href).href;
    workers.getRegistrations().then(function (all) {
      all.forEach(function (r) {
        if (r.scope === scope) r.unregister();
      });
    }, function () {});
    return;
  }
  var asked = false;
  var notice = document.createElement("div");
  notice.className = "app-update";
  // In the page from the start, empty, so that screen readers announce
  // the text when it comes.
  notice.setAttribute("role", "status");
  document.body.appendChild(notice);

  function offer(worker) {
    // Nothing controlled the page: this is the first install, not news.
    if (!workers.controller || notice.firstChild) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "Reload";
    button.onclick = function () {
      asked = true;
      if (worker.state === "activated") location.reload();
      else worker.postMessage("skipWaiting");
    };
    notice.append("A new version is available. ", button);
  }
  function watch(worker) {
    if (!worker) return;
    if (worker.state === "installed") offer(worker);
    worker.addEventListener("statechange", function () {
      if (worker.state === "installed") offer(worker);
    });
  }
  workers.addEventListener("controllerchange", function () {
    if (asked) location.reload();
  });
  workers.register(root + "sw.js").then(function (reg) {
    if (reg.waiting) offer(reg.waiting);
    watch(reg.installing);
    reg.addEventListener("updatefound", function () {
      watch(reg.installing);
    });
  }, function () {});
})();
