// The guided routine player, with the page's clock driven by the test
// (Playwright's page.clock), so a whole routine runs with no real waiting.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildGuide, fileUrl, launch, openPage, removeTemp } from './lib.mjs';

let site, context;
before(async () => {
  site = buildGuide();
  context = await launch();
  // Record what the player asks of the speech, audio and wake-lock APIs.
  await context.addInitScript(() => {
    window.__said = [];
    window.__beeps = 0;
    window.__locks = { requested: 0, released: 0 };
    window.speechSynthesis.speak = (u) => window.__said.push(u.text);
    window.speechSynthesis.cancel = () => {};
    window.AudioContext = function () {
      return {
        currentTime: 0,
        destination: {},
        createOscillator: () => { window.__beeps++; return { frequency: {}, connect() {}, start() {}, stop() {} }; },
        createGain: () => ({ gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} }),
      };
    };
    Object.defineProperty(navigator, 'wakeLock', {
      value: {
        request: () => {
          window.__locks.requested++;
          return Promise.resolve({ addEventListener() {}, release: () => { window.__locks.released++; return Promise.resolve(); } });
        },
      },
    });
  });
});
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

async function fresh(slug) {
  const page = await openPage(context);
  await page.clock.install();
  await page.goto(fileUrl(site, `routines/${slug}.html`));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  // Stop the clock flowing with real time, so that only runFor moves it: the
  // test's own waiting (and the figure's drawing) never shifts the player.
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  const data = JSON.parse(await page.textContent('#routine-data'));
  return { page, data };
}

const text = (page, id) => page.textContent(id).then((t) => t.trim());

function expectedLabel(p, data) {
  if (p.floor) return p.floor === 'down' ? 'Get down to the floor' : 'Get up from the floor';
  if (p.kind === 'switch') return `Switch ${data.items[p.item].switch}`;
  return { ready: 'Get ready', rest: 'Rest' }[p.kind] ?? (p.hold ? 'Hold' : 'Move slowly');
}

test('a whole routine plays through, phase by phase, to the end', async () => {
  const { page, data } = await fresh('full-routine');
  assert.equal(await text(page, '#player-toggle'), 'Start');
  assert.equal(await page.isDisabled('#player-skip'), true, 'nothing to skip before the start');
  await page.click('#player-toggle');
  assert.equal(await text(page, '#player-toggle'), 'Pause');
  let switches = 0;
  for (const [k, p] of data.phases.entries()) {
    assert.equal(await text(page, '#player-phase'), expectedLabel(p, data), `phase ${k}`);
    assert.equal(await text(page, '#player-clock'), String(p.seconds), `phase ${k} starts at its full time`);
    assert.equal(await text(page, '#player-exercise'), data.items[p.item].title, `phase ${k}`);
    assert.equal(await text(page, '#player-count'), `Exercise ${p.item + 1} of ${data.items.length}`);
    if (p.kind === 'work') {
      assert.match(await text(page, '#player-detail'), new RegExp(`^Rep ${p.rep} of ${p.reps}`));
    }
    if (p.kind === 'switch') switches++;
    // The exercise's own steps are shown beside the clock.
    assert.ok(await page.locator('#player-steps .steps li').count() > 0, `steps at phase ${k}`);
    assert.match(await page.textContent('#player-steps .item-cautions'), /Stop if .*weakness or dizziness.*see a GP or physiotherapist/s, `when to stop at phase ${k}`);
    // Half-way through, the clock has counted down.
    await page.clock.runFor(Math.floor(p.seconds * 500));
    assert.equal(await text(page, '#player-clock'), String(p.seconds - Math.floor(p.seconds / 2)), `phase ${k} half-way`);
    await page.clock.runFor(p.seconds * 1000 - Math.floor(p.seconds * 500));
  }
  assert.ok(switches > 0, 'the routine has a one-sided exercise with a switch');
  // Older readers get time to get down onto the floor, and up again.
  assert.equal(data.phases[0].floor, 'down');
  assert.ok(data.phases[0].seconds >= 15 && data.phases.some((p) => p.floor === 'up' && p.seconds >= 15));
  assert.equal(await text(page, '#player-phase'), 'Well done!');
  assert.equal(await text(page, '#player-toggle'), 'Start again');
  assert.match(await text(page, '#player-live'), /You finished Full routine: all six exercises/);
  assert.equal(await page.evaluate(() => localStorage.getItem('limber:routine:full-routine')), null, 'finished: nothing to resume');
  assert.equal(await page.$eval('#player-bar', (b) => b.value), data.total);
  assert.deepEqual(page.problems, []);
});

