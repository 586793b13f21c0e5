// The built-in styles right to left: the repository's guide, every page
// turned to Arabic's direction by a base.html of its own (with a language
// switcher in the agreed markup), read at a phone's 320 px. Nothing may
// scroll sideways, the page must start at the right edge, and the player's
// bar must fill from the right. Each measure is also taken left to right on
// the same page, so that it cannot pass whichever way the page runs.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { REPO, buildGuide, fileUrl, launch, openPage, pages, removeTemp, tempDir } from './lib.mjs';

// The switcher as the language design agrees it, Arabic the current page.
// Four languages, beside the guide's own switcher of two, which it is
// told apart from by its id.
const SWITCHER = '<nav id="four-languages" class="lang-switch" aria-label="اللغة"><ul>'
  + '<li><a href="#" hreflang="en" lang="en">English</a></li>'
  + '<li><a href="#" hreflang="ar" lang="ar" aria-current="page">العربية</a></li>'
  + '<li><a href="#" hreflang="cy" lang="cy">Cymraeg</a></li>'
  + '<li><a href="#" hreflang="es" lang="es">Español</a></li>'
  + '</ul></nav>';

let site, context, all;
before(async () => {
  const guide = join(tempDir('limber-rtl-'), 'guide');
  for (const part of ['guide.toml', 'content', 'static', 'templates']) cpSync(join(REPO, part), join(guide, part), { recursive: true });
  const path = join(guide, 'templates', 'base.html');
  const base = readFileSync(path, 'utf8');
  const html = base.replace(/<html [^>]*>/, '<html lang="ar" dir="rtl">');
  // After the main navigation, inside the header's row.
  const nav = html.indexOf('</nav>', html.indexOf('class="site-nav"'));
  assert.ok(html !== base && nav > 0, 'base.html has the <html> element and the site navigation this test changes');
  writeFileSync(path, html.slice(0, nav + 6) + SWITCHER + html.slice(nav + 6));
  site = buildGuide(guide);
  all = pages(site);
  context = await launch({ viewport: { width: 320, height: 640 } });
});
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

/** Sets the page's direction, to measure it both ways. */
const turn = (page, dir) => page.evaluate((d) => { document.documentElement.dir = d; }, dir);

test('no page scrolls sideways at 320 px right to left', async () => {
  const page = await openPage(context);
  const wide = [];
  for (const p of all) {
    await page.goto(fileUrl(site, p));
    const w = await page.evaluate(() => ({ dir: getComputedStyle(document.documentElement).direction, scroll: document.documentElement.scrollWidth }));
    assert.equal(w.dir, 'rtl', p);
    if (w.scroll > 320) wide.push(`${p}: ${w.scroll} px wide`);
  }
  assert.deepEqual(wide, []);
  assert.deepEqual(page.problems, []);
});

test('the skip link, the header and the step numbers are at the right edge', async () => {
  const page = await openPage(context, fileUrl(site, 'exercises/cat-cow.html'));
  const measure = () => page.evaluate(() => {
    const rect = (el) => el.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const skip = rect(document.querySelector('.skip-link'));
    const row = document.querySelector('.site-header-inner');
    const pad = parseFloat(getComputedStyle(row).paddingRight);
    const steps = [...document.querySelectorAll('.steps > li')].map((li) => {
      const text = document.createRange();
      text.selectNodeContents(li);
      const box = rect(li);
      const words = text.getBoundingClientRect();
      const marker = getComputedStyle(li, '::before');
      return { gapRight: box.right - words.right, gapLeft: words.left - box.left, markerRight: marker.right, markerLeft: marker.left };
    });
    return {
      width,
      skip: { left: skip.left, right: skip.right },
      titleFromRight: rect(row).right - pad - rect(document.querySelector('.site-title')).right,
      titleFromLeft: rect(document.querySelector('.site-title')).left - rect(row).left - parseFloat(getComputedStyle(row).paddingLeft),
      steps,
    };
  });
  // The skip link shows when focused, as a keyboard's first Tab does.
  await page.keyboard.press('Tab');
  const rtl = await measure();
  assert.ok(Math.abs(rtl.width - rtl.skip.right - 9) < 1 && rtl.skip.left > 0, `skip link at the right: ${JSON.stringify(rtl.skip)} in ${rtl.width}`);
  assert.ok(Math.abs(rtl.titleFromRight) < 1, `site title starts the header at the right: ${rtl.titleFromRight}`);
  assert.ok(rtl.steps.length > 2, 'the page has steps');
  for (const s of rtl.steps) {
    // The number's 2.4rem circle and its space are at the right.
    assert.ok(s.gapRight >= 3.5 * 18 - 1, `step text clear of the number at the right: ${JSON.stringify(s)}`);
    assert.equal(s.markerRight, '0px', JSON.stringify(s));
  }
  await turn(page, 'ltr');
  const ltr = await measure();
  assert.ok(Math.abs(ltr.skip.left - 9) < 1, `left to right, the skip link is at the left: ${JSON.stringify(ltr.skip)}`);
  assert.ok(Math.abs(ltr.titleFromLeft) < 1, `left to right, the title is at the left: ${ltr.titleFromLeft}`);
  for (const s of ltr.steps) assert.ok(s.gapLeft >= 3.5 * 18 - 1 && s.markerLeft === '0px', JSON.stringify(s));
  assert.deepEqual(page.problems, []);
});

