// The reader's own plan, from file://: made across exercise pages and
// cards, reordered and dosed on plan.html, carried whole by its link into a
// fresh browser, played in the guided player on the test clock, and logged.
// Every request stays on the disk.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildGuide, decodeQR, fileUrl, launch, openPage, removeTemp, tempDir } from './lib.mjs';

let site, context;
const requests = [];
before(async () => {
  site = buildGuide();
  context = await launch();
  context.on('request', (r) => requests.push(r.url()));
});
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

const items = (page) => page.$$eval('#plan-items > li .routine-item-title a', (as) => as.map((a) => a.textContent));
const planHash = (page) => page.evaluate(() => location.hash);

async function clean(page) {
  await page.goto(fileUrl(site, 'index.html'));
  await page.evaluate(() => localStorage.clear());
}

test('a plan is made across pages, reordered, dosed and carried by its link', async () => {
  const page = await openPage(context);
  await clean(page);

  await page.goto(fileUrl(site, 'exercises/cat-cow.html'));
  const add = page.locator('button[data-plan-add="cat-cow"]');
  assert.equal(await add.getAttribute('aria-pressed'), 'false');
  await add.click();
  assert.equal(await add.getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(() => /in your plan/.test(document.getElementById('plan-add-status').textContent));

  // A card on the home page, found by its exercise.
  await page.goto(fileUrl(site, 'index.html'));
  const card = page.locator('.card:has(a[href="exercises/neck-roll.html"]) button[data-plan-add]');
  assert.equal(await card.getAttribute('aria-pressed'), 'false');
  const neck = await page.textContent('.card a[href="exercises/neck-roll.html"]');
  assert.equal(await card.getAttribute('aria-label'), `Add to my plan: ${neck}`);
  await card.click();
  assert.equal(await card.getAttribute('aria-pressed'), 'true');
  // The cat-cow's card shows it is in the plan already.
  assert.equal(await page.getAttribute('.card:has(a[href="exercises/cat-cow.html"]) button[data-plan-add]', 'aria-pressed'), 'true');

  await page.goto(fileUrl(site, 'exercises/chair-rotation.html'));
  await page.click('button[data-plan-add="chair-rotation"]');

  // Opened bare, the plan page writes the kept plan into its address.
  await page.goto(fileUrl(site, 'plan.html'));
  await page.waitForSelector('#plan-items > li');
  const titles = await items(page);
  assert.equal(titles.length, 3);
  assert.match(titles[0], /Cat-cow/);
  assert.match(await planHash(page), /^#plan=1&x=cat-cow,neck-roll,chair-rotation$/);

  // Reordered with buttons; the focus stays on the moved exercise's button.
  await page.click('#plan-down-0');
  assert.deepEqual((await items(page)).map((t) => t.slice(0, 4)), [titles[1], titles[0], titles[2]].map((t) => t.slice(0, 4)));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-down-1');
  assert.match(await page.textContent('#plan-status'), /now number 2 of 3/);
  await page.keyboard.press('Enter');
  assert.match((await items(page))[2], /Cat-cow/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-up-2');

  // A dose changed within the exercise's own range.
  const control = page.locator('#item-3 select').first();
  const key = (await control.getAttribute('id')).split('-')[1];
  const options = await control.locator('option').allTextContents();
  assert.ok(options.length > 1, 'the cat-cow has a range to choose from');
  const most = options[options.length - 1];
  const before = await page.textContent('#item-3 .dose-summary');
  await control.selectOption(most);
  const after = await page.textContent('#item-3 .dose-summary');
  assert.notEqual(after, before);
  assert.match(after, new RegExp(`${most} (times|seconds|sets)`));
  assert.match(await planHash(page), new RegExp(`cat-cow\\.${key}${most}`));
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SELECT');

  await page.fill('#plan-title', 'Back care for Sam');
  await page.selectOption('#plan-days', '3');
  await page.fill('#plan-note', 'Stop if the pain spreads to your arm.');
  const link = await page.getAttribute('#plan-link', 'href');
  assert.equal('#' + link.split('#')[1], await planHash(page));
  const url = page.url();

  // The link alone, in a browser that never saw the plan.
  const other = await launch();
  try {
    const p2 = await openPage(other, url);
    await p2.waitForSelector('#plan-items > li');
    assert.deepEqual(await items(p2), await items(page));
    assert.equal(await p2.inputValue('#plan-title'), 'Back care for Sam');
    assert.equal(await p2.inputValue('#plan-days'), '3');
    assert.equal(await p2.textContent('#plan-print-title'), 'Back care for Sam');
    assert.match(await p2.textContent('#plan-print-note'), /3 days a week\. Stop if the pain spreads to your arm\./);
    assert.equal(await p2.textContent('#item-3 .dose-summary'), await page.textContent('#item-3 .dose-summary'));
    // And it is kept there for the next visit.
    await p2.goto(fileUrl(site, 'plan.html'));
    await p2.waitForSelector('#plan-items > li');
    assert.equal(await p2.inputValue('#plan-title'), 'Back care for Sam');
    assert.deepEqual(p2.problems, []);
  } finally {
    await other.close();
  }

  // Removing: the focus goes to the next exercise's Remove button.
  await page.click('#plan-remove-0');
  assert.equal((await items(page)).length, 2);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-remove-0');
  assert.deepEqual(page.problems, []);
});

test('a link naming exercises the guide does not have shows the rest and names them', async () => {
  const page = await openPage(context);
  await clean(page);
  page.problems.length = 0;
  await page.goto(fileUrl(site, 'plan.html') + '#plan=1&t=Old&x=gone-away,neck-roll,..%2Fsecret,cat-cow.r9999');
  await page.waitForSelector('#plan-items > li');
  assert.equal((await items(page)).length, 2);
  const missing = await page.textContent('#plan-missing');
  assert.match(missing, /One exercise in this plan is not in the guide any more, so it was left out: gone-away\./);
  assert.ok(await page.isVisible('#plan-missing'));
  // Out of range comes back into range; the bad slug never became a request.
  assert.ok(!requests.some((u) => u.includes('secret')));
  assert.match(await planHash(page), /^#plan=1&t=Old&x=neck-roll,cat-cow$/);
  assert.doesNotMatch(await planHash(page), /r9999/);
  // The only problem on the page is the script the missing exercise lacks.
  assert.ok(page.problems.every((p) => /ERR_FILE_NOT_FOUND/.test(p)), page.problems.join('\n'));

  // A newer version's link is not taken for this one.
  await page.goto(fileUrl(site, 'plan.html') + '#plan=2&x=cat-cow');
  await page.waitForFunction(() => /newer version/.test(document.getElementById('plan-status').textContent));
});

test('a plan plays to the end in the player, and the log keeps it with the pain scores', async () => {
  const page = await openPage(context);
  await clean(page);
  await page.clock.install();
  await page.goto(fileUrl(site, 'plan.html') + '#plan=1&t=Short&x=neck-roll,chair-rotation');
  await page.waitForSelector('#plan-items > li');
  assert.ok(await page.isHidden('#player'));
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  await page.click('#plan-play');
  await page.waitForFunction(() => document.getElementById('player').dataset.state === 'running');
  const data = JSON.parse(await page.textContent('#routine-data'));
  assert.equal(data.kind, 'plan');
  assert.deepEqual(data.items.map((i) => i.slug), ['neck-roll', 'chair-rotation']);
  // The steps on show are the plan's first exercise's.
  assert.match(await page.textContent('#player-exercise'), /Neck roll/i);
  assert.ok((await page.textContent('#player-steps')).length > 20);
  await page.selectOption('#player-pain-before', '6');
  const total = data.phases.reduce((n, p) => n + p.seconds, 0);
  await page.clock.runFor((total + 5) * 1000);
  await page.waitForFunction(() => document.getElementById('player').dataset.state === 'done');
  assert.equal(await page.textContent('#player-phase'), 'Well done!');
  assert.ok(await page.isChecked('#player-today'));
  await page.selectOption('#player-pain-after', '3');
  const log = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('limber:log:'));
    return JSON.parse(localStorage.getItem(key));
  });
  assert.equal(log.v, 1);
  assert.equal(log.entries.length, 1);
  const e = log.entries[0];
  assert.equal(e.kind, 'plan');
  assert.equal(e.title, 'Short');
  assert.equal(e.how, 'played');
  assert.deepEqual(e.exercises, ['neck-roll', 'chair-rotation']);
  assert.equal(e.before, 6);
  assert.equal(e.after, 3);
  assert.match(e.date, /^\d{4}-\d\d-\d\d$/);

  // The log on the same page shows it at once.
  await page.waitForFunction(() => document.querySelectorAll('#history-list li').length === 1);
  assert.match(await page.textContent('#history-list'), /Short/);

  // A change to the plan starts the player afresh on the new plan.
  await page.click('#plan-remove-0');
  await page.waitForFunction(() => document.getElementById('player').dataset.state === 'idle');
  assert.match(await page.textContent('#player-count'), /^1 exercise$/);
  assert.deepEqual(page.problems, []);
});

test('deleting the plan and log from the log view empties the plan on the page too', async () => {
  const page = await openPage(context);
  await clean(page);
  await page.goto(fileUrl(site, 'plan.html') + '#plan=1&t=Gone&x=neck-roll,cat-cow');
  await page.waitForSelector('#plan-items > li');
  await page.click('#history-delete');
  await page.click('#history-yes');
  await page.waitForFunction(() => document.querySelectorAll('#plan-items > li').length === 0);
  assert.ok(await page.isVisible('#plan-empty'));
  // The next change does not bring the old plan back.
  await page.fill('#plan-title', 'New');
  const kept = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('limber:plan:')).map(([, v]) => v));
  assert.deepEqual(kept, ['plan=1&t=New&x=']);
  assert.deepEqual(page.problems, []);
});