test('screen readers hear each change; holds, rests and side switches are announced', async () => {
  const { page, data } = await fresh('desk-break');
  await page.click('#player-toggle');
  assert.match(await text(page, '#player-live'), /^Get ready\. First, Neck roll\./);
  assert.equal(await page.getAttribute('#player-live', 'aria-live'), 'assertive');
  const heard = [];
  for (const p of data.phases) {
    heard.push(await text(page, '#player-live'));
    await page.clock.runFor(p.seconds * 1000);
  }
  assert.ok(heard.some((h) => /^Rest for 15 seconds\. Next: Overhead arm reach\./.test(h)), heard.join('\n'));
  assert.ok(heard.some((h) => /^Switch sides\./.test(h)), 'switch cue');
  // Only the arm changes in the overhead arm reach.
  assert.ok(heard.some((h) => /^Switch arms\./.test(h)), heard.join('\n'));
  assert.ok(heard.some((h) => /^Chair rotation\. Move slowly, Rep 1 of 3, first side\./.test(h)), heard.join('\n'));
  // The chair rotation's hold is a hold, counted on its own.
  assert.ok(heard.some((h) => /^Hold, Rep 1 of 3, first side\. 10 seconds\./.test(h)), heard.join('\n'));
  // The countdown itself is not read out every second.
  assert.equal(await page.getAttribute('#player-clock', 'aria-live'), 'off');
});

test('pause and resume stop and restart the clock; wake lock follows', async () => {
  const { page } = await fresh('desk-break');
  await page.click('#player-toggle');
  assert.equal(await page.evaluate(() => window.__locks.requested), 1, 'screen kept awake while running');
  await page.clock.runFor(2000);
  assert.equal(await text(page, '#player-clock'), '3');
  await page.click('#player-toggle');
  assert.equal(await text(page, '#player-toggle'), 'Resume');
  assert.match(await text(page, '#player-live'), /^Paused/);
  assert.equal(await page.evaluate(() => window.__locks.released), 1, 'wake lock let go on pause');
  await page.clock.runFor(60_000);
  assert.equal(await text(page, '#player-clock'), '3', 'paused: no time passes');
  assert.equal(await text(page, '#player-phase'), 'Get ready');
  await page.click('#player-toggle');
  await page.clock.runFor(3000);
  assert.equal(await text(page, '#player-phase'), 'Move slowly');
  assert.equal(await text(page, '#player-clock'), '20');
});

test('skip and back move by phase; next and previous by exercise', async () => {
  const { page, data } = await fresh('desk-break');
  await page.click('#player-toggle');
  await page.click('#player-skip');
  assert.equal(await text(page, '#player-phase'), 'Move slowly');
  assert.match(await text(page, '#player-detail'), /^Rep 1 of 3/);
  await page.click('#player-skip');
  assert.match(await text(page, '#player-detail'), /^Rep 2 of 3/);
  await page.click('#player-back');
  assert.match(await text(page, '#player-detail'), /^Rep 1 of 3/);
  // Back after more than two seconds restarts the same countdown.
  await page.clock.runFor(5000);
  await page.click('#player-back');
  assert.match(await text(page, '#player-detail'), /^Rep 1 of 3/);
  assert.equal(await text(page, '#player-clock'), '20');
  await page.click('#player-next');
  assert.equal(await text(page, '#player-exercise'), data.items[1].title);
  assert.equal(await text(page, '#player-phase'), 'Rest');
  await page.click('#player-next');
  assert.equal(await text(page, '#player-exercise'), data.items[2].title);
  await page.click('#player-prev');
  assert.equal(await text(page, '#player-exercise'), data.items[1].title);
  // Skipping past the last phase finishes the routine.
  for (let k = 1; k < data.items.length; k++) await page.click('#player-next');
  assert.equal(await text(page, '#player-phase'), 'Well done!');
  assert.equal(await page.isDisabled('#player-skip'), true);
});

