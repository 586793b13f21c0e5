// Photos and a video on an exercise page, in Chromium from file://: every
// picture has its size (no layout shift while they load), pictures below the
// first screen wait until they are near it, the browser picks the small WebP
// copy on a phone and a larger one on a desktop, axe and the Nu checker find
// nothing, and the print shows the photos but not the video. Screenshots at
// 375 and 1280 px go to target/screenshots/ for a person to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { REPO, SCREENSHOTS, fileUrl, launch, nuErrors, openPage, removeTemp } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

/** CRC-32 of a PNG chunk's type and data. */
function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A photo-like RGB PNG: a gradient with soft noise, different per seed. */
function photo(w, h, seed) {
  const rows = [];
  let s = seed * 2654435761 >>> 0;
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const n = (s >>> 24) % 24;
      row[1 + x * 3] = (x * 200 / w + n + seed * 40) & 255;
      row[2 + x * 3] = (y * 180 / h + n) & 255;
      row[3 + x * 3] = ((x + y) * 90 / (w + h) + 80 + n) & 255;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The repository's guide with two photos and a video on cat-cow and a photo
 * on neck-roll, built into a new folder.
 */
function buildPhotoGuide() {
  const root = mkdtempSync(join(tmpdir(), 'limber-photos-'));
  made.push(root);
  for (const part of ['guide.toml', 'content', 'templates', 'static']) cpSync(join(REPO, part), join(root, part), { recursive: true });
  mkdirSync(join(root, 'static/photos'));
  writeFileSync(join(root, 'static/photos/cat-start.png'), photo(850, 570, 1));
  writeFileSync(join(root, 'static/photos/cat-end.png'), photo(850, 570, 2));
  writeFileSync(join(root, 'static/photos/cat-poster.png'), photo(640, 360, 3));
  writeFileSync(join(root, 'static/photos/neck.png'), photo(850, 570, 4));
  // Never played (preload="none"): only its name matters here.
  writeFileSync(join(root, 'static/photos/cat-cow.mp4'), 'not a real video');
  writeFileSync(join(root, 'static/photos/cat-cow.vtt'), 'WEBVTT\n\n00:00.000 --> 00:03.000\nRound your back up.\n');
  const media = (file, text) => {
    const p = join(root, 'content/exercises', file);
    const src = readFileSync(p, 'utf8');
    if (file.endsWith('.toml')) return writeFileSync(p, `${src}\n${text}`);
    const end = src.indexOf('\n+++', 3);
    writeFileSync(p, `${src.slice(0, end)}\n${text}${src.slice(end)}`);
  };
  media('cat-cow.md', [
    '[[images]]', 'src = "photos/cat-start.png"', 'alt = "On hands and knees, back flat."', 'caption = "Start"', 'credit = "A. Person"', 'licence = "CC BY 4.0"',
    '[[images]]', 'src = "photos/cat-end.png"', 'alt = "Back rounded up towards the ceiling."', 'caption = "End"',
    '[video]', 'src = "photos/cat-cow.mp4"', 'poster = "photos/cat-poster.png"', 'captions = "photos/cat-cow.vtt"', '',
  ].join('\n'));
  media('neck-roll.toml', '[image]\nsrc = "photos/neck.png"\nalt = "Head tipped to the right."\n');
  // Enough more exercises with a photo each that the last cards of a list
  // are far below the first screen.
  for (let i = 1; i <= EXTRA; i++) {
    writeFileSync(join(root, `static/photos/extra-${i}.png`), photo(320, 200, 10 + i));
    writeFileSync(join(root, `content/exercises/extra-${i}.toml`), [
      `title = "Extra stretch ${i}"`, 'summary = "A stretch to make the list long."', 'kind = "stretch"',
      'areas = ["neck"]', 'positions = ["seated"]', 'steps = ["Sit tall."]', 'cautions = ["Stop if it hurts."]',
      '[image]', `src = "photos/extra-${i}.png"`, `alt = "Stretch ${i}."`, '',
    ].join('\n'));
  }
  const bin = process.env.LIMBER_BIN || join(REPO, 'target', 'debug', 'limber');
  const out = join(root, 'public');
  execFileSync(bin, ['build', '--root', root], { stdio: 'pipe' });
  return out;
}

const made = [];
const EXTRA = 16;
let site, context;
before(async () => { site = buildPhotoGuide(); context = await launch(); mkdirSync(SCREENSHOTS, { recursive: true }); });
after(async () => {
  try {
    await context?.close();
  } finally {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
    removeTemp();
  }
});

/** Records layout shifts from the first paint on, in `window.__shift`. */
const WATCH_SHIFTS = () => {
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
};

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    preload: false,
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** currentSrc of every picture in the exercise's media, once loaded. */
const loadedSources = (page) => page.$$eval('.media img', (imgs) => imgs.map((i) => (i.complete ? i.currentSrc : '')));

test('every picture has its size, so nothing moves while they load', async () => {
  const page = await openPage(context);
  await page.addInitScript(WATCH_SHIFTS);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(fileUrl(site, 'exercises/cat-cow.html'));
  const sized = await page.$$eval('img', (imgs) => imgs.map((i) => [i.getAttribute('width'), i.getAttribute('height')]));
  assert.ok(sized.length >= 2);
  for (const [w, h] of sized) assert.ok(Number(w) > 0 && Number(h) > 0, `width ${w} height ${h}`);
  // Scroll through so the lazy ones load, then give them time to paint.
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 300) { window.scrollTo(0, y); await new Promise((r) => setTimeout(r, 30)); }
  });
  await page.waitForFunction(() => [...document.querySelectorAll('.media img')].every((i) => i.complete && i.naturalWidth > 0));
  assert.equal(await page.evaluate(() => window.__shift), 0);
  assert.deepEqual(page.problems, []);
});

