// The reader's log on the plan page (templates/history.html, history.js):
// the weeks' table and chart from a seeded log, hostile stored data, export
// and import between two browsers, hostile files, deleting after asking,
// the keyboard, axe and a 320 px screen. The clock is fixed at Wednesday
// 2 December 2026 in New York, so the eight weeks span a change of the
// clocks (1 November).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { buildGuide, fileUrl, launch, openPage, removeTemp } from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const NOW = new Date('2026-12-02T15:00:00-05:00');
const OPTIONS = { timezoneId: 'America/New_York', acceptDownloads: true };

let site, context, page;
before(async () => {
  site = buildGuide();
  context = await launch(OPTIONS);
  await context.clock.setFixedTime(NOW);
  page = await openPage(context, fileUrl(site, 'plan.html'));
  // File choosers are caught from the start: turning that on as a key is
  // pressed can come too late for the chooser the key opens.
  page.on('filechooser', () => {});
});
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

const at = (date, hour = 9) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00-05:00`).getTime();
const entry = (date, more = {}) => ({ date, at: at(date), kind: 'routine', title: 'Five-minute desk break', slug: 'desk-break', exercises: ['cat-cow', 'neck-roll'], how: 'played', ...more });

// Sessions across the eight weeks from Monday 12 October, with the edges
// of weeks, missing scores and entries that must not count.
const GOOD = [
  entry('2026-10-11', { before: 1, after: 1 }), // the Sunday before the first week
  entry('2026-10-12', { kind: 'plan', title: 'My plan', slug: undefined, how: 'ticked', before: 9, after: 9 }),
  entry('2026-11-01'), // Sunday, the day the clocks change
  entry('2026-11-02', { before: 8 }),
  entry('2026-11-29', { before: 7, after: 5, at: at('2026-11-29', 23) }), // the last hour of a week
  entry('2026-11-30', { before: 6, after: 4, at: at('2026-11-30', 0) }), // the first hour of the next
  entry('2026-12-02', { before: 4, after: 2 }),
];
const BAD = [
  null, 7, 'x', [], {},
  entry('2026-12-03'), // tomorrow
  entry('2026-02-30'), // no such day
  entry('2026-11-10', { at: '1764680000000' }),
  entry('2026-11-10', { at: at('2026-12-09') }), // made next week
  entry('2026-11-10', { kind: 'stretch' }),
  entry('2026-11-10', { how: 'skipped' }),
  entry('2026-11-10', { title: 42 }),
  entry('2026-11-10', { title: '   ' }),
  entry('2026-11-10', { exercises: 'cat-cow' }),
  entry('2026-11-10', { exercises: [['cat-cow']] }),
  entry('2026-11-10', { exercises: ['<img src=x onerror=alert(1)>'] }),
];
// A bad score is left out; the session still counts.
const ODD = entry('2026-11-03', { before: 11, after: 2.5, title: '<b>Desk</b> break' });
const WEEKS = [
  ['2026-10-12', 1, '9', '9'],
  ['2026-10-19', 0, 'No score', 'No score'],
  ['2026-10-26', 1, 'No score', 'No score'],
  ['2026-11-02', 2, '8', 'No score'],
  ['2026-11-09', 0, 'No score', 'No score'],
  ['2026-11-16', 0, 'No score', 'No score'],
  ['2026-11-23', 1, '7', '5'],
  ['2026-11-30', 2, '5', '3'],
];

async function seed(p, log, plan) {
  await p.evaluate(([l, pl]) => {
    const guide = new URL(document.body.dataset.root || './', location.href).pathname;
    localStorage.clear();
    if (l !== null) localStorage.setItem(`limber:log:${guide}`, typeof l === 'string' ? l : JSON.stringify(l));
    if (pl) localStorage.setItem(`limber:plan:${guide}`, pl);
    // Not this guide's, or not the log: deleting leaves them.
    localStorage.setItem('limber:routine:desk-break', '{"i":2}');
    localStorage.setItem('limber:log:/other/guide/', '{"v":1,"entries":[]}');
  }, [log, plan ?? null]);
  // Not a reload: plan.js keeps the plan in the address, and the address wins.
  await p.goto(fileUrl(site, 'plan.html'));
}

const log = (p) => p.evaluate(() => JSON.parse(localStorage.getItem(`limber:log:${new URL(document.body.dataset.root || './', location.href).pathname}`)));
const keys = (p) => p.evaluate(() => Object.fromEntries(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)])));
const status = (p) => p.textContent('#history-status');

async function table(p) {
  return p.$$eval('#history-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
}

function weekLabel(iso) {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

async function axe(p) {
  if (!(await p.evaluate(() => 'axe' in window))) await p.addScriptTag({ path: AXE });
  const result = await p.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    preload: false,
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('an empty log says so in a plain sentence, and nothing else is drawn', async () => {
  for (const log of [null, 'not json', '{"v":1,"entries":"x"}', '[]', 'null', '{"v":1,"entries":[null,1,{}]}']) {
    await seed(page, log);
    assert.equal(await page.isVisible('#history-empty'), true, log);
    assert.match(await page.textContent('#history-empty'), /^Nothing logged yet\. When you finish a routine or your plan, it is kept here, on this device only\.$/);
    assert.equal(await page.isVisible('#history-data'), false, log);
    assert.equal(await page.isVisible('#history-export'), true);
  }
  await page.click('#history-export');
  assert.equal(await status(page), 'There is nothing to save yet.');
  assert.deepEqual(page.problems, []);
});

test('the table and chart show the last 8 weeks, Monday to Sunday, from valid entries only', async () => {
  await seed(page, { v: 1, entries: [...GOOD, ...BAD, ODD] });
  assert.equal(await page.isVisible('#history-empty'), false);
  assert.equal(await page.textContent('#history-table caption'), 'Sessions and pain, week by week');
  const expected = WEEKS.map(([d, n, b, a]) => [weekLabel(d), String(n), b, a]);
  // ODD is the second session of the week of 2 November, with no score kept.
  assert.deepEqual(await table(page), expected);

  // One bar for each week with sessions, as tall as its share of the most.
  const chart = await page.evaluate(() => ({
    bars: document.getElementById('history-bars').getAttribute('d'),
    before: document.getElementById('history-before-dots').getAttribute('d'),
    after: document.getElementById('history-after-dots').getAttribute('d'),
    hidden: document.querySelector('.history-chart').getAttribute('aria-hidden'),
  }));
  const bars = [...chart.bars.matchAll(/M(\d+) 150v-(\d+)h24v\2z/g)].map(([, x, h]) => [(Number(x) - 8) / 40, Number(h)]);
  assert.equal(chart.bars.replace(/M(\d+) 150v-(\d+)h24v\2z/g, ''), '');
  assert.deepEqual(bars, WEEKS.map(([, n], i) => [i, n * 70]).filter(([, h]) => h));
  // A dot for each week with a score: 150 is pain 0, 10 is pain 10.
  const dots = (d) => [...d.matchAll(/M(\d+) (\d+)h0/g)].map(([, x, y]) => [(Number(x) - 20) / 40, (150 - Number(y)) / 14]);
  assert.deepEqual(dots(chart.before), [[0, 9], [3, 8], [6, 7], [7, 5]]);
  assert.deepEqual(dots(chart.after), [[0, 9], [6, 5], [7, 3]]);
  assert.equal(chart.hidden, 'true', 'the table is the chart for a screen reader');

  // The last sessions, newest first, the date in words.
  const items = await page.$$eval('#history-list li', (li) => li.map((e) => e.textContent));
  assert.equal(items.length, 8);
  assert.equal(items[0], 'Wednesday 2 December: Five-minute desk break, played to the end. Pain before 4, after 2.');
  assert.equal(items[1], 'Monday 30 November: Five-minute desk break, played to the end. Pain before 6, after 4.');
  assert.equal(items[3], 'Tuesday 3 November: <b>Desk</b> break, played to the end.');
  assert.equal(items[4], 'Monday 2 November: Five-minute desk break, played to the end. Pain before 8.');
  assert.equal(items[2], 'Sunday 29 November: Five-minute desk break, played to the end. Pain before 7, after 5.');
  assert.equal(items[5], 'Sunday 1 November: Five-minute desk break, played to the end.');
  assert.equal(items[6], 'Monday 12 October: Plan: My plan, ticked as done. Pain before 9, after 9.');
  assert.equal(items[7], 'Sunday 11 October: Five-minute desk break, played to the end. Pain before 1, after 1.');
  assert.equal(await page.locator('#history-list b, #history-list img').count(), 0, 'titles are text');
  assert.deepEqual(page.problems, []);
});

test('100,000 stored entries draw quickly and show what is valid', async () => {
  const entries = [];
  for (let k = 0; k < 100000; k++) entries.push(k % 5 ? {} : { date: '2026-12-01', at: 1764000000000 + k, kind: 'plan', title: 'P', exercises: [], how: 'played', after: k % 11 });
  await seed(page, { v: 1, entries });
  const ms = await page.evaluate(() => {
    const t = performance.now();
    document.dispatchEvent(new Event('limber:log'));
    return performance.now() - t;
  });
  assert.ok(ms < 1000, `${ms} ms`);
  const rows = await table(page);
  assert.deepEqual(rows[7].slice(0, 2), [weekLabel('2026-11-30'), '20000']);
  assert.equal(await page.locator('#history-list li').count(), 10);
  assert.deepEqual(page.problems, []);
});

test('export downloads a limber log that imports into a fresh browser, once', async () => {
  await seed(page, { v: 1, entries: [...GOOD, ...BAD, ODD] }, 'plan=1&t=Mine&x=cat-cow');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#history-export')]);
  assert.equal(download.suggestedFilename(), 'limber-log-2026-12-02.json');
  const path = await download.path();
  const file = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(Object.keys(file), ['limber', 'v', 'guide', 'entries', 'plan']);
  assert.equal(file.limber, 'log');
  assert.equal(file.v, 1);
  assert.equal(file.guide, 'Exercises for upper back pain');
  assert.equal(file.plan, 'plan=1&t=Mine&x=cat-cow');
  const odd = { ...ODD, title: ODD.title };
  delete odd.before;
  delete odd.after;
  const kept = [...GOOD.map((e) => JSON.parse(JSON.stringify(e))), odd].sort((a, b) => a.at - b.at);
  assert.deepEqual(file.entries, kept);
  assert.equal(await status(page), 'Your log is saved in your downloads as limber-log-2026-12-02.json.');

  const other = await launch(OPTIONS);
  try {
    await other.clock.setFixedTime(NOW);
    const fresh = await openPage(other, fileUrl(site, 'plan.html'));
    assert.equal(await fresh.isVisible('#history-empty'), true);
    await fresh.setInputFiles('#history-import', path);
    await fresh.waitForFunction(() => document.getElementById('history-status').textContent);
    assert.equal(await status(fresh), `${kept.length} sessions were added to your log.`);
    assert.deepEqual(await table(fresh), await table(page));
    const imported = await log(fresh);
    assert.deepEqual(imported, { v: 1, entries: kept });
    // The same file again adds nothing.
    await fresh.evaluate(() => { document.getElementById('history-status').textContent = ''; });
    await fresh.setInputFiles('#history-import', path);
    await fresh.waitForFunction(() => document.getElementById('history-status').textContent);
    assert.equal(await status(fresh), `No new sessions in this file. Nothing was changed. ${kept.length} left out: they were in your log already, or could not be read.`);
    assert.deepEqual(await log(fresh), imported);
    assert.deepEqual(fresh.problems, []);
  } finally {
    await other.close();
  }
});

test('an import merges good entries in order and counts the rest', async () => {
  await seed(page, { v: 1, entries: [GOOD[0], GOOD[6]] });
  const file = { limber: 'log', v: 1, guide: 'Another', plan: null, entries: [GOOD[3], GOOD[6], ...BAD.slice(5), ODD] };
  await page.setInputFiles('#history-import', { name: 'log.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.waitForFunction(() => document.getElementById('history-status').textContent);
  assert.equal(await status(page), `2 sessions were added to your log. ${1 + BAD.length - 5} left out: they were in your log already, or could not be read.`);
  assert.deepEqual((await log(page)).entries.map((e) => e.date), ['2026-10-11', '2026-11-02', '2026-11-03', '2026-12-02']);
  assert.equal((await table(page))[3][1], '2');
});

test('a file that is not a limber log is refused and changes nothing', async () => {
  await seed(page, { v: 1, entries: [GOOD[6]] });
  const before = await keys(page);
  const big = Buffer.from(JSON.stringify({ limber: 'log', v: 1, entries: [GOOD[5]], pad: 'x'.repeat(10 << 20) }));
  const cases = [
    ['not json {', 'This file is not a log from this guide. Nothing was changed.'],
    ['', 'This file is not a log from this guide. Nothing was changed.'],
    ['[1,2,3]', 'This file is not a log from this guide. Nothing was changed.'],
    ['{"limber":"plan","v":1,"entries":[]}', 'This file is not a log from this guide. Nothing was changed.'],
    ['{"limber":"log","v":1,"entries":{}}', 'This file is not a log from this guide. Nothing was changed.'],
    ['{"limber":"log","v":"1","entries":[]}', 'This file is not a log from this guide. Nothing was changed.'],
    [JSON.stringify({ limber: 'log', v: 2, entries: [GOOD[5]] }), 'This log is from a newer version of the guide. Nothing was changed.'],
    [JSON.stringify({ limber: 'log', v: 1, entries: BAD }), `No new sessions in this file. Nothing was changed. ${BAD.length} left out: they were in your log already, or could not be read.`],
    [big, 'This file is too big to be a log. Nothing was changed.'],
  ];
  for (const [text, message] of cases) {
    await page.evaluate(() => { document.getElementById('history-status').textContent = ''; });
    await page.setInputFiles('#history-import', { name: 'log.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.getElementById('history-status').textContent);
    assert.equal(await status(page), message, String(text).slice(0, 40));
    assert.deepEqual(await keys(page), before);
  }
  assert.equal((await table(page))[7][1], '1');
  assert.equal(await page.locator('#history-list li').count(), 1);
  assert.deepEqual(page.problems, []);
});

test('delete asks first; Cancel and Escape keep everything; Yes removes the log and the plan only', async () => {
  await seed(page, { v: 1, entries: GOOD }, 'plan=1&x=cat-cow');
  await page.goto(fileUrl(site, 'plan.html') + '#plan=1&x=cat-cow');
  await page.waitForSelector('#plan-items li');
  const before = await keys(page);
  assert.equal(await page.isVisible('#history-confirm'), false);

  // Keyboard only: Tab reaches export, the file, delete, in that order.
  await page.focus('#history-export');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'history-export');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'history-import');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'history-delete');

  await page.keyboard.press('Enter');
  assert.equal(await page.isVisible('#history-confirm'), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'history-cancel', 'the safe choice has the focus');
  assert.match(await page.textContent('#history-confirm'), /Delete your plan and your whole log from this device\? You cannot undo this\./);
  assert.deepEqual(await axe(page), []);
  await page.keyboard.press('Enter');
  assert.equal(await page.isVisible('#history-confirm'), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'history-delete');
  assert.equal(await status(page), 'Nothing was deleted.');
  assert.deepEqual(await keys(page), before);

  await page.keyboard.press('Space');
  assert.equal(await page.isVisible('#history-confirm'), true);
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#history-confirm'), false);
  assert.deepEqual(await keys(page), before);

  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'history-yes');
  // The listener is in place before the key goes: a key event can reach the
  // page before a script sent alongside it, and the event would be missed.
  await page.evaluate(() => { document.addEventListener('limber:forget', () => { window.forgotten = true; }, { once: true }); });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.forgotten === true, null, { timeout: 10000 });
  assert.equal(await status(page), 'Your plan and your log are deleted from this device.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'history-delete');
  assert.equal(await page.isVisible('#history-empty'), true);
  const left = await keys(page);
  const gone = Object.keys(before).filter((k) => !(k in left));
  assert.deepEqual(gone.map((k) => k.replace(/:\/.*/, '')), ['limber:log', 'limber:plan']);
  assert.ok(gone.every((k) => k.endsWith(new URL('./', fileUrl(site, 'plan.html')).pathname)), gone.join(' '));
  assert.equal(left['limber:routine:desk-break'], '{"i":2}');
  assert.equal(left['limber:log:/other/guide/'], '{"v":1,"entries":[]}');
  assert.equal(await page.evaluate(() => location.hash), '', 'the plan is out of the address too');
  assert.deepEqual(page.problems, []);
});

test('a file can be chosen with the keyboard alone', async () => {
  await seed(page, null);
  const file = { limber: 'log', v: 1, guide: 'x', plan: null, entries: [GOOD[6]] };
  await page.focus('#history-import');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles({ name: 'log.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.waitForFunction(() => document.getElementById('history-status').textContent);
  assert.equal(await status(page), '1 session was added to your log.');
  assert.equal(await page.locator('#history-list li').count(), 1);
});

test('axe finds nothing, light or dark; 320 px wide at most; text 18 px or more', async () => {
  await seed(page, { v: 1, entries: [...GOOD, ODD] });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    assert.deepEqual(await axe(page), [], scheme);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
    const small = await page.evaluate(() => [...document.querySelectorAll('#history *')]
      .filter((e) => e.getClientRects().length && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
      .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 18)
      .map((e) => e.tagName));
    assert.deepEqual(small, []);
    const targets = await page.$$eval('#history button, #history input', (els) => els.filter((e) => e.getClientRects().length)
      .map((e) => e.getBoundingClientRect()).filter((r) => r.height < 44).length);
    assert.equal(targets, 0);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test('without JavaScript the section says the log needs it', async () => {
  const off = await launch({ javaScriptEnabled: false });
  try {
    const p = await openPage(off, fileUrl(site, 'plan.html'));
    assert.equal(await p.isVisible('#history-title'), true);
    assert.equal(await p.textContent('#history .no-js-only'), 'Your log needs JavaScript, which is turned off.');
    assert.equal(await p.isVisible('#history .no-js-only'), true);
    assert.equal(await p.isVisible('#history-export'), false);
    assert.equal(await p.isVisible('#history-empty'), false);
  } finally {
    await off.close();
  }
});
