import { join } from 'node:path';
import { buildGuide, fileUrl, launch, openPage, removeTemp } from './lib.mjs';
const site = buildGuide();
const context = await launch({ reducedMotion: 'reduce' });
const page = await openPage(context);
await page.setViewportSize({ width: 375, height: 812 });
for (const slug of (process.argv[2] || 'neck-roll,trunk-rotation,chair-rotation').split(',')) {
  await page.goto(fileUrl(site, `exercises/${slug}.html`));
  const el = page.locator('.pose-frames');
  await el.screenshot({ path: join('/tmp/shots', `${slug}.png`) });
}
await context.close();
removeTemp();
