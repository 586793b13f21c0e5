// Every built page, checked in Chromium: axe-core with zero violations in
// light and dark mode, and the reading rules axe does not measure: text
// size, line length, touch targets, headings, no sideways scrolling at
// 320 px, no layout shift, reduced motion, the script and style budget, and
// the printed handout.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildGuide, fileUrl, launch, openPage, pages, removeTemp } from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const BUDGET = 20 * 1024;

let site, context, all;
before(async () => { site = buildGuide(); all = pages(site); context = await launch(); });
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

/** Prints every problem: assert's diff would cut a long list short. */
function report(problems) {
  if (problems.length) console.log(problems.join('\n'));
}

async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    // axe would read the stylesheets with XMLHttpRequest, which file:// refuses.
    preload: false,
  }));
  return result.violations.map((v) => `${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
}

test('axe-core finds no violation on any page, in light or dark mode, with or without the extras open', async () => {
  const page = await openPage(context);
  const found = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const p of all) {
      await page.goto(fileUrl(site, p));
      found.push(...(await axe(page)).map((v) => `${p} (${scheme}): ${v}`));
    }
    // The dynamic states: search results open, filters applied, player running.
    await page.goto(fileUrl(site, 'index.html') + '#floor=no');
    await page.fill('#search-input', 'neck');
    await page.waitForSelector('#search-result-0');
    await page.keyboard.press('ArrowDown');
    found.push(...(await axe(page)).map((v) => `index with search open (${scheme}): ${v}`));
    await page.goto(fileUrl(site, 'routines/desk-break.html'));
    await page.click('#player-toggle');
    await page.click('#player-skip');
    found.push(...(await axe(page)).map((v) => `player running (${scheme}): ${v}`));
    await page.click('#player-toggle');
  }
  report(found);
  assert.deepEqual(found, []);
  assert.deepEqual(page.problems, []);
});

/** Measures, in the page, what axe does not. */
function measure() {
  const out = { small: [], long: [], targets: [], headings: [], h1: 0 };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && cs.visibility !== 'hidden' && !el.closest('.visually-hidden');
  };
  // Text size: every element that holds text directly.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el) || !visible(el) || el.closest('script')) continue;
    seen.add(el);
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 18) out.small.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${size}px`);
  }
  // Line length: characters on each rendered line of running text.
  for (const el of document.querySelectorAll('main p, main li, main dd, footer p')) {
    if (!visible(el) || el.querySelector('p, li, ul, ol, div')) continue;
    const lines = new Map();
    const tw = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (tw.nextNode()) {
      const node = tw.currentNode;
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (!rect.height) continue;
        const top = Math.round(rect.top + rect.height / 2);
        let key = [...lines.keys()].find((k) => Math.abs(k - top) < 4);
        if (key === undefined) { key = top; lines.set(key, 0); }
        lines.set(key, lines.get(key) + 1);
      }
    }
    const longest = Math.max(0, ...lines.values());
    if (longest >= 75) out.long.push(`${longest} characters: "${el.textContent.trim().slice(0, 40)}"`);
  }
  // Touch targets: controls and links that are not words inside a sentence.
  const controls = 'button, summary, label.check, #search-input, .site-nav a, .footer-nav a, .breadcrumb a, .link-list a, .card-title a, .pager-link, .button, .site-title, .back-link a, .routine-item-title a';
  for (const el of document.querySelectorAll(controls)) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 44 || r.height < 44) out.targets.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  // Headings: one h1, and no level skipped on the way down.
  let last = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    if (!visible(h) && !h.closest('.print-only')) continue;
    const level = Number(h.tagName[1]);
    if (level === 1) out.h1++;
    if (level > last + 1) out.headings.push(`${h.tagName} "${h.textContent.trim()}" after h${last}`);
    last = level;
  }
  return out;
}

test('text is 18 px or more, lines under 75 characters, targets 44 px, headings in order', async () => {
  const page = await openPage(context);
  const problems = [];
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const p of all) {
      await page.goto(fileUrl(site, p));
      if (p.startsWith('routines/')) { await page.click('#player-toggle'); }
      const m = await page.evaluate(measure);
      for (const [kind, list] of Object.entries(m)) {
        if (Array.isArray(list)) problems.push(...list.map((x) => `${p} @${width}: ${kind}: ${x}`));
      }
      if (m.h1 !== 1) problems.push(`${p}: ${m.h1} h1 elements`);
    }
  }
  report(problems);
  assert.deepEqual(problems, []);
});

