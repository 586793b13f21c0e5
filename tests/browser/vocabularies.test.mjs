// A guide with its own vocabularies, from file://: the filters for its
// kinds, levels and equipment, and exercises that name no position, which
// "No floor work" must not hide. Its term pages pass axe too.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, fileUrl, launch, openPage } from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const FILES = {
  'guide.toml': `title = "Strength library"
description = "Exercises from an open library."
author = "Tester"

[kinds.plyometrics]
title = "Plyometrics"
description = "Jumps and throws."

[kinds.cardio]
title = "Cardio"

[levels.novice]
title = "Novice"

[levels.expert]
title = "Expert"

[areas.quads]
title = "Quadriceps"

[areas.lats]
title = "Lats"

[equipment.barbell]
title = "Barbell"

[equipment.dumbbell]
title = "Dumbbell"
`,
  'content/exercises/box-jump.toml': `title = "Box jump"
summary = "Jump onto a box and step down."
kind = "plyometrics"
level = "expert"
areas = ["quads"]
steps = ["Stand in front of a box.", "Jump onto it, land softly."]
cautions = ["Stop if your knees hurt."]
`,
  'content/exercises/dumbbell-row.toml': `title = "Dumbbell row"
summary = "Pull a dumbbell to your hip."
kind = "cardio"
areas = ["lats"]
equipment = ["dumbbell"]
steps = ["Hold a dumbbell.", "Pull it to your hip."]
cautions = ["Keep your back flat."]
`,
  'content/exercises/floor-press.toml': `title = "Floor press"
summary = "Press a barbell up while lying on the floor."
kind = "cardio"
level = "novice"
areas = ["lats"]
positions = ["lying"]
equipment = ["barbell", "dumbbell"]
steps = ["Lie on your back.", "Press the bar up."]
cautions = ["Use a spotter."]
`,
};

let dir, site, context;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'limber-vocab-'));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const bin = process.env.LIMBER_BIN || join(REPO, 'target', 'debug', 'limber');
  site = join(dir, 'public');
  execFileSync(bin, ['build', '--root', dir], { stdio: 'pipe' });
  context = await launch();
});
after(async () => {
  await context?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const visibleCards = (page) => page.$$eval('.filters-wrap + .cards > li', (lis) =>
  lis.filter((li) => !li.hidden && li.offsetParent !== null).map((li) => li.querySelector('.card-title').textContent.trim()));

async function reset(page) {
  await page.click('button[type=reset]');
  await page.waitForFunction(() => /Showing all/.test(document.getElementById('filter-count').textContent));
}

test('a declared kind and level filter the index from file://, and no position is not floor work', async () => {
  const page = await openPage(context, fileUrl(site, 'index.html'));
  assert.deepEqual(await visibleCards(page), ['Box jump', 'Dumbbell row', 'Floor press']);
  await page.click('#filters-box > summary');
  assert.equal((await page.textContent('label:has(input[name=kind][value=plyometrics])')).trim(), 'Plyometrics');

  await page.check('input[name=kind][value=plyometrics]');
  assert.deepEqual(await visibleCards(page), ['Box jump']);
  assert.match(page.url(), /#kind=plyometrics$/);
  await reset(page);

  await page.check('input[name=level][value=novice]');
  assert.deepEqual(await visibleCards(page), ['Dumbbell row', 'Floor press'], 'no level given is the first level');
  await page.check('input[name=kind][value=cardio]');
  assert.deepEqual(await visibleCards(page), ['Dumbbell row', 'Floor press']);
  assert.match(page.url(), /#kind=cardio&level=novice$/);
  await reset(page);

  // Two exercises name no position: "No floor work" keeps them.
  await page.check('input[name=floor][value=no]');
  assert.deepEqual(await visibleCards(page), ['Box jump', 'Dumbbell row']);
  await reset(page);
  await page.check('input[name=position][value=lying]');
  assert.deepEqual(await visibleCards(page), ['Floor press']);
  await reset(page);

  // Equipment ticked is what the reader has.
  await page.check('input[name=equipment][value=none]');
  assert.deepEqual(await visibleCards(page), ['Box jump']);
  await page.check('input[name=equipment][value=dumbbell]');
  assert.deepEqual(await visibleCards(page), ['Box jump', 'Dumbbell row']);
  await page.check('input[name=equipment][value=barbell]');
  assert.deepEqual(await visibleCards(page), ['Box jump', 'Dumbbell row', 'Floor press']);

  // A shared address opens the same view.
  await page.goto(fileUrl(site, 'index.html') + '#level=expert');
  assert.deepEqual(await visibleCards(page), ['Box jump']);
  assert.equal(await page.isChecked('input[name=level][value=expert]'), true);
  assert.deepEqual(page.problems, []);
});

test('the term pages list the same sets as the filters, without JavaScript, and pass axe', async () => {
  const page = await openPage(context, fileUrl(site, 'levels/novice.html'));
  const titles = await page.$$eval('.card-title', (h) => h.map((e) => e.textContent.trim()));
  assert.deepEqual(titles, ['Dumbbell row', 'Floor press']);
  assert.equal((await page.textContent('h1')).trim(), 'Novice');
  for (const p of ['kinds/plyometrics.html', 'levels/expert.html', 'equipment/barbell.html', 'index.html']) {
    await page.goto(fileUrl(site, p));
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      preload: false,
    }).then((r) => r.violations.map((v) => v.id)));
    assert.deepEqual(violations, [], p);
  }
  assert.deepEqual(page.problems, []);
});