test('the pager\'s arrows and the bordered boxes turn with the page', async () => {
  const page = await openPage(context, fileUrl(site, 'exercises/neck-roll.html'));
  const read = () => page.evaluate(() => {
    const before = (s) => getComputedStyle(document.querySelector(s), '::before').content;
    const after = (s) => getComputedStyle(document.querySelector(s), '::after').content;
    const dose = getComputedStyle(document.querySelector('.dose'));
    return {
      prev: before('.pager-prev .pager-label'),
      next: after('.pager-next .pager-label'),
      nextAlign: getComputedStyle(document.querySelector('.pager-next')).textAlign,
      doseBorder: [dose.borderRightWidth, dose.borderLeftWidth],
    };
  });
  assert.deepEqual(await read(), { prev: '"→ "', next: '" ←"', nextAlign: 'end', doseBorder: ['9px', '0px'] });
  await turn(page, 'ltr');
  assert.deepEqual(await read(), { prev: '"← "', next: '" →"', nextAlign: 'end', doseBorder: ['0px', '9px'] });
});

test('the language switcher: within a phone\'s width, large targets, the current language shown without colour', async () => {
  const page = await openPage(context, fileUrl(site, 'index.html'));
  const links = await page.$$eval('#four-languages a', (as) => as.map((a) => {
    const r = a.getBoundingClientRect();
    const s = getComputedStyle(a);
    return { text: a.textContent, current: a.hasAttribute('aria-current'), height: r.height, width: r.width, right: r.right, left: r.left, font: parseFloat(s.fontSize), weight: s.fontWeight, border: s.borderTopWidth, line: s.textDecorationLine };
  }));
  assert.equal(links.length, 4);
  for (const l of links) {
    assert.ok(l.height >= 44 && l.width >= 44, `${l.text}: ${l.width} by ${l.height}`);
    assert.ok(l.font >= 18, `${l.text}: ${l.font}px`);
    assert.ok(l.left >= 0 && l.right <= 320, `${l.text} within the screen: ${l.left}..${l.right}`);
  }
  // Right to left, the first language is the rightmost.
  assert.ok(links[0].left > links[1].right, 'English at the right of Arabic');
  const [current] = links.filter((l) => l.current);
  const other = links.find((l) => !l.current);
  assert.ok(Number(current.weight) >= 700 && Number(other.weight) < 700, 'the current language is bold');
  assert.ok(current.border === '2px' && other.border === '0px', 'the current language is boxed');
  assert.ok(current.line === 'none' && other.line === 'underline', 'the others are underlined');
  // Focus shows: the header's focus colours.
  await page.focus('#four-languages a[hreflang="es"]');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const focus = await page.$eval('#four-languages a[hreflang="es"]', (a) => ({ focused: a.matches(':focus-visible'), bg: getComputedStyle(a).backgroundColor }));
  assert.ok(focus.focused && focus.bg !== 'rgba(0, 0, 0, 0)', JSON.stringify(focus));
});

/**
 * Which end of the player's bar is filled: the colour of its pixels a tenth
 * of the way in from each end, on its middle row.
 */
async function barEnds(page) {
  const png = PNG.sync.read(await page.locator('#player-bar').screenshot());
  const at = (x) => {
    const i = (png.width * Math.floor(png.height / 2) + x) * 4;
    return [png.data[i], png.data[i + 1], png.data[i + 2]].join(',');
  };
  return { left: at(Math.floor(png.width / 10)), right: at(Math.floor(png.width * 9 / 10)) };
}

test('the player\'s progress fills from the right', async () => {
  const page = await openPage(context);
  await page.clock.install();
  await page.goto(fileUrl(site, 'routines/desk-break.html'));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.click('#player-toggle');
  await page.clock.runFor(90000);
  await page.click('#player-toggle');
  const share = await page.$eval('#player-bar', (b) => b.value / b.max);
  assert.ok(share > 0.15 && share < 0.85, `the bar is part full: ${share}`);
  const rtl = await barEnds(page);
  await turn(page, 'ltr');
  const ltr = await barEnds(page);
  // Filled and empty differ, and swap ends when the page turns.
  const accent = await page.$eval('#player-bar', (b) => getComputedStyle(b).accentColor.match(/\d+/g).join(','));
  assert.equal(rtl.right, accent, `filled at the right in the accent colour: ${JSON.stringify(rtl)}`);
  assert.notEqual(rtl.left, accent);
  assert.deepEqual({ left: rtl.left, right: rtl.right }, { left: ltr.right, right: ltr.left }, 'the same fill, from the other end');
  await turn(page, 'rtl');
  const stage = await page.$eval('.player-stage', (el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth].map(parseFloat));
  assert.ok(stage[0] >= 10 && stage[1] === 0, `the stage's coloured edge is at the start, the right: ${stage}`);
  assert.deepEqual(page.problems, []);
});
