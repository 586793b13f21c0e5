/* The guide's service worker. The build writes before this code:
     VERSION   a hash of every other file of the site, path and bytes;
     PRECACHE  [path, revision] of each file kept on install: the pages,
               scripts, styles, drawings, the manifest and icon, and the
               smallest copy of each picture;
     LATER     [path, revision] of every other file, kept once it is
               first asked for (full-size photos, videos).
   A revision is a hash of the file's bytes. Cached files are kept under
   `<address>?<revision>`, so a file that did not change between two
   versions is taken from the older cache rather than downloaded again,
   and a changed file is never answered from a stale copy. */
(function () {
  var SCOPE = self.registration.scope;
  // Named by scope: guides at user.github.io/a/ and /b/ share an origin
  // and so the caches, and each must keep to its own.
  var PREFIX = "limber " + SCOPE + " precache ";
  var PRE = PREFIX + VERSION;
  var RUNTIME = "limber " + SCOPE + " runtime";
  var files = new Map();
  // The smallest kept copy of each picture, by the picture's hash.
  var smallest = new Map();
  var picture = /\/_img\/([^/]+)-\d+\.\w+$/;

  function add(list, pre) {
    list.forEach(function (f) {
      var url = new URL(f[0], location).href;
      var entry = { url: url, key: url + "?" + f[1], pre: pre };
      files.set(url, entry);
      var m = pre && picture.exec(url);
      if (m) smallest.set(m[1], entry.key);
    });
  }
  add(PRECACHE, true);
  add(LATER, false);

  // A response as it can be kept: one that followed a redirect cannot
  // answer a page's navigation.
  async function keepable(r) {
    if (!r.redirected) return r;
    return new Response(await r.blob(), { status: r.status, statusText: r.statusText, headers: r.headers });
  }

  async function download(url) {
    var r = await fetch(new Request(url, { cache: "reload" }));
    if (r.status !== 200) throw new Error(url + ": " + r.status);
    return keepable(r);
  }

  async function install() {
    var cache = await caches.open(PRE);
    var older = [];
    for (var name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== PRE) older.push(await caches.open(name));
    }
    var todo = PRECACHE.map(function (f) { return files.get(new URL(f[0], location).href); });
    async function worker() {
      for (var e; (e = todo.pop()); ) {
        if (await cache.match(e.key)) continue;
        var r = null;
        for (var c of older) if ((r = await c.match(e.key))) break;
        await cache.put(e.key, r || (await download(e.url)));
      }
    }
    // A few at a time: a guide of a thousand exercises has thousands of
    // files, and the pages open meanwhile need the network too.
    await Promise.all([0, 1, 2, 3, 4, 5].map(worker));
  }

  async function activate() {
    for (var name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== PRE) await caches.delete(name);
    }
    var wanted = new Set();
    files.forEach(function (e) { wanted.add(e.key); });
    var runtime = await caches.open(RUNTIME);
    for (var req of await runtime.keys()) {
      if (!wanted.has(req.url)) await runtime.delete(req);
    }
    await self.clients.claim();
  }

  // The part of a kept file that a Range request asks for; never kept.
  async function slice(r, range) {
    var blob = await r.blob();
    var size = blob.size;
    var m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    var start = NaN, end = size - 1;
    if (m && m[1]) {
      start = +m[1];
      if (m[2]) end = Math.min(+m[2], size - 1);
    } else if (m && m[2]) {
      start = Math.max(size - m[2], 0);
    }
    if (!(start <= end)) {
      return new Response("", { status: 416, headers: { "Content-Range": "bytes */" + size } });
    }
    var headers = new Headers({
      "Content-Range": "bytes " + start + "-" + end + "/" + size,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    });
    var type = r.headers.get("Content-Type");
    if (type) headers.set("Content-Type", type);
    return new Response(blob.slice(start, end + 1), { status: 206, statusText: "Partial Content", headers: headers });
  }

  // Whole files being fetched for the runtime cache, so that the many
  // Range requests of one video fetch it once.
  var filling = new Map();
  function fill(e) {
    if (!filling.has(e.key)) {
      filling.set(e.key, fetch(e.url).then(function (r) {
        if (r.status === 200) return caches.open(RUNTIME).then(function (c) { return c.put(e.key, r); });
      }).catch(function () {}).then(function () { filling.delete(e.key); }));
    }
    return filling.get(e.key);
  }

  async function answer(event, e) {
    var req = event.request;
    var range = req.headers.get("Range");
    var cache = await caches.open(e.pre ? PRE : RUNTIME);
    var hit = await cache.match(e.key);
    if (hit) return range ? slice(hit, range) : hit;
    if (range) {
      // Played from the network now, kept whole for the next time.
      event.waitUntil(fill(e));
      return fetch(req);
    }
    try {
      var r = await fetch(req);
      if (r.status === 200 && r.type === "basic") {
        var copy = await keepable(r.clone());
        event.waitUntil(cache.put(e.key, copy));
      }
      return r;
    } catch (error) {
      // Offline: another copy of the same picture is better than none.
      var m = picture.exec(e.url);
      var other = m && smallest.get(m[1]);
      var kept = other && (await caches.match(other, { cacheName: PRE }));
      if (kept) return kept;
      throw error;
    }
  }

  async function notFound(req) {
    try {
      return await fetch(req);
    } catch (error) {
      var page = files.get(new URL("404.html", location).href);
      var kept = page && (await caches.match(page.key, { cacheName: PRE }));
      if (!kept) throw error;
      return new Response(kept.body, { status: 404, statusText: "Not Found", headers: kept.headers });
    }
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(install());
  });
  self.addEventListener("activate", function (event) {
    event.waitUntil(activate());
  });
  // A new version waits until the reader chooses to reload (app.js).
  self.addEventListener("message", function (event) {
    if (event.data === "skipWaiting") self.skipWaiting();
  });
  self.addEventListener("fetch", function (event) {
    var req = event.request;
    if (req.method !== "GET") return;
    var url = new URL(req.url);
    // Other origins are never answered from, or kept in, a cache.
    if (url.origin !== location.origin || !url.href.startsWith(SCOPE)) return;
    // The site uses no query strings; its pages' fragments stay with the page.
    url.search = "";
    url.hash = "";
    var href = url.href.endsWith("/") ? url.href + "index.html" : url.href;
    var e = files.get(href);
    if (e) event.respondWith(answer(event, e));
    else if (req.mode === "navigate") event.respondWith(notFound(req));
  });
})();
