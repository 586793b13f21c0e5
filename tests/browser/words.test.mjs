// The scripts' words come from the page, in the page's language: a guide's
// own words (i18n/<language>.toml, [script]) show in the player and the
// plan, plural forms follow the language's CLDR rules, numbers are written
// as the language writes them, and the voice speaks the page's language or,
// with no voice for it, the player beeps and says why.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildGuide, fileUrl, launch, removeTemp, tempDir } from './lib.mjs';

const EXERCISES = {
  'arm-circle': `title = "Arm circle"
summary = "Circle one arm, then the other."
kind = "mobility"
areas = ["shoulders"]
positions = ["standing"]
switch = "arms"
steps = ["Stand tall.", "Circle your arm slowly."]
cautions = ["Stop if your shoulder hurts."]

[dose]
reps = [1, 6]
sides = "each"
`,
  'shoulder-shrug': `title = "Shoulder shrug"
summary = "Lift your shoulders and let them drop."
kind = "mobility"
areas = ["shoulders"]
positions = ["seated"]
steps = ["Sit tall.", "Lift your shoulders, then let them drop."]
cautions = ["Stop if your neck hurts."]

[dose]
reps = 3
sets = 3
`,
  'chin-nod': `title = "Chin nod"
summary = "Nod your chin gently."
kind = "mobility"
areas = ["neck"]
positions = ["seated"]
steps = ["Sit tall.", "Nod your chin slowly."]
cautions = ["Stop if you feel dizzy."]

[dose]
reps = 3
`,
};

const ROUTINE = `title = "Three moves"
summary = "Three gentle moves."

[[items]]
exercise = "chin-nod"

[[items]]
exercise = "shoulder-shrug"

[[items]]
exercise = "arm-circle"
`;

/** A built guide in `language`, with `words` as its i18n/<language>.toml. */
function guide(language, words) {
  const dir = join(tempDir('limber-words-'), 'guide');
  const files = {
    'guide.toml': `title = "Words guide"\ndescription = "A guide to test the scripts' words."\nauthor = "Tester"\nlanguage = "${language}"\n`,
    [`i18n/${language}.toml`]: words,
    'content/routines/three-moves.toml': ROUTINE,
  };
  for (const [slug, text] of Object.entries(EXERCISES)) files[`content/exercises/${slug}.toml`] = text;
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return buildGuide(dir);
}

// The Arabic guide names a region whose CLDR numbering system is Arabic-Indic
// (plain "ar" now writes Western digits in CLDR).
const AR = 'ar-EG';
const FORMS = (word) => `{ zero = "${word} zero {n}", one = "${word} one {n}", two = "${word} two {n}", few = "${word} few {n}", many = "${word} many {n}", other = "${word} other {n}" }`;

let en, ar, context;
before(async () => {
  en = guide('en-GB', `[script]
player_start = "Begin"
player_idle = "Whenever you like"
player_rep = "Round {n} of {of}"
player_switch_arms = "Other arm now"
plan_move_up = "Higher"
plan_repeat_each = { one = "Once a side", other = "{n} goes a side" }
plan_label_reps = "How many"
site_add = "Put in my plan"
`);
  ar = guide(AR, `[script]
player_exercises = ${FORMS('exercises')}
plan_sets = ${FORMS('sets')}
`);
  context = await launch();
});
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

/**
 * A new page that fails the test on any script error; `voices` is what
 * speechSynthesis.getVoices() gives (null: the browser has no
 * speechSynthesis at all). What is spoken, and each beep, is recorded.
 */
async function open(url, voices = []) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.problems = problems;
  await page.addInitScript((voices) => {
    window.__said = [];
    window.__beeps = 0;
    if (voices === null) {
      Object.defineProperty(window, 'speechSynthesis', { value: undefined });
    } else {
      window.speechSynthesis.getVoices = () => voices;
      window.speechSynthesis.speak = (u) => window.__said.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.lang });
      window.speechSynthesis.cancel = () => {};
      // The real one takes only the browser's own voices.
      window.SpeechSynthesisUtterance = function (text) { this.text = text; };
    }
    window.AudioContext = function () {
      return {
        currentTime: 0,
        destination: {},
        createOscillator: () => { window.__beeps++; return { frequency: {}, connect() {}, start() {}, stop() {} }; },
        createGain: () => ({ gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} }),
      };
    };
  }, voices);
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  return page;
}

const text = (page, sel) => page.textContent(sel).then((t) => t.trim());
const ARABIC = /^[\u0660-\u0669]+$/;

