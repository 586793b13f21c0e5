// The routine player shows the moving figure of the exercise it is on: the
// page's clock is driven by the test (Playwright's page.clock, paused so
// that only runFor moves it, requestAnimationFrame included).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildGuide, fileUrl, launch, openPage, removeTemp } from './lib.mjs';

let site;
const contexts = [];
before(() => { site = buildGuide(); });
after(async () => {
  try {
    for (const c of contexts) await c.close();
  } finally {
    removeTemp();
  }
});

async function fresh(options = {}) {
  const context = await launch(options);
  contexts.push(context);
  const page = await openPage(context);
  await page.clock.install();
  await page.goto(fileUrl(site, 'routines/full-routine.html'));
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  const data = JSON.parse(await page.textContent('#routine-data'));
  return { page, data };
}

/** Waits for poses.js, which the player adds on its first Start (by its load event: the page's timers are fake). */
function posesLoaded(page) {
  return page.evaluate(() => new Promise((done, fail) => {
    if (window.LimberPoses) return done();
    const el = document.querySelector('script[src$="poses.js"]');
    if (!el) throw new Error('no poses.js after Start');
    el.addEventListener('load', () => done());
    el.addEventListener('error', () => fail(new Error('poses.js did not load')));
  }));
}

/** What the player shows: which figures are visible, and the current one's shape. */
function shown(page) {
  return page.evaluate(() => {
    const visible = [...document.querySelectorAll('#player .player-pose')].filter((w) => w.getClientRects().length);
    const stage = visible[0] && visible[0].querySelector('.pose-stage');
    const box = stage && stage.getBoundingClientRect();
    return {
      slugs: visible.map((w) => w.dataset.pose),
      // Every shape of the figure, so that any movement counts.
      shape: stage && [...stage.querySelectorAll('.pose-body path, .pose-body circle')]
        .map((e) => e.getAttribute('d') || `${e.getAttribute('cx')},${e.getAttribute('cy')}`).join('|'),
      big: !!box && box.width > 100 && box.height > 100,
      // Not yet mounted (poses.js comes with the first Start) is still too.
      paused: stage ? (stage.limberPoses ? stage.limberPoses.paused : true) : null,
      playing: [...document.querySelectorAll('#player .pose-stage')].filter((s) => s.limberPoses && !s.limberPoses.paused).length,
    };
  });
}

test("the current exercise's figure shows, moves while the player runs, and changes with the exercise", async () => {
  const { page, data } = await fresh();
  const first = data.items[0].slug;
  let s = await shown(page);
  assert.deepEqual(s.slugs, [first], 'before the start: the first exercise, alone');
  assert.ok(s.big, 'the figure is drawn at a readable size');
  assert.equal(s.paused, true, 'nothing moves before Start');
  const still = s.shape;
  await page.clock.runFor(4000);
  assert.equal((await shown(page)).shape, still, 'still until the player runs');
  assert.equal(await page.evaluate(() => !!window.LimberPoses), false, 'the figure script waits for Start');

  await page.click('#player-toggle');
  await posesLoaded(page);
  await page.clock.runFor(3000);
  s = await shown(page);
  assert.deepEqual(s.slugs, [first]);
  assert.equal(s.paused, false);
  assert.notEqual(s.shape, still, 'the figure moves while the player runs');

  await page.click('#player-next');
  s = await shown(page);
  assert.deepEqual(s.slugs, [data.items[1].slug], 'the next exercise, and only it');
  assert.equal(s.playing, 1, 'the previous figure has stopped');
  const next = s.shape;
  await page.clock.runFor(3000);
  assert.notEqual((await shown(page)).shape, next, 'the new figure moves');
  assert.deepEqual(page.problems, []);
});

test('the figure pauses and resumes with the player', async () => {
  const { page } = await fresh();
  await page.click('#player-toggle');
  await posesLoaded(page);
  await page.clock.runFor(2000);
  await page.click('#player-toggle');
  assert.equal(await page.textContent('#player-toggle'), 'Resume');
  let s = await shown(page);
  assert.equal(s.paused, true);
  assert.equal(s.playing, 0);
  const paused = s.shape;
  await page.clock.runFor(4000);
  assert.equal((await shown(page)).shape, paused, 'a paused player has a paused figure');
  await page.keyboard.press('Space');
  assert.equal(await page.textContent('#player-toggle'), 'Pause');
  await page.clock.runFor(3000);
  s = await shown(page);
  assert.equal(s.paused, false);
  assert.notEqual(s.shape, paused, 'it moves on when the player resumes');
  assert.deepEqual(page.problems, []);
});

test('with reduced motion the player shows each figure still, on its first position', async () => {
  const { page, data } = await fresh({ reducedMotion: 'reduce' });
  await page.click('#player-toggle');
  await posesLoaded(page);
  for (let k = 0; k < 2; k++) {
    const s = await shown(page);
    assert.deepEqual(s.slugs, [data.items[k].slug]);
    assert.ok(s.big, 'the still figure is shown');
    await page.clock.runFor(5000);
    const later = await shown(page);
    assert.equal(later.shape, s.shape, 'nothing moves');
    assert.equal(later.playing, 0);
    const first = await page.evaluate(() => {
      const stage = [...document.querySelectorAll('#player .player-pose')].find((w) => !w.hidden).firstElementChild;
      stage.limberPoses.show(0);
      return stage.querySelector('.pose-body').innerHTML;
    });
    assert.ok(first.length > 0 && (await shown(page)).shape === s.shape, 'the first position');
    assert.equal(await page.evaluate(() => document.querySelectorAll('#player .pose-toggle').length), 0, 'no Pause button of its own: the player pauses');
    await page.click('#player-next');
  }
  assert.deepEqual(page.problems, []);
});

test('screen readers get the figure as one labelled image, never a live region', async () => {
  const { page } = await fresh();
  await page.click('#player-toggle');
  await posesLoaded(page);
  await page.clock.runFor(2000);
  const r = await page.evaluate(() => {
    const w = [...document.querySelectorAll('#player .player-pose')].find((e) => !e.hidden);
    const svg = w.querySelector('svg');
    return {
      role: svg.getAttribute('role'),
      name: document.getElementById(svg.getAttribute('aria-labelledby')).textContent,
      live: !!w.closest('[aria-live]') || !!w.querySelector('[aria-live]'),
    };
  });
  assert.equal(r.role, 'img');
  assert.match(r.name, /^Animation: .+, then .+/);
  assert.equal(r.live, false);
});

test('without JavaScript the figures stay hidden and the routine page is as before', async () => {
  const context = await launch({ javaScriptEnabled: false });
  contexts.push(context);
  const page = await openPage(context, fileUrl(site, 'routines/full-routine.html'));
  assert.equal(await page.locator('.player-pose').count(), 6, 'one figure per exercise with poses');
  assert.equal(await page.locator('.player-pose:visible, .pose-stage:visible').count(), 0);
  assert.equal(await page.locator('.routine-item .steps:visible').count(), 6);
});
