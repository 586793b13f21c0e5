// Screenshots of the index, an exercise page and the player at a phone's
// and a desktop's width, saved under target/screenshots/ to be looked at.
// The test checks they were written; a person judges how they look.
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SCREENSHOTS, buildGuide, fileUrl, launch, openPage, removeTemp } from './lib.mjs';

let site, context;
before(async () => { site = buildGuide(); context = await launch(); mkdirSync(SCREENSHOTS, { recursive: true }); });
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

test('screenshots at 375 and 1280 px', async () => {
  const page = await openPage(context);
  await page.clock.install();
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
    const shots = {
      index: async () => page.goto(fileUrl(site, 'index.html')),
      exercise: async () => page.goto(fileUrl(site, 'exercises/cat-cow.html')),
      player: async () => {
        await page.goto(fileUrl(site, 'routines/desk-break.html'));
        await page.evaluate(() => localStorage.clear());
        await page.reload();
        await page.click('#player-toggle');
        await page.clock.runFor(5000 + 20000 * 3 + 15000 + 8000 * 5 + 3000);
        await page.locator('#player').evaluate((el) => el.scrollIntoView());
      },
    };
    for (const [name, go] of Object.entries(shots)) {
      await go();
      const path = join(SCREENSHOTS, `${name}-${width}.png`);
      await page.screenshot({ path });
      assert.ok(statSync(path).size > 5000, path);
    }
  }
  // A dark-mode look at the player and a printed routine, for the eye.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, 'player-1280-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  assert.deepEqual(page.problems, []);
});