test('a guide\'s own script words show in the player and the plan', async () => {
  const page = await open(fileUrl(en, 'routines/three-moves.html'));
  assert.equal(await text(page, '#player-toggle'), 'Begin');
  assert.equal(await text(page, '#player-phase'), 'Whenever you like');
  await page.clock.install();
  await page.click('#player-toggle');
  assert.equal(await text(page, '#player-toggle'), 'Pause', 'a word the guide leaves is limber\'s');
  await page.click('#player-skip');
  assert.equal(await text(page, '#player-detail'), 'Round 1 of 3');
  // The arm circle changes arms between its sides.
  const data = JSON.parse(await page.textContent('#routine-data'));
  const turn = data.phases.findIndex((p) => p.kind === 'switch');
  for (let k = 1; k < turn; k++) await page.click('#player-skip');
  assert.equal(await text(page, '#player-phase'), 'Other arm now');

  await page.goto(fileUrl(en, 'exercises/arm-circle.html'));
  assert.equal(await text(page, 'button[data-plan-add="arm-circle"]'), 'Add to my plan', 'the page\'s own button keeps the page\'s word');
  await page.goto(fileUrl(en, 'index.html'));
  assert.equal(await text(page, '.card:has(a[href$="arm-circle.html"]) .plan-add'), 'Put in my plan');

  await page.goto(fileUrl(en, 'plan.html') + '#plan=1&x=chin-nod,arm-circle');
  await page.waitForSelector('#plan-items > li:nth-child(2)');
  assert.equal(await text(page, '#plan-up-1'), 'Higher');
  assert.equal(await text(page, '#item-2 .dose-summary'), 'Once a side');
  assert.equal(await text(page, 'label[for="plan-r-1"]'), 'How many');
  await page.selectOption('#plan-r-1', '5');
  assert.equal(await text(page, '#item-2 .dose-summary'), '5 goes a side');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('plural forms follow the language\'s CLDR rules and the player writes Arabic-Indic digits', async () => {
  const page = await open(fileUrl(ar, 'routines/three-moves.html'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), AR);
  // Three exercises: Arabic's "few".
  assert.equal(await text(page, '#player-count'), 'exercises few \u0663');
  assert.match(await text(page, '#player-left'), /^[\u0660-\u0669]+:[\u0660-\u0669]{2}$/);
  await page.clock.install();
  await page.click('#player-toggle');
  assert.match(await text(page, '#player-clock'), ARABIC);
  assert.equal(await text(page, '#player-count'), 'التمرين \u0661 من \u0663');
  await page.click('#player-skip');
  assert.equal(await text(page, '#player-detail'), 'التكرار \u0661 من \u0663');

  await page.goto(fileUrl(ar, 'plan.html') + '#plan=1&x=shoulder-shrug,chin-nod,arm-circle');
  await page.waitForSelector('#plan-items > li:nth-child(3)');
  // Three sets, "few" (the guide's word); the reps in limber's Arabic words, with the page's digits.
  assert.equal(await text(page, '#item-1 .dose-summary'), 'كرّر \u0663 مرات \u00b7 sets few \u0663');
  assert.equal(await text(page, '#item-2 .item-number'), '\u0662.');
  assert.equal(await text(page, '#plan-r-2 option:nth-child(4)'), '\u0664');
  await page.selectOption('#plan-r-2', '4');
  assert.equal(await text(page, '#item-3 .dose-summary'), 'كرّر \u0664 مرات على كل جانب');
  assert.match(await page.evaluate(() => location.hash), /arm-circle\.r4$/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('with no voice for the page\'s language the player beeps instead and says so', async () => {
  for (const voices of [[{ lang: 'en-US', name: 'English' }], null]) {
    const page = await open(fileUrl(ar, 'routines/three-moves.html'), voices);
    assert.equal(await page.locator('#player-no-voice').count(), 0, 'no note before the voice is chosen');
    await page.check('#player-voice');
    assert.equal(await page.isVisible('#player-no-voice'), true, `note shown (voices: ${JSON.stringify(voices)})`);
    assert.equal(await text(page, '#player-no-voice'), 'لا يوجد في جهازك صوت بهذه اللغة، لذلك يصدر المؤقت صفيرًا بدلًا من الكلام.');
    await page.click('#player-toggle');
    await page.click('#player-skip');
    assert.deepEqual(await page.evaluate(() => window.__said), []);
    assert.equal(await page.isChecked('#player-sound'), false);
    assert.equal(await page.evaluate(() => window.__beeps), 2, 'a beep at each change instead');
    await page.uncheck('#player-voice');
    assert.equal(await page.isVisible('#player-no-voice'), false);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});

test('the voice speaks the page\'s language, in its own voice, else its base language\'s', async () => {
  for (const [site, voices, want] of [
    [ar, [{ lang: 'en-US' }, { lang: 'ar-SA' }], 'ar-SA'],
    [en, [{ lang: 'en-US' }, { lang: 'en_GB' }, { lang: 'fr-FR' }], 'en_GB'],
    [en, [{ lang: 'fr-FR' }, { lang: 'en-US' }], 'en-US'],
  ]) {
    const page = await open(fileUrl(site, 'routines/three-moves.html'), voices);
    const lang = await page.evaluate(() => document.documentElement.lang);
    await page.check('#player-voice');
    assert.equal(await page.isVisible('#player-no-voice'), false);
    await page.click('#player-toggle');
    const said = await page.evaluate(() => window.__said);
    assert.equal(said.length, 1);
    assert.deepEqual({ lang: said[0].lang, voice: said[0].voice }, { lang, voice: want });
    assert.equal(await page.evaluate(() => window.__beeps), 0);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});