test('a picture below the first screen waits until it is near', async () => {
  const page = await openPage(context);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(fileUrl(site, 'exercises/cat-cow.html'));
  await page.waitForLoadState('load');
  const [first, second] = await page.$$eval('.media img', (imgs) => imgs.map((i) => ({
    lazy: i.loading === 'lazy',
    below: i.getBoundingClientRect().top > window.innerHeight,
    loaded: i.complete && i.naturalWidth > 0,
  })));
  assert.deepEqual(first, { lazy: false, below: first.below, loaded: true });
  assert.equal(second.lazy, true);
  // Chromium fetches lazy pictures some way ahead of the screen (up to
  // 3,000 px): the second photo is near enough, the last cards of a long
  // list are not.
  assert.equal(second.below, true, 'the second photo starts below the first screen at 375 px');
  await page.goto(fileUrl(site, 'areas/neck.html'));
  await page.waitForLoadState('load');
  const cards = await page.$$eval('.card-thumb', (imgs) => imgs.map((i) => ({
    lazy: i.loading === 'lazy',
    far: i.getBoundingClientRect().top > window.innerHeight + 4000,
    loaded: i.complete && i.naturalWidth > 0,
  })));
  assert.ok(cards.every((c) => c.lazy));
  const far = cards.filter((c) => c.far);
  assert.ok(far.length >= 2, `${far.length} thumbnails far below`);
  assert.deepEqual(far.filter((c) => c.loaded), [], 'far thumbnails wait');
  await page.locator('.card-thumb').last().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => { const i = [...document.querySelectorAll('.card-thumb')].pop(); return i.complete && i.naturalWidth > 0; });
});

test('the small WebP copy on a phone, a larger one on a desktop', async () => {
  const page = await openPage(context);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(fileUrl(site, 'exercises/cat-cow.html'));
  await page.waitForFunction(() => document.querySelector('.media img').complete);
  const [phone] = await loadedSources(page);
  assert.match(phone, /\/_img\/[0-9a-f]{16}-480\.webp$/);

  // A new page, so that the cache of the 480 px copy does not decide.
  const wide = await context.newPage();
  await wide.setViewportSize({ width: 1280, height: 900 });
  await wide.goto(fileUrl(site, 'exercises/cat-cow.html'));
  await wide.waitForFunction(() => document.querySelector('.media img').complete);
  const [desktop] = await loadedSources(wide);
  assert.match(desktop, /\/_img\/[0-9a-f]{16}-850\.webp$/);
  const shown = await wide.$eval('.media img', (i) => i.getBoundingClientRect().width);
  assert.ok(shown > 480, `shown ${shown} px wide at 1280 px`);
  await wide.close();
});