test('no sideways scrolling at 320 px, no layout shift, reduced motion honoured', async () => {
  const page = await openPage(context);
  await page.setViewportSize({ width: 320, height: 640 });
  await page.addInitScript(() => {
    window.__shift = 0;
    window.__moved = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__shift += e.value;
        for (const s of e.sources) window.__moved.push(`${s.node?.nodeName}.${s.node?.className} ${s.previousRect.y}->${s.currentRect.y}`);
      }
    })
      .observe({ type: 'layout-shift', buffered: true });
  });
  const problems = [];
  for (const p of all) {
    await page.goto(fileUrl(site, p));
    await page.waitForLoadState('load');
    const [scrollW, shift, moved] = await page.evaluate(() => [document.documentElement.scrollWidth, window.__shift, window.__moved]);
    if (scrollW > 320) problems.push(`${p}: ${scrollW} px wide at 320`);
    if (shift > 0) problems.push(`${p}: layout shift ${shift}: ${moved.join(', ')}`);
  }
  await page.goto(fileUrl(site, 'routines/full-routine.html'));
  await page.click('#player-toggle');
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  if (w > 320) problems.push(`player running: ${w} px wide at 320`);
  assert.deepEqual(problems, []);

  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior), 'auto');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior), 'smooth');
});

test('scripts and styles stay under 20 KB each per page, and so does each first use', async (t) => {
  const page = await openPage(context);
  const rows = [];
  const bytes = (file) => statSync(join(site, file)).size;
  // What a reader's first use of a feature brings, each within the budget
  // too: the search (its script and index), the plan's player and QR code.
  const firstUse = {
    search: bytes('search.js') + bytes('search-index.js'),
    'plan player': bytes('player.js') + bytes('poses.js'),
  };
  for (const [what, n] of Object.entries(firstUse)) {
    rows.push(`first use of ${what}: ${n} B`);
    assert.ok(n < BUDGET, `first use of ${what}: ${n} bytes of JavaScript`);
  }
  // The QR code library, vendored as its makers publish it, comes only
  // with Print: bounded on its own.
  rows.push(`first use of plan print: ${bytes('qr.js')} B`);
  assert.ok(bytes('qr.js') < 25 * 1024, `qr.js: ${bytes('qr.js')} bytes`);
  for (const p of all) {
    await page.goto(fileUrl(site, p));
    await page.waitForLoadState('load');
    const { scripts, styles } = await page.evaluate(() => ({
      scripts: [...document.querySelectorAll('script[src]')].map((s) => s.getAttribute('src')),
      styles: [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.getAttribute('href')),
    }));
    const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src]):not([type])')].reduce((n, s) => n + s.textContent.length, 0));
    const size = (refs) => refs.reduce((n, r) => n + statSync(join(dirname(join(site, p)), r)).size, 0);
    // Every script the page has once loaded, before anything is pressed
    // (the plan page's data for its exercises included).
    const js = size(scripts) + inline;
    const css = size(styles);
    rows.push(`${p}: JS ${js} B, CSS ${css} B`);
    assert.ok(js < BUDGET, `${p}: ${js} bytes of JavaScript`);
    assert.ok(css < BUDGET, `${p}: ${css} bytes of CSS`);
    assert.ok(!scripts.some((s) => /search(-index)?\.js$/.test(s)), `${p}: search loads on first use only`);
    assert.equal(await page.locator('link[href^="http"], script[src^="http"], link[href*="fonts"]').count(), 0, `${p}: nothing from the network`);
  }
  for (const row of rows) t.diagnostic(row);
});

test('an exercise and a routine print as clean handouts', async () => {
  const page = await openPage(context);
  for (const p of ['exercises/chair-rotation.html', 'routines/full-routine.html']) {
    await page.goto(fileUrl(site, p));
    await page.emulateMedia({ media: 'print' });
    const r = await page.evaluate(() => {
      const shown = (s) => [...document.querySelectorAll(s)].some((e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length);
      return {
        hidden: ['.site-nav', '.footer-nav', '.breadcrumb', '.search', '.player', '.pager', '.skip-link'].filter(shown),
        tracker: shown('.tracker') && document.querySelectorAll('.tracker td').length,
        steps: parseFloat(getComputedStyle(document.querySelector('.exercise .steps, .routine-item .steps')).fontSize),
        keep: [...document.querySelectorAll('.steps > li, .routine-item, .tracker')].map((e) => getComputedStyle(e).breakInside),
      };
    });
    assert.deepEqual(r.hidden, [], `${p}: nothing to click on paper`);
    assert.equal(r.tracker, 7, `${p}: a box per day of the week`);
    assert.ok(r.steps >= 18, `${p}: steps print large (${r.steps}px)`);
    assert.ok(r.keep.length > 0 && r.keep.every((b) => b === 'avoid'), `${p}: ${r.keep}`);
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.isVisible('.tracker'), false, `${p}: the tick boxes are for paper only`);
  }
});
