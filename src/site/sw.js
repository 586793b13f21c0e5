// limber: the guide's offline copy. The build writes VERSION (a hash of
// every other file of the site) and FILES (what is kept from the first
// visit) above this line, so a new build is a new worker and a new copy.
// Full-size photos and videos are kept as they are first viewed. Several
// guides may share one origin: every cache is named by this worker's scope.
const SCOPE = self.registration.scope;
const PREFIX = "limber:" + SCOPE + ":";
const CACHE = PREFIX + VERSION, MEDIA = PREFIX + "media";

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE)
    .then((c) => c.addAll(FILES.map((f) => new Request(new URL(f, SCOPE), { cache: "reload" }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE && k !== MEDIA).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (e) => {
  const req = e.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  e.respondWith(answer(req, url.origin + url.pathname));
});

async function answer(req, key) {
  const kept = await caches.open(CACHE);
  const hit = (await kept.match(key)) || (key.endsWith("/") && (await kept.match(key + "index.html")));
  if (hit) return hit;
  const media = await caches.open(MEDIA);
  if (req.headers.has("range")) return ranged(req, key, media);
  try {
    const res = await fetch(req);
    if (res.status === 200 && res.type === "basic") await media.put(key, res.clone());
    return res;
  } catch (err) {
    const seen = await media.match(key);
    if (seen) return seen;
    const missing = req.mode === "navigate" && (await kept.match(new URL("404.html", SCOPE).href));
    if (missing) return missing;
    throw err;
  }
}

// A video asks for parts of itself. The whole file is fetched and kept
// once, and each part cut from it: a partial answer cannot be kept.
async function ranged(req, key, media) {
  let whole = await media.match(key);
  if (!whole) {
    try {
      const res = await fetch(key);
      if (res.status !== 200) return fetch(req);
      await media.put(key, res.clone());
      whole = res;
    } catch (err) {
      return fetch(req);
    }
  }
  const blob = await whole.blob(), size = blob.size;
  const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.get("range") || "");
  const type = whole.headers.get("Content-Type") || "application/octet-stream";
  if (!m || (m[1] === "" && m[2] === "")) return new Response(blob, { status: 200, headers: { "Content-Type": type } });
  const start = m[1] === "" ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] !== "" && m[2] !== "" ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start > end || start >= size) return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + size } });
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: { "Content-Type": type, "Content-Range": "bytes " + start + "-" + end + "/" + size, "Content-Length": String(end - start + 1) },
  });
}
