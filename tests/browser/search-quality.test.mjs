// Search finds what readers type: every query of tests/search/queries.toml,
// typed into the search box of the built guides in Chromium. Recall at 1
// and at 3 is reported for each guide and may not fall below the floor the
// query set states; every query that must find nothing finds nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileUrl, launch, openPage, removeTemp } from './lib.mjs';
import { ask, buildSites, hit, loadQueries, recall, siteFacts } from './search-queries.mjs';

let sites, context;
const set = loadQueries();
before(async () => { sites = buildSites(); context = await launch(); });
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

test('the query set covers every case, on each guide, with at least 60 queries', () => {
  assert.ok(set.query.length >= 60, `${set.query.length} queries`);
  const cases = set.query.map((q) => q.case).join('\n');
  for (const c of ['short typo', 'phone slip', 'joined', 'split', 'word form', 'typing', 'plain words',
    'alias', 'vocabulary: area', 'vocabulary: position', 'vocabulary: equipment', 'vocabulary: family', 'nothing']) {
    assert.match(cases, new RegExp(c), `no query tries: ${c}`);
  }
  for (const guide of Object.keys(set.floor)) {
    assert.ok(set.query.some((q) => q.guide === guide), `no query on ${guide}`);
  }
});

for (const guide of ['upper-back', 'generated', 'strength']) {
  test(`search recall on the ${guide} guide`, async (t) => {
    const page = await openPage(context, fileUrl(sites[guide], 'index.html'));
    const facts = siteFacts(sites[guide]);
    const rows = [];
    for (const query of set.query.filter((q) => q.guide === guide)) {
      const shown = await ask(page, query.q);
      rows.push({ query, shown, at1: hit(query, shown.titles, facts, 1), at3: hit(query, shown.titles, facts, 3) });
    }
    const r = recall(rows);
    const misses = rows.filter((row) => !row.at3 || !row.at1)
      .map((row) => `${row.at3 ? 'not first' : 'missed'}: ${JSON.stringify(row.query.q)} -> ${row.shown.titles.slice(0, 3).join(' | ') || '(nothing)'}`);
    t.diagnostic(`${guide}: recall@1 ${(r.at1 * 100).toFixed(1)}%, recall@3 ${(r.at3 * 100).toFixed(1)}% over ${r.n} queries`);
    for (const m of misses) t.diagnostic(m);

    const floor = set.floor[guide];
    assert.ok(r.at3 >= floor.at3, `recall@3 ${r.at3} fell below ${floor.at3}:\n${misses.join('\n')}`);
    assert.ok(r.at1 >= floor.at1, `recall@1 ${r.at1} fell below ${floor.at1}:\n${misses.join('\n')}`);
    const found = rows.filter((row) => row.query.none && !row.at1);
    assert.deepEqual(found.map((row) => `${row.query.q} -> ${row.shown.titles.join(' | ')}`), [], 'must find nothing');
    // A result for every query that names what it wants: the floor could
    // otherwise be met by a search that shows everything.
    for (const row of rows.filter((row) => row.query.tagged)) {
      assert.ok(row.shown.all, `${row.query.q}: the whole query matched`);
    }
    assert.deepEqual(page.problems, []);
  });
}

test('a query with no full match says so and shows the closest', async () => {
  const page = await openPage(context, fileUrl(sites['upper-back'], 'index.html'));
  const shown = await ask(page, 'neck swimming');
  assert.equal(shown.all, false);
  assert.equal(shown.titles[0], 'Neck roll');
  assert.match(await page.textContent('#search-partial'), /No exercise matches all of \u201cneck swimming\u201d; closest:/);
  assert.match(await page.textContent('#search-status'), /No exercise matches all of neck swimming; \d+ results? that match some of it/);
  // The note is not a result: arrows go to the results only.
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), 'search-result-0');
  assert.deepEqual(page.problems, []);
});

test('a result found by another name says which', async () => {
  const page = await openPage(context, fileUrl(sites['upper-back'], 'index.html'));
  await ask(page, 'birddog');
  assert.equal(await page.textContent('#search-result-0 .search-title'), 'Opposite arm and leg raise');
  assert.equal(await page.textContent('#search-result-0 .search-why'), '(also called Bird-dog)');
  await ask(page, 'lying down');
  assert.match(await page.textContent('#search-result-0 .search-why'), /Lying down/);
  // Found by its title: nothing to explain.
  await ask(page, 'neck roll');
  assert.equal(await page.$('#search-result-0 .search-why'), null);
});
