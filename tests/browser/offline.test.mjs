// The guide as a web app, over plain HTTP on 127.0.0.1 (as on GitHub
// Pages): installable, read offline once opened, a new build announced;
// and no service worker at all from file:// or under `limber serve`.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, fileUrl, launch, openPage, removeTemp, tempDir } from './lib.mjs';

const BIN = process.env.LIMBER_BIN || join(REPO, 'target', 'debug', 'limber');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json', '.json': 'application/json', '.png': 'image/png', '.webp': 'image/webp',
};

// A guide written from docs/content-format.md alone.
const FILES = {
  'guide.toml': 'title = "Offline guide"\ndescription = "Two exercises to read anywhere."\nauthor = "Tester"\nemergency = "112"\n\n[web_app]\nshort_name = "Offline"\ntheme_color = "#225588"\n',
  'content/_index.md': '+++\ntitle = "Offline guide"\n+++\n\nTwo exercises.\n',
  'content/exercises/shoulder-shrug.toml': 'title = "Shoulder shrug"\nsummary = "Lift your shoulders and let them drop."\nkind = "mobility"\nareas = ["shoulders"]\npositions = ["standing"]\nsteps = ["Stand tall.", "Lift both shoulders.", "Let them drop."]\ncautions = ["Stop if it hurts."]\n[dose]\nreps = [5, 10]\n',
  'content/exercises/chin-tuck.toml': 'title = "Chin tuck"\nsummary = "Draw your chin back."\nkind = "stretch"\nareas = ["neck"]\npositions = ["seated"]\nsteps = ["Sit tall.", "Draw your chin straight back."]\ncautions = ["Stop if it hurts."]\n[dose]\nreps = 5\nhold_seconds = [3, 5]\n',
};

let guide, site, server, origin, context;
const requests = [];

function build() {
  execFileSync(BIN, ['build', '--root', guide, '--output', site], { stdio: 'pipe' });
}

before(async () => {
  guide = tempDir('limber-offline-guide-');
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(guide, name)), { recursive: true });
    writeFileSync(join(guide, name), text);
  }
  site = join(tempDir('limber-offline-site-'), 'public');
  build();
  // A plain static server, as a web host is: files, their types, 404.html.
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(site, path));
    if (!file.startsWith(site)) { res.writeHead(403); return res.end(); }
    try { if (statSync(file).isDirectory()) file = join(file, 'index.html'); statSync(file); } catch {
      res.writeHead(404, { 'Content-Type': TYPES['.html'] });
      return res.end(readFileSync(join(site, '404.html')));
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  context = await launch();
  context.on('request', (r) => requests.push(r.url()));
});
after(async () => {
  try {
    await context?.close();
    server?.close();
  } finally {
    removeTemp();
  }
});

async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
}

test('over HTTP the guide installs, and once opened reads offline, plan links too', async () => {
  const page = await openPage(context, `${origin}/index.html`);
  await controlled(page);
  // The first install is not news.
  assert.equal(await page.locator('#app-update').count(), 0);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const manifest = await (await page.request.get(`${origin}/manifest.webmanifest`)).json();
  assert.equal(manifest.short_name, 'Offline');
  assert.equal(manifest.theme_color, '#225588');
  assert.equal(await page.getAttribute('meta[name="theme-color"]', 'content'), '#225588');

  await context.setOffline(true);
  try {
    await page.goto(`${origin}/exercises/chin-tuck.html`);
    assert.match(await page.textContent('h1'), /Chin tuck/);
    await page.goto(`${origin}/plan.html#plan=1&t=Desk&x=chin-tuck.h5,shoulder-shrug`);
    await page.waitForSelector('#plan-items > li');
    assert.equal(await page.locator('#plan-items > li').count(), 2);
    assert.match(await page.textContent('#item-1 .dose-summary'), /hold 5 seconds/);
    await page.goto(`${origin}/`);
    assert.match(await page.title(), /Offline guide/);
    // An address the guide does not have: its "not found" page, offline too.
    await page.goto(`${origin}/exercises/no-such-thing.html`);
    assert.match(await page.textContent('h1'), /not found/i);
  } finally {
    await context.setOffline(false);
  }
  page.problems.length = 0;
});

test('a new build is announced, and Reload shows it', async () => {
  const page = await openPage(context, `${origin}/exercises/shoulder-shrug.html`);
  await controlled(page);
  const before = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
  writeFileSync(join(guide, 'content/exercises/shoulder-shrug.toml'), FILES['content/exercises/shoulder-shrug.toml'].replace('let them drop.', 'let them drop slowly.'));
  build();
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.waitForSelector('#app-update', { timeout: 20000 });
  assert.match(await page.textContent('#app-update'), /A new version is available/);
  assert.equal(await page.getAttribute('#app-update', 'role'), 'status');
  await page.focus('#app-update button');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('.lede'), /let them drop slowly\./);
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller));
  assert.ok(before.endsWith('/sw.js'));
  assert.deepEqual(page.problems, []);
});

test('from file:// nothing registers and nothing fails', async () => {
  const page = await openPage(context, fileUrl(site, 'index.html'));
  await page.waitForLoadState('load');
  assert.equal(await page.evaluate(() => location.protocol), 'file:');
  assert.deepEqual(page.problems, []);
});

test('under limber serve no service worker is registered', async () => {
  const serve = spawn(BIN, ['serve', '--root', guide, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((ok, fail) => {
      let out = '';
      const seen = (d) => { out += d; const m = /Serving .* at (http:\/\/\S+)/.exec(out); if (m) ok(m[1]); };
      serve.stdout.on('data', seen);
      serve.stderr.on('data', seen);
      serve.on('exit', () => fail(new Error(`serve ended: ${out}`)));
    });
    const page = await openPage(context, url + 'index.html');
    await page.waitForLoadState('load');
    await page.waitForFunction(() => navigator.serviceWorker.getRegistrations().then((r) => r.length === 0));
    await page.reload();
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.map((x) => x.scope))), []);
    assert.ok(!requests.some((u) => u.startsWith(url) && u.endsWith('/sw.js')), 'serve pages never ask for a worker');
  } finally {
    serve.kill('SIGINT');
  }
});

test('no request leaves 127.0.0.1 or the disk', () => {
  const away = requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('file://'));
  assert.deepEqual(away, []);
});
