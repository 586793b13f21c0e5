// The guide as an installable app, served over http://127.0.0.1 by a plain
// static server made here (not limber serve): the service worker takes
// control on the first visit without offering an update; offline, other
// pages, the plan, an unknown address (the 404 page), a picture in another
// size and a Range request of a full-size photo all come from the cache;
// Chromium finds nothing stopping an install; a rebuild is offered as a new
// version, and Reload shows it. Under `limber serve` no worker stays
// registered, and from file:// nothing runs. No request leaves 127.0.0.1.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import { REPO, fileUrl, launch, openPage, removeTemp, tempDir } from './lib.mjs';

const BIN = process.env.LIMBER_BIN || join(REPO, 'target', 'debug', 'limber');

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG of a gradient, large enough to get 480 and 960 px copies. */
function png(w, h) {
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) row.set([(x * 255) / w, (y * 255) / h, 128], 1 + x * 3);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.webp': 'image/webp', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/**
 * A plain static server of `dir` on 127.0.0.1, as a host serves a built
 * site: files by path, `/` as index.html, single byte ranges, a bare 404.
 */
function staticServer(dir, seen) {
  const server = http.createServer((req, res) => {
    seen.push(req.url);
    // Off the network: Playwright's offline mode does not reach a service
    // worker's own requests, so the host itself goes away.
    if (server.down) {
      req.socket.destroy();
      return;
    }
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dir, normalize(path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const body = readFileSync(file);
    const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'accept-ranges': 'bytes' };
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
    if (m) {
      const end = m[2] ? Math.min(+m[2], body.length - 1) : body.length - 1;
      res.writeHead(206, { ...headers, 'content-range': `bytes ${m[1]}-${end}/${body.length}` });
      res.end(body.subarray(+m[1], end + 1));
      return;
    }
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let guide, out, server, base, context;
const served = [];
const requests = [];
before(async () => {
  // The repository's guide, with a photo on one exercise.
  guide = join(tempDir('limber-offline-'), 'guide');
  for (const part of ['guide.toml', 'content', 'static', 'templates']) {
    if (existsSync(join(REPO, part))) cpSync(join(REPO, part), join(guide, part), { recursive: true });
  }
  writeFileSync(join(guide, 'static', 'photo.png'), png(1200, 800));
  // A worker something other than limber left (serve has no sw.js).
  writeFileSync(join(guide, 'static', 'stale-worker.js'), '// a worker that does nothing\n');
  const toml = join(guide, 'content', 'exercises', 'chair-rotation.toml');
  writeFileSync(toml, `${readFileSync(toml, 'utf8')}\n[image]\nsrc = "photo.png"\nalt = "Sitting sideways on a chair, turned towards its back."\n`);
  out = join(tempDir('limber-offline-site-'), 'public');
  execFileSync(BIN, ['build', '--root', guide, '--output', out], { stdio: 'pipe' });
  server = await staticServer(out, served);
  base = `http://127.0.0.1:${server.address().port}/`;
  context = await launch();
  context.on('request', (r) => requests.push(r.url()));
});
after(async () => {
  try {
    await context?.close();
    server?.close();
    // Nothing the pages asked for went anywhere but this machine.
    const away = requests.filter((u) => !/^(http:\/\/127\.0\.0\.1:\d+\/|file:|data:|blob:)/.test(u));
    assert.deepEqual(away, [], 'requests that left 127.0.0.1');
  } finally {
    removeTemp();
  }
});

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null);
const notice = (page) => page.evaluate(() => document.querySelector('.app-update')?.textContent ?? null);

test('the first visit installs the worker quietly; offline, every page comes from the cache', async () => {
  const page = await openPage(context);
  await page.goto(`${base}index.html`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await controlled(page);
  // A first install is no new version: nothing is offered.
  assert.equal(await notice(page), '');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
  assert.equal(scope, base);
  const names = await page.evaluate(() => caches.keys());
  assert.ok(names.length >= 1 && names.every((n) => n.startsWith(`limber ${base} `)), names.join(', '));

  // Chromium would install the app.
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);
  assert.equal(JSON.parse(manifest.data).theme_color, '#005eb8');
  await cdp.detach();
  assert.equal(await page.getAttribute('meta[name="theme-color"]', 'content'), '#005eb8');

  // The full-size photo once online, by a Range request as a video asks.
  const original = readFileSync(join(out, 'photo.png'));
  const range = async () => page.evaluate(async (url) => {
    const r = await fetch(url, { headers: { Range: 'bytes=10-19' } });
    return { status: r.status, range: r.headers.get('content-range'), bytes: [...new Uint8Array(await r.arrayBuffer())] };
  }, `${base}photo.png`);
  assert.equal((await range()).status, 206);
  // The whole file is kept in the background; wait until it is.
  await page.waitForFunction(async () => {
    for (const name of await caches.keys()) {
      const c = await caches.open(name);
      for (const req of await c.keys()) if (new URL(req.url).pathname === '/photo.png') return true;
    }
    return false;
  });

  await context.setOffline(true);
  server.down = true;
  try {
    await page.goto(`${base}exercises/chair-rotation.html`);
    assert.equal(await page.textContent('h1'), 'Chair rotation');
    // The page's picture in the size it chose, or the smallest kept copy.
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    const img = await page.$eval('main picture img', (i) => ({ w: i.naturalWidth, src: i.currentSrc }));
    assert.ok(img.w > 0, `the picture did not load offline: ${img.src}`);

    await page.goto(`${base}exercises/cat-cow.html#steps`);
    assert.match(await page.textContent('h1'), /cat/i);

    // The plan page and the data of each exercise it names, which it
    // loads by script tags.
    await page.goto(`${base}plan.html#plan=1&t=Desk&x=cat-cow.h5,chair-rotation`);
    await page.waitForFunction(() => document.querySelectorAll('#plan-items > li').length === 2);
    assert.match(await page.textContent('#plan-items'), /cat/i);
    assert.match(await page.textContent('#item-1 .dose-summary'), /hold 5 seconds/);

    // The site's own address, as a host serves it: its home page.
    await page.goto(base);
    assert.match(await page.title(), /upper back/i);

    // An address the site does not have: its 404 page, as a host answers
    // (at the top, where its relative links lead where they should).
    const missing = await page.goto(`${base}no-such-page.html`);
    assert.equal(missing.status(), 404);
    assert.equal(await page.textContent('h1'), 'Page not found');
    assert.ok(await page.evaluate(() => getComputedStyle(document.body).margin === '0px'), 'styled from the cache');
    // The browser logs the 404 of the page itself.
    const logged = page.problems.splice(0);
    assert.ok(logged.every((p) => /status of 404/.test(p)), logged.join('\n'));

    // A Range request answered from the whole kept file.
    const r = await range();
    assert.equal(r.status, 206);
    assert.equal(r.range, `bytes 10-19/${original.length}`);
    assert.deepEqual(r.bytes, [...original.subarray(10, 20)]);
  } finally {
    server.down = false;
    await context.setOffline(false);
  }

  // Nothing partial is ever kept, and nothing but this scope's caches.
  const kept = await page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      const c = await caches.open(name);
      for (const req of await c.keys()) out.push([name, req.url, (await c.match(req)).status]);
    }
    return out;
  });
  assert.ok(kept.length > 20, `${kept.length} kept`);
  assert.deepEqual(kept.filter(([, , status]) => status !== 200), []);
  // Full-size copies of the picture wait until they are seen.
  const precache = kept.filter(([name]) => name.includes(' precache '));
  const copies = precache.filter(([, url]) => url.includes('/_img/')).map(([, url]) => url);
  assert.equal(copies.length, 1, copies.join(', '));
  assert.match(copies[0], /-480\.webp\?/);
  assert.deepEqual(page.problems, []);
});

