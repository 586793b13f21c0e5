// Finding an exercise: the index's filters with their state in the URL's
// fragment, and the typo-tolerant search box on every page.
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

const visibleCards = (page) => page.$$eval('.filters-wrap + .cards > li', (lis) =>
  lis.filter((li) => !li.hidden && li.offsetParent !== null).map((li) => li.querySelector('.card-title').textContent.trim()));

test('filters combine, count their matches and keep their state in the fragment', async () => {
  const page = await openPage(context, fileUrl(site, 'index.html'));
  assert.equal((await visibleCards(page)).length, 6);
  assert.equal((await page.textContent('#filter-count')).trim(), 'Showing all 6 exercises');
  assert.equal(await page.isVisible('input[name=floor]'), false, 'the filters start folded away');
  await page.click('#filters-box > summary');

  await page.check('input[name=floor][value=no]');
  const noFloor = await visibleCards(page);
  assert.deepEqual(noFloor, ['Neck roll', 'Overhead arm reach', 'Chair rotation']);
  assert.equal((await page.textContent('#filter-count')).trim(), 'Showing 3 of 6 exercises');
  assert.match(page.url(), /#floor=no$/);

  await page.check('input[name=equipment][value=none]');
  assert.deepEqual(await visibleCards(page), ['Neck roll']);
  await page.check('input[name=kind][value=stretch]');
  assert.deepEqual(await visibleCards(page), []);
  assert.equal(await page.isVisible('#filter-empty'), true, 'says when nothing matches');
  const shared = page.url();
  assert.match(shared, /#kind=stretch&floor=no&equipment=none$/);

  // A bookmarked or shared URL opens the same filtered view.
  const other = await context.newPage();
  await other.goto(fileUrl(site, 'index.html') + '#area=neck&position=all-fours');
  assert.deepEqual(await visibleCards(other), ['Cat-cow pose']);
  assert.equal(await other.isVisible('input[name=area][value=neck]'), true, 'opened when the address has filters');
  assert.equal(await other.isChecked('input[name=area][value=neck]'), true);
  assert.equal(await other.isChecked('input[name=position][value=all-fours]'), true);
  await other.goto(shared);
  assert.deepEqual(await visibleCards(other), []);
  await other.close();

  // Areas combine with "any of"; clearing restores everything.
  await page.click('button[type=reset]');
  await page.waitForFunction(() => /Showing all/.test(document.getElementById('filter-count').textContent));
  await page.check('input[name=area][value=core]');
  await page.check('input[name=area][value=neck]');
  assert.deepEqual(await visibleCards(page), ['Cat-cow pose', 'Opposite arm and leg raise', 'Neck roll']);
  await page.click('button[type=reset]');
  await page.waitForFunction(() => /Showing all/.test(document.getElementById('filter-count').textContent));
  assert.equal((await visibleCards(page)).length, 6);
  assert.equal(new URL(page.url()).hash, '');
  // Plain anchors still work as anchors.
  await page.goto(fileUrl(site, 'index.html') + '#areas');
  assert.equal((await visibleCards(page)).length, 6);
  assert.deepEqual(page.problems, []);
});

test('the position pages list the same sets as the filters, without JavaScript', async () => {
  const page = await openPage(context, fileUrl(site, 'positions/seated.html'));
  const titles = await page.$$eval('.card-title', (h) => h.map((e) => e.textContent.trim()));
  assert.deepEqual(titles, ['Neck roll', 'Overhead arm reach', 'Chair rotation']);
  await page.goto(fileUrl(site, 'index.html') + '#position=seated');
  assert.deepEqual(await visibleCards(page), titles);
});

test('search finds exercises despite a typo and is keyboard-navigable', async () => {
  const page = await openPage(context, fileUrl(site, 'exercises/cat-cow.html'));
  await page.fill('#search-input', 'rotaton');
  await page.waitForSelector('#search-results:not([hidden]) [role=option]');
  const found = await page.$$eval('#search-results [role=option]', (o) => o.map((e) => e.querySelector('.search-title').textContent));
  assert.deepEqual(found.slice(0, 2).sort(), ['Chair rotation', 'Trunk rotation']);
  assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'true');
  assert.match(await page.textContent('#search-status'), /results? for rotaton/);

  // Aliases, summaries and steps are searched too; so are routines.
  for (const [query, title] of [
    ['overhead arm strech', 'Overhead arm reach'], // an alias, with a typo
    ['belly button', 'Cat-cow pose'], // words from the steps
    ['desk', 'Five-minute desk break'],
  ]) {
    await page.fill('#search-input', query);
    await page.waitForSelector('#search-results [role=option]');
    const first = await page.textContent('#search-results [role=option] .search-title');
    assert.equal(first, title, query);
  }

  await page.fill('#search-input', 'neck rol');
  await page.waitForSelector('#search-result-0');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), 'search-result-0');
  assert.equal(await page.getAttribute('#search-result-0', 'aria-selected'), 'true');
  await page.keyboard.press('ArrowUp');
  const last = await page.$$eval('#search-results [role=option]', (o) => o.length - 1);
  assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), `search-result-${last}`, 'wraps round');
  await page.keyboard.press('ArrowDown');
  const title = await page.textContent('#search-result-0 .search-title');
  await Promise.all([page.waitForURL(/neck-roll\.html$/), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('h1'), new RegExp(title));

  // Escape closes the list, then clears the box.
  await page.fill('#search-input', 'zzzzqqq');
  // On this new page the index loads first: wait for the answer.
  await page.waitForSelector('#search-none');
  assert.match(await page.textContent('#search-results'), /No matches/);
  await page.keyboard.press('Escape');
  assert.equal(await page.isHidden('#search-results'), true);
  await page.keyboard.press('Escape');
  assert.equal(await page.inputValue('#search-input'), '');
  assert.deepEqual(page.problems, []);
});
