// With JavaScript off every page is complete: the lists, doses, steps and
// routine times are all in the HTML; only the extras are absent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildGuide, fileUrl, launch, openPage, pages, removeTemp } from './lib.mjs';

let site, context;
before(async () => { site = buildGuide(); context = await launch({ javaScriptEnabled: false }); });
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

test('the index lists every exercise and routine, with no dead controls', async () => {
  const page = await openPage(context, fileUrl(site, 'index.html'));
  assert.equal(await page.evaluate(() => document.documentElement.className), '', 'scripts really are off');
  assert.equal(await page.locator('#exercises ~ .cards .card-title').count(), 6);
  for (const sel of ['.filters-wrap', '.search', '#search-input']) {
    assert.equal(await page.isVisible(sel), false, `${sel} needs JavaScript, so it is not shown`);
  }
  const routines = await page.$$eval('.card-routine .card-title', (h) => h.map((e) => e.textContent.trim()));
  assert.deepEqual(routines, ['Five-minute desk break', 'Full routine: all six exercises']);
  assert.match(await page.textContent('.card-routine'), /About 5 minutes · 3 exercises/);
});

test('a routine page has the whole routine: exercises, doses, steps, time', async () => {
  const page = await openPage(context, fileUrl(site, 'routines/full-routine.html'));
  assert.equal(await page.isVisible('#player'), false);
  assert.match(await page.textContent('.meta'), /About 15 minutes/);
  const items = page.locator('.routine-item');
  assert.equal(await items.count(), 6);
  for (let k = 0; k < 6; k++) {
    const item = items.nth(k);
    assert.ok((await item.locator('.dose-summary').textContent()).trim().length > 0);
    assert.ok(await item.locator('.steps li').count() > 0);
    assert.equal(await item.locator('.steps').isVisible(), true);
  }
  // Numbers the exercise does not give are said to be the routine's own.
  assert.equal(await page.locator('.dose-choice').count(), 2);
  assert.match(await page.textContent('#item-3 .dose-choice'), /Repeat 5 times on each side: this routine.s choice/);
});

test('every page is readable and its links work without scripts', async () => {
  const page = await openPage(context);
  for (const p of pages(site)) {
    await page.goto(fileUrl(site, p));
    assert.equal(await page.locator('h1').count(), 1, p);
    assert.ok((await page.textContent('main')).trim().length > 40, p);
  }
  await page.goto(fileUrl(site, 'exercises/chair-rotation.html'));
  assert.match(await page.textContent('.dose-summary'), /Repeat 3 times on each side/);
  assert.equal(await page.locator('.steps li').count(), 4);
});
