// The home page of a guide of 1,000 exercises, from file://: one page of
// cards with plain links to the others, and filters that find every
// exercise from data loaded when first used, with their state in the
// address; with JavaScript and without, by mouse and by keyboard.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildSyntheticGuide, fileUrl, launch, nuErrors, openPage, removeTemp } from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let site, context, noJs, open;
before(async () => {
  site = buildSyntheticGuide(1000);
  // The open data, made apart from the filters' data: what they should find.
  open = JSON.parse(readFileSync(join(site, 'exercises.json'), 'utf8')).exercises;
  context = await launch();
  noJs = await launch({ javaScriptEnabled: false });
});
after(async () => {
  try {
    await context?.close();
    await noJs?.close();
  } finally {
    removeTemp();
  }
});

const FLOOR = new Set(['lying', 'all-fours', 'kneeling']);
const expected = (keep) => open.filter(keep).map((e) => e.title);

// The cards shown in the list of the page, whichever list that is.
const shownCards = (page) => page.$$eval('ul.cards > li', (lis) =>
  lis.filter((li) => li.offsetParent !== null).map((li) => li.querySelector('.card-title').textContent.trim()));

async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    preload: false,
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('the home page lists one page and loads no filter data until the filters are used', async () => {
  const page = await openPage(context, fileUrl(site, 'index.html'));
  assert.equal((await shownCards(page)).length, 50);
  assert.equal((await page.textContent('#filter-count')).trim(), 'Showing 1–50 of 1000 exercises');
  assert.equal(await page.evaluate(() => 'limberFilters' in window), false, 'the data waits for the filters');
  assert.equal(await page.isVisible('#pages-nav'), true);
  await page.click('#filters-box > summary');
  await page.waitForFunction(() => 'limberFilters' in window);
  assert.deepEqual(page.problems, []);
});

