// Keyboard only: every control is reached with Tab, shows where the focus
// is, and works with Enter, Space or its shortcut. No mouse is used here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildGuide, fileUrl, launch, openPage, removeTemp } from './lib.mjs';

let site, context;
before(async () => { site = buildGuide(); context = await launch(); });
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

/** Presses Tab until the focused element matches `selector`. */
async function tabTo(page, selector, max = 80) {
  for (let k = 0; k < max; k++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The focused element shows a focus indicator: an outline or a changed background/shadow. */
async function focusShows(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
    return outline || cs.boxShadow !== 'none';
  });
}

test('skip link, search and filters by keyboard alone', async () => {
  const page = await openPage(context, fileUrl(site, 'index.html'));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  const box = await page.locator('.skip-link').boundingBox();
  assert.ok(box.y >= 0, 'the skip link comes into view when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  await tabTo(page, '#filters-box > summary');
  assert.ok(await focusShows(page), 'focus visible on the filters toggle');
  await page.keyboard.press('Enter');
  await tabTo(page, '#filters input[name=floor]');
  assert.ok(await focusShows(page), 'focus visible on a checkbox');
  await page.keyboard.press('Space');
  assert.match(await page.textContent('#filter-count'), /Showing 3 of 6/);
  await tabTo(page, 'button[type=reset]');
  assert.ok(await focusShows(page));
  await page.keyboard.press('Enter');
  // The form resets first; the count follows in the next task.
  await page.waitForFunction(() => /Showing all 6/.test(document.getElementById('filter-count').textContent));

  // Shift+Tab back up to the search box in the header.
  await page.focus('#search-input');
  await page.keyboard.type('chair');
  await page.waitForSelector('#search-result-0');
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(/chair-rotation\.html$/), page.keyboard.press('Enter')]);
  assert.deepEqual(page.problems, []);
});

test('every player control works from the keyboard, by Tab and by shortcut', async () => {
  const page = await openPage(context);
  // Smooth scrolling to each focused button would still be moving when
  // the scroll position is compared below; reduced motion turns it off.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.clock.install();
  await page.goto(fileUrl(site, 'routines/full-routine.html'));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const phase = () => page.textContent('#player-phase');
  // The full routine starts on the floor: its lead-in says to get down.
  const START = 'Get down to the floor';
  const detail = () => page.textContent('#player-detail');

  await tabTo(page, '#player-toggle');
  assert.ok(await focusShows(page));
  await page.keyboard.press('Enter');
  assert.equal(await phase(), START);
  await page.keyboard.press('Space'); // the focused button: pause
  assert.equal(await page.textContent('#player-toggle'), 'Resume');
  await page.keyboard.press('Space');
  assert.equal(await page.textContent('#player-toggle'), 'Pause');

  for (const [id, check] of [
    ['#player-skip', async () => assert.match(await detail(), /^Rep 1 of 5/)],
    ['#player-back', async () => assert.equal(await phase(), START)],
    ['#player-next', async () => assert.equal(await page.textContent('#player-exercise'), 'Opposite arm and leg raise')],
    ['#player-prev', async () => assert.equal(await page.textContent('#player-exercise'), 'Cat-cow pose')],
    ['#player-restart', async () => assert.equal(await phase(), START)],
  ]) {
    await tabTo(page, id);
    assert.ok(await focusShows(page), `focus visible on ${id}`);
    await page.keyboard.press('Enter');
    await check();
  }
  await tabTo(page, '#player-sound');
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked('#player-sound'), true);
  await tabTo(page, '#player-voice');
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked('#player-voice'), true);

  // Shortcuts, with the focus anywhere but a form field.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('ArrowRight');
  assert.match(await detail(), /^Rep 1 of 5/);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await phase(), START);
  await page.keyboard.press('n');
  assert.equal(await page.textContent('#player-exercise'), 'Opposite arm and leg raise');
  await page.keyboard.press('p');
  assert.equal(await page.textContent('#player-exercise'), 'Cat-cow pose');
  await page.keyboard.press(' ');
  assert.equal(await page.textContent('#player-toggle'), 'Resume');
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.keyboard.press(' ');
  assert.equal(await page.textContent('#player-toggle'), 'Pause');
  assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'Space does not scroll the page');
  await page.keyboard.press('r');
  assert.equal(await phase(), START);
  // Typing in the search box never drives the player.
  await page.focus('#search-input');
  await page.keyboard.type('n r');
  assert.equal(await phase(), START);
  assert.deepEqual(page.problems, []);
});
