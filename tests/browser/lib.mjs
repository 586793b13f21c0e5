// Shared set-up for the browser tests: a freshly built guide in a temporary
// folder, and Debian's Chromium driven by playwright-core on file:// URLs.
// No tool may download a browser: the executable is always /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.LIMBER_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO, 'target', 'screenshots');

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Builds the repository's guide with the debug binary into a new folder. */
export function buildGuide() {
  const bin = process.env.LIMBER_BIN || join(REPO, 'target', 'debug', 'limber');
  if (!existsSync(bin)) throw new Error(`no limber binary at ${bin}: run cargo build first (scripts/test does)`);
  const out = join(mkdtempSync(join(tmpdir(), 'limber-site-')), 'public');
  execFileSync(bin, ['build', '--root', REPO, '--output', out], { stdio: 'pipe' });
  return out;
}

/** Every HTML page of a built site, relative to it, sorted. */
export function pages(site) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.html')) out.push(relative(site, p));
    }
  };
  walk(site);
  return out;
}

export function fileUrl(site, page) {
  return pathToFileURL(join(site, page)).href;
}

/** A browser with a fresh profile; `options` go to the context. */
export async function launch(options = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with apt-get install chromium`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'limber-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    ...options,
  });
}

/** A page that fails the test on any script error or console error. */
export async function openPage(context, url) {
  const page = context.pages()[0] || (await context.newPage());
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.problems = problems;
  if (url) await page.goto(url);
  return page;
}