test('a rebuild is offered as a new version, and Reload shows it', async () => {
  const page = await openPage(context);
  await page.goto(`${base}exercises/neck-roll.html`);
  await controlled(page);
  const before = await page.textContent('h1');
  const file = join(guide, 'content', 'exercises', 'neck-roll.toml');
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(/^title = ".*"$/m, 'title = "Neck roll, made new"');
  assert.notEqual(changed, text);
  writeFileSync(file, changed);
  execFileSync(BIN, ['build', '--root', guide, '--output', out], { stdio: 'pipe' });

  // The page still comes from the cache; the browser finds the new worker.
  await page.reload();
  assert.equal(await page.textContent('h1'), before);
  await page.waitForFunction(() => /A new version is available/.test(document.querySelector('.app-update')?.textContent));
  assert.equal(await page.getAttribute('.app-update', 'role'), 'status');
  // By keyboard.
  await page.focus('.app-update button');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Neck roll, made new');
  assert.equal(await notice(page), '');
  // Only this version's caches are left.
  const names = await page.evaluate(() => caches.keys());
  assert.equal(names.filter((n) => n.includes(' precache ')).length, 1, names.join(', '));
  assert.deepEqual(page.problems, []);
});

test('under limber serve no worker stays registered', async () => {
  const child = spawn(BIN, ['serve', '--port', '0', '--root', guide], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  try {
    const url = await new Promise((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`limber serve did not start: ${text}`)), 30000);
      child.stdout.on('data', (d) => {
        text += d;
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', () => reject(new Error(`limber serve exited: ${text}`)));
    });
    const page = await openPage(context);
    const asked = [];
    page.on('request', (r) => asked.push(r.url()));
    await page.goto(`${url}index.html`);
    await page.waitForLoadState('load');
    const registrations = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
    assert.equal(await registrations(), 0);
    assert.equal((await page.request.get(`${url}sw.js`)).status(), 404, 'serve has no worker');
    // A worker left at this address by something else is let go.
    await page.evaluate(async () => {
      await navigator.serviceWorker.register('stale-worker.js');
      await navigator.serviceWorker.ready;
    });
    assert.equal(await registrations(), 1);
    await page.reload();
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistrations()).length === 0);
    assert.ok(!asked.some((u) => u.endsWith('/sw.js')), 'serve pages never ask for a worker');
    assert.deepEqual(page.problems, []);
  } finally {
    child.kill('SIGINT');
  }
});

test('from file:// nothing registers and nothing fails', async () => {
  const page = await openPage(context);
  for (const p of ['index.html', 'exercises/cat-cow.html', 'plan.html']) {
    await page.goto(fileUrl(out, p));
    await page.waitForLoadState('load');
    assert.equal(await page.$('.app-update'), null, p);
  }
  assert.deepEqual(page.problems, []);
});