test('the video waits to be played, with its captions', async () => {
  const page = await openPage(context);
  await page.goto(fileUrl(site, 'exercises/cat-cow.html'));
  const v = await page.$eval('video', (el) => ({
    controls: el.controls, autoplay: el.autoplay, preload: el.preload, paused: el.paused,
    poster: el.getAttribute('poster'), track: el.querySelector('track')?.srclang,
  }));
  assert.deepEqual({ ...v, poster: /_img\//.test(v.poster) }, {
    controls: true, autoplay: false, preload: 'none', paused: true, poster: true,
    // The captions are in the guide's language.
    track: /^language\s*=\s*"([^"]+)"/m.exec(readFileSync(join(site, '..', 'guide.toml'), 'utf8'))[1],
  });
});

test('the printed handout shows the photos, not the video', async () => {
  const page = await openPage(context);
  await page.goto(fileUrl(site, 'exercises/cat-cow.html'));
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => ({
    photos: [...document.querySelectorAll('.media picture img')].map((i) => i.getBoundingClientRect().height > 0),
    video: document.querySelector('video').getBoundingClientRect().height,
  }));
  assert.deepEqual(shown, { photos: [true, true], video: 0 });
  await page.emulateMedia({ media: 'screen' });
});

test('cards show a small thumbnail, the player the pictures of the exercise on show', async () => {
  const page = await openPage(context);
  await page.goto(fileUrl(site, 'areas/neck.html'));
  const thumbs = await page.$$eval('.card-thumb', (imgs) => imgs.map((i) => [i.loading, i.alt, i.getAttribute('src')]));
  assert.equal(thumbs.length, 2 + EXTRA, 'cat-cow, neck-roll and the extra ones have photos');
  for (const [loading, alt, src] of thumbs) {
    assert.equal(loading, 'lazy');
    assert.equal(alt, '');
    assert.match(src, /_img\/[0-9a-f]{16}-(480|320)\.webp$/);
  }
  await page.goto(fileUrl(site, 'routines/full-routine.html'));
  const names = await page.$$eval('[data-pictures]', (els) => els.map((e) => e.dataset.pictures));
  assert.ok(names.includes('cat-cow'), names.join());
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.click('#player-toggle');
  const visible = await page.$$eval('[data-pictures]', (els) => els.filter((e) => !e.hidden).map((e) => e.dataset.pictures));
  const current = await page.$eval('#player-exercise', (e) => e.textContent);
  if (current.startsWith('Cat-cow')) assert.deepEqual(visible, ['cat-cow']);
  else assert.ok(visible.length <= 1);
  assert.deepEqual(page.problems, []);
});

test('axe finds nothing on pages with photos, in light and dark mode', async () => {
  const page = await openPage(context);
  const problems = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const p of ['exercises/cat-cow.html', 'exercises/neck-roll.html', 'areas/neck.html', 'routines/full-routine.html', 'index.html']) {
      await page.goto(fileUrl(site, p));
      problems.push(...(await axe(page)).map((v) => `${p} (${scheme}): ${v}`));
    }
  }
  if (problems.length) console.log(problems.join('\n'));
  assert.deepEqual(problems, []);
});

test('the Nu HTML Checker finds no error in the pages with photos', () => {
  const files = ['exercises/cat-cow.html', 'exercises/neck-roll.html', 'areas/neck.html', 'routines/full-routine.html', 'index.html'].map((p) => join(site, p));
  assert.deepEqual(nuErrors(files), []);
});

test('screenshots of an exercise with two photos and a video at 375 and 1280 px', async () => {
  const page = await openPage(context);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
    await page.goto(fileUrl(site, 'exercises/cat-cow.html'));
    await page.evaluate(async () => {
      for (const i of document.querySelectorAll('img')) i.loading = 'eager';
      await Promise.all([...document.images].map((i) => i.decode().catch(() => {})));
    });
    const path = join(SCREENSHOTS, `pictures-${width}.png`);
    await page.screenshot({ path, fullPage: true });
  }
  await page.goto(fileUrl(site, 'areas/neck.html'));
  await page.screenshot({ path: join(SCREENSHOTS, 'pictures-cards-1280.png'), fullPage: true });
});