test('"Done today" on a routine page keeps an entry without playing, and unticking takes it back', async () => {
  const page = await openPage(context);
  await clean(page);
  await page.goto(fileUrl(site, 'routines/desk-break.html'));
  const log = () => page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('limber:log:'));
    return key ? JSON.parse(localStorage.getItem(key)).entries : [];
  });
  // No score given: nothing asks for one.
  await page.check('#player-today');
  let entries = await log();
  assert.equal(entries.length, 1);
  assert.equal(entries[0].how, 'ticked');
  assert.equal(entries[0].slug, 'desk-break');
  assert.equal(entries[0].kind, 'routine');
  assert.ok(!('before' in entries[0]) && !('after' in entries[0]));
  await page.reload();
  assert.ok(await page.isChecked('#player-today'));
  await page.uncheck('#player-today');
  assert.deepEqual(await log(), []);
  // A hostile log does not break the player.
  await page.evaluate(() => {
    const key = 'limber:log:' + new URL(document.body.dataset.root || './', location.href).pathname;
    localStorage.setItem(key, '{"v":1,"entries":[null,5,"x",{"date":7}]}');
  });
  await page.reload();
  await page.check('#player-today');
  assert.equal((await log()).filter((e) => e && e.how === 'ticked').length, 1);
  assert.deepEqual(page.problems, []);
});