test('filters find exercises beyond the first page, a page of results at a time, and the address keeps them', async () => {
  const page = await openPage(context, fileUrl(site, 'index.html'));
  await page.click('#filters-box > summary');
  await page.check('input[name=area][value=neck]');
  await page.check('input[name=kind][value=strength]');
  const want = expected((e) => e.areas.includes('neck') && e.kind === 'strength');
  assert.ok(want.length > 50, `${want.length} matches: enough for more than one page of results`);
  await page.waitForSelector('#filter-results');
  assert.deepEqual(await shownCards(page), want.slice(0, 50));
  assert.equal(await page.isVisible('#pages-nav'), false, 'the pages of the whole list are not the results');
  assert.equal((await page.textContent('#filter-count')).trim(),
    `Found ${want.length} of 1000 exercises; showing the first 50`);
  assert.match(page.url(), /#area=neck&kind=strength$/);
  const firstPage = new Set(open.slice(0, 50).map((e) => e.title));
  assert.ok(want.slice(0, 50).some((t) => !firstPage.has(t)), 'results come from every page');

  await page.click('#filter-more');
  const more = await shownCards(page);
  assert.deepEqual(more, want.slice(0, 100));
  assert.equal(await page.evaluate(() => document.activeElement.textContent), want[50],
    'the first new card has the focus');

  // A card made by script is the card a page has.
  const made = await page.$eval('#filter-results .card', (c) => c.outerHTML.replace(/\s+</g, '<'));
  const url = open.find((e) => e.title === want[0]).url;
  assert.equal(await page.getAttribute('#filter-results .card-title a', 'href'), url);
  const other = await context.newPage();
  await other.goto(fileUrl(site, 'areas/neck.html'));
  const served = await other.$eval(`a[href="../${url}"]`, (a) => a.closest('.card').outerHTML.replace(/\s+</g, '<'));
  await other.close();
  assert.equal(made.replace(/<h3/g, '<h2').replace(/<\/h3>/g, '</h2>'), served.replace(`../${url}`, url));

  // Reloading and coming back keep the filters.
  await page.reload();
  await page.waitForSelector('#filter-results');
  assert.deepEqual(await shownCards(page), want.slice(0, 50));
  assert.equal(await page.isChecked('input[name=area][value=neck]'), true);
  await page.click('#filter-results .card-title a');
  await page.waitForURL(/exercises\//);
  await page.goBack();
  await page.waitForSelector('#filter-results');
  assert.deepEqual(await shownCards(page), want.slice(0, 50));

  // A shared address opens the same view.
  await page.goto(fileUrl(site, 'index.html') + '#floor=no&equipment=none');
  await page.waitForSelector('#filter-results');
  const noFloor = expected((e) => !(e.positions.length && e.positions.every((p) => FLOOR.has(p))) && e.equipment.length === 0);
  assert.equal((await page.textContent('#filter-count')).trim(),
    `Found ${noFloor.length} of 1000 exercises; showing the first 50`);
  assert.deepEqual(await shownCards(page), noFloor.slice(0, 50));

  // Clearing the filters brings back the page as it came.
  await page.click('button[type=reset]');
  await page.waitForFunction(() => document.getElementById('filter-results').hidden);
  assert.deepEqual(await shownCards(page), open.slice(0, 50).map((e) => e.title));
  assert.equal(await page.isVisible('#pages-nav'), true);
  assert.equal((await page.textContent('#filter-count')).trim(), 'Showing 1–50 of 1000 exercises');
  assert.doesNotMatch(page.url(), /#/);

  // Nothing matches: it says so.
  await page.check('input[name=kind][value=stretch]');
  await page.check('input[name=kind][value=mobility]');
  await page.check('input[name=position][value=standing]');
  await page.check('input[name=floor][value=no]');
  await page.check('input[name=area][value=neck]');
  await page.check('input[name=area][value=core]');
  const few = expected((e) => ['stretch', 'mobility'].includes(e.kind) && e.positions.includes('standing') &&
    !e.positions.every((p) => FLOOR.has(p)) && (e.areas.includes('neck') || e.areas.includes('core')));
  await page.waitForFunction((n) => document.getElementById('filter-count').textContent.startsWith(`Found ${n} `), few.length);
  assert.equal(await page.isVisible('#filter-more'), few.length > 50);
  assert.deepEqual(page.problems, []);
});

test('the filters work from the keyboard alone', async () => {
  const page = await openPage(context, fileUrl(site, 'index.html'));
  await page.focus('#filters-box > summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.getElementById('filters-box').open), true);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.value);
  await page.keyboard.press('Space');
  await page.waitForSelector('#filter-results');
  const want = expected((e) => e.areas.includes(first));
  assert.deepEqual(await shownCards(page), want.slice(0, 50));
  // On to "Show 50 more" and press it.
  await page.focus('#filter-more');
  await page.keyboard.press('Enter');
  assert.equal((await shownCards(page)).length, Math.min(100, want.length));
  assert.equal(await page.evaluate(() => document.activeElement.textContent), want[50]);
  assert.deepEqual(page.problems, []);
});

test('axe finds nothing on the pages of the list, filtered or not', async () => {
  const page = await openPage(context);
  const found = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const url of ['index.html', 'page/2.html', 'page/20.html']) {
      await page.goto(fileUrl(site, url));
      found.push(...(await axe(page)).map((v) => `${url} (${scheme}): ${v}`));
    }
    await page.goto(fileUrl(site, 'index.html') + '#area=neck');
    await page.waitForSelector('#filter-results');
    found.push(...(await axe(page)).map((v) => `filtered (${scheme}): ${v}`));
  }
  assert.deepEqual(found, []);
});

test('the Nu HTML Checker finds no error on the pages of the list', () => {
  const files = ['index.html', 'page/2.html', 'page/20.html'].map((p) => join(site, p));
  assert.deepEqual(nuErrors(files), []);
});

test('without JavaScript every exercise is a plain link away, page after page', async () => {
  const page = await openPage(noJs, fileUrl(site, 'index.html'));
  assert.equal(await page.isVisible('#filters'), false, 'no filters that cannot work');
  const seen = [];
  for (let n = 1; ; n++) {
    seen.push(...(await shownCards(page)));
    const next = await page.$('#pages-nav a[rel=next]');
    if (!next) break;
    await next.click();
    await page.waitForURL(new RegExp(`page/${n + 1}\\.html$`));
    assert.equal((await page.textContent('h1')).trim(), `All exercises, page ${n + 1} of 20`);
  }
  assert.deepEqual(seen, open.map((e) => e.title));
  // The numbers link too, and the current page is marked.
  await page.click('#pages-nav a[href="../index.html"]');
  await page.waitForURL(/index\.html$/);
  await page.click('#pages-nav a[href="page/3.html"]');
  await page.waitForURL(/page\/3\.html$/);
  assert.equal(await page.textContent('#pages-nav [aria-current=page]'), 'Page 3');
});