test('progress survives a reload, paused where it was', async () => {
  const { page, data } = await fresh('desk-break');
  await page.click('#player-toggle');
  // Into the second exercise, part-way through a countdown.
  const target = data.phases.findIndex((p) => p.item === 1 && p.kind === 'work');
  const upTo = data.phases.slice(0, target).reduce((s, p) => s + p.seconds, 0);
  await page.clock.runFor(upTo * 1000 + 3000);
  const before = { phase: await text(page, '#player-phase'), detail: await text(page, '#player-detail'), clock: await text(page, '#player-clock') };
  await page.reload();
  assert.equal(await text(page, '#player-toggle'), 'Resume');
  assert.equal(await text(page, '#player-exercise'), data.items[1].title);
  assert.equal(await text(page, '#player-phase'), before.phase);
  assert.equal(await text(page, '#player-clock'), before.clock);
  assert.match(await text(page, '#player-detail'), /^Welcome back/);
  await page.clock.runFor(30_000);
  assert.equal(await text(page, '#player-clock'), before.clock, 'nothing starts by itself');
  await page.click('#player-toggle');
  await page.clock.runFor(1000);
  assert.equal(Number(await text(page, '#player-clock')), Number(before.clock) - 1);
  // Start over forgets the saved place.
  await page.click('#player-restart');
  assert.equal(await text(page, '#player-phase'), 'Get ready');
});

test('sound and spoken cues are off by default and remembered when chosen', async () => {
  const { page } = await fresh('desk-break');
  assert.equal(await page.isChecked('#player-sound'), false);
  assert.equal(await page.isChecked('#player-voice'), false);
  await page.click('#player-toggle');
  await page.clock.runFor(6000);
  assert.deepEqual(await page.evaluate(() => [window.__said.length, window.__beeps]), [0, 0], 'silent by default');
  await page.check('#player-voice');
  await page.check('#player-sound');
  const beeps = await page.evaluate(() => window.__beeps);
  assert.equal(beeps, 1, 'a sample beep when sound is turned on');
  await page.click('#player-skip');
  const said = await page.evaluate(() => window.__said);
  assert.match(said.at(-1), /Move slowly, Rep 2 of 3/);
  assert.equal(await page.evaluate(() => window.__beeps), 2);
  await page.reload();
  assert.equal(await page.isChecked('#player-voice'), true, 'the choice is remembered');
});

test('holds count down as "Hold"; turning round on the chair gets its time; chosen numbers are said to be chosen', async () => {
  const { page, data } = await fresh('desk-break');
  const chair = data.items.findIndex((i) => i.slug === 'chair-rotation');
  const arm = data.items.findIndex((i) => i.slug === 'overhead-arm-reach');
  const hold = data.phases.findIndex((p) => p.item === chair && p.hold);
  const turn = data.phases.find((p) => p.item === chair && p.kind === 'switch');
  assert.ok(turn.seconds >= 10, `${turn.seconds} s to sit the other way round`);
  assert.equal(data.items[arm].switch, 'arms');
  assert.equal(data.items[chair].switch, 'sides');
  await page.click('#player-toggle');
  const upTo = data.phases.slice(0, hold).reduce((s, p) => s + p.seconds, 0);
  await page.clock.runFor(upTo * 1000 + 100);
  assert.equal(await text(page, '#player-phase'), 'Hold');
  assert.equal(await text(page, '#player-clock'), String(data.phases[hold].seconds));
  assert.equal(data.phases[hold].seconds, 10, 'the exercise\'s own 10-second hold');
  await page.clock.runFor(4000);
  assert.equal(await text(page, '#player-clock'), '6', 'the hold counts down');

  // In the full routine, trunk rotation's numbers are the routine's choice,
  // and the player says so beside the steps as the page does.
  const full = await fresh('full-routine');
  const trunk = full.data.items.findIndex((i) => i.slug === 'trunk-rotation');
  assert.match(await full.page.textContent(`#item-${trunk + 1} .dose-choice`), /this routine.s choice/);
  await full.page.click('#player-toggle');
  for (let k = 0; k < trunk; k++) await full.page.click('#player-next');
  assert.equal(await text(full.page, '#player-exercise'), 'Trunk rotation');
  assert.match(await text(full.page, '#player-steps .dose-choice'), /^Repeat 5 times on each side: this routine.s choice\. The exercise does not say how many times\./);
  // Exercises that use their own numbers have no such line.
  await full.page.click('#player-next');
  assert.equal(await full.page.locator('#player-steps .dose-choice').count(), 0);
  assert.deepEqual(page.problems, []);
});