test('the plan times its exercises exactly as a routine of the same exercises', async () => {
  // A guide written from docs/content-format.md alone.
  const root = tempDir('limber-plan-guide-');
  const files = {
    'guide.toml': 'title = "Timing guide"\ndescription = "Four exercises."\nauthor = "Tester"\n',
    'content/exercises/floor-twist.toml': 'title = "Floor twist"\nsummary = "Twist lying down."\nkind = "stretch"\nareas = ["upper-back"]\npositions = ["lying"]\nsteps = ["Lie down.", "Twist."]\ncautions = ["Stop if it hurts."]\n[dose]\nreps = [3, 5]\nhold_seconds = [5, 10]\nsides = "each"\n',
    'content/exercises/seated-turn.toml': 'title = "Seated turn"\nsummary = "Turn in a chair."\nkind = "stretch"\nareas = ["upper-back"]\npositions = ["seated"]\nsteps = ["Sit.", "Turn."]\ncautions = ["Stop if it hurts."]\n[dose]\nreps = [2, 4]\nhold_seconds = 10\nsides = "each"\n',
    'content/exercises/arm-swing.toml': 'title = "Arm swing"\nsummary = "Swing your arms."\nkind = "mobility"\nareas = ["shoulders"]\npositions = ["standing"]\nsteps = ["Stand.", "Swing."]\ncautions = ["Stop if it hurts."]\n[dose]\nreps = 4\nsets = [2, 3]\nsides = "alternating"\n',
    'content/exercises/cat-curl.toml': 'title = "Cat curl"\nsummary = "Round and sink."\nkind = "mobility"\nareas = ["upper-back"]\npositions = ["all-fours"]\nsteps = ["Kneel.", "Round.", "Sink."]\ncautions = ["Stop if it hurts."]\n[dose]\nreps = [5, 10]\nhold_seconds = 3\n',
    'content/routines/all-four.toml': 'title = "All four"\nsummary = "Every exercise once."\nrest_seconds = 15\n\n[[items]]\nexercise = "floor-twist"\n\n[[items]]\nexercise = "seated-turn"\nrep_seconds = 16\n\n[[items]]\nexercise = "arm-swing"\n\n[[items]]\nexercise = "cat-curl"\nrep_seconds = 12\nholds = 2\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  const built = buildGuide(root);
  const page = await openPage(context);
  await page.goto(fileUrl(built, 'routines/all-four.html'));
  const routine = JSON.parse(await page.textContent('#routine-data'));
  await page.goto(fileUrl(built, 'plan.html') + '#plan=1&x=floor-twist,seated-turn,arm-swing,cat-curl');
  await page.waitForSelector('#plan-items > li');
  await page.click('#plan-play');
  await page.waitForFunction(() => document.getElementById('player').dataset.state === 'running');
  const plan = JSON.parse(await page.textContent('#routine-data'));
  assert.deepEqual(plan.phases, routine.phases);
  const longer = await page.evaluate(() => {
    const p = JSON.parse(document.getElementById('routine-data').textContent).phases;
    return p.filter((x) => x.item === 0 && x.kind === 'work').length;
  });
  assert.equal(longer, 6, 'three repetitions a side of the floor twist, each one hold');
  assert.deepEqual(page.problems, []);
});

test('the plan prints as a handout whose QR code is its link', async () => {
  const page = await openPage(context);
  await clean(page);
  const link = fileUrl(site, 'plan.html') + '#plan=1&t=Back%20care&d=3&n=Stop%20if%20the%20pain%20spreads%20to%20your%20arm.&x=cat-cow,chair-rotation,neck-roll';
  const asked = requests.length;
  await page.goto(link);
  await page.waitForSelector('#plan-items > li');
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  assert.ok(!requests.slice(asked).some((u) => u.endsWith('/qr.js')), 'the QR code library waits for Print');
  await page.click('#plan-print');
  await page.waitForFunction(() => window.__printed === 1);
  assert.ok(requests.slice(asked).some((u) => u.endsWith('/qr.js')));
  await page.emulateMedia({ media: 'print' });
  for (const shown of ['#plan-print-title', '#plan-print-note', '#item-1 .steps', '#item-1 .dose-summary', '#item-3 .item-cautions', '.tracker', '#plan-qr svg']) {
    assert.ok(await page.isVisible(shown), `${shown} is printed`);
  }
  // Each exercise has its picture or its positions on the sheet.
  for (let k = 1; k <= 3; k++) {
    assert.ok(await page.locator(`#item-${k} .plan-figures`).isVisible(), `exercise ${k} has a picture`);
    assert.ok(await page.locator(`#item-${k} .plan-figures :is(img, svg)`).count() > 0);
  }
  for (const hidden of ['.plan-settings', '.plan-actions', '.plan-move', '#player', '.search', '#plan-items select']) {
    assert.ok(await page.locator(hidden).first().isHidden(), `${hidden} is not printed`);
  }
  await page.setViewportSize({ width: 800, height: 1100 });
  assert.equal(await decodeQR(page, page.locator('#plan-qr svg')), link);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.problems, []);
});

test('nothing the plan does leaves the disk', () => {
  assert.ok(requests.length > 20);
  const away = requests.filter((u) => !u.startsWith('file://'));
  assert.deepEqual(away, []);
});
