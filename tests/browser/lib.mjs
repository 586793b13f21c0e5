// Shared set-up for the browser tests: a freshly built guide in a temporary
// folder, and Debian's Chromium driven by playwright-core on file:// URLs.
// No tool may download a browser: the executable is always /usr/bin/chromium.
//
// Every temporary folder made here is removed again: a browser's profile when
// its context closes, and everything else by `removeTemp()`, which each test
// file calls from its `after` hook (that hook runs when a test fails too).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.LIMBER_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO, 'target', 'screenshots');

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const made = [];

/** A new temporary folder, removed by `removeTemp()`. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

function remove(dir) {
  // Retries: Chromium may still be letting go of its profile's files.
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

/** Removes every temporary folder this module made that is still there. */
export function removeTemp() {
  for (const dir of made.splice(0)) remove(dir);
}

// A test file that dies before its `after` hook leaves nothing behind either.
process.on('exit', removeTemp);

/** Builds a guide (the repository's by default) with the debug binary into a new folder. */
export function buildGuide(root = REPO) {
  const bin = process.env.LIMBER_BIN || join(REPO, 'target', 'debug', 'limber');
  if (!existsSync(bin)) throw new Error(`no limber binary at ${bin}: run cargo build first (scripts/test does)`);
  const out = join(tempDir('limber-site-'), 'public');
  execFileSync(bin, ['build', '--root', root, '--output', out], { stdio: 'pipe' });
  return out;
}

/**
 * Generates the synthetic guide of `n` exercises (examples/gen_guide.rs)
 * and builds it with the debug binary; returns the built site's folder.
 */
export function buildSyntheticGuide(n) {
  const bin = process.env.LIMBER_BIN || join(REPO, 'target', 'debug', 'limber');
  const gen = process.env.LIMBER_GEN || join(REPO, 'target', 'debug', 'examples', 'gen_guide');
  for (const b of [bin, gen]) {
    if (!existsSync(b)) throw new Error(`no ${b}: run cargo build --bin limber --example gen_guide first (scripts/test does)`);
  }
  const dir = tempDir('limber-synthetic-');
  const guide = join(dir, 'guide');
  const out = join(dir, 'public');
  execFileSync(gen, [String(n), guide], { stdio: 'pipe' });
  execFileSync(bin, ['build', '--root', guide, '--output', out], { stdio: 'pipe' });
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

/**
 * Chromium's environment: its sound client would otherwise make a folder of
 * its own in the temporary folder, and keep it.
 */
function chromiumEnv(profile) {
  return { ...process.env, PULSE_RUNTIME_PATH: join(profile, 'pulse') };
}

/**
 * A browser with a fresh profile; `options` go to the context. Closing the
 * context removes the profile.
 */
export async function launch(options = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with apt-get install chromium`);
  }
  // Chromium now and then dies as it starts on a loaded machine (SIGSEGV
  // before the first page): a new profile and a second try, never more
  // than three, so a browser that cannot start still fails the test.
  let profile, context;
  for (let attempt = 1; ; attempt++) {
    profile = tempDir('limber-chromium-');
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        viewport: { width: 1280, height: 900 },
        env: chromiumEnv(profile),
        ...options,
      });
      break;
    } catch (e) {
      remove(profile);
      if (attempt >= 3) throw e;
      console.error(`Chromium did not start (try ${attempt} of 3): ${String(e.message).split('\n')[0]}`);
    }
  }
  const close = context.close.bind(context);
  context.close = async (...args) => {
    try {
      await close(...args);
    } finally {
      remove(profile);
    }
  };
  return context;
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

const VNU = createRequire(import.meta.url)('vnu-jar');

/**
 * The Nu HTML Checker's errors in `files` (one Java run for all; -Xss4m
 * because the default stack overflows on its schema), as
 * `page:line: message`. `css` checks stylesheets too.
 */
export function nuErrors(files, { css = false } = {}) {
  const args = ['-Xss4m', '-jar', VNU, '--errors-only', ...(css ? ['--also-check-css'] : []), '--format', 'json', ...files];
  let out;
  try {
    out = execFileSync('java', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // vnu exits 1 when it finds errors and prints them to stderr.
    out = e.stderr || e.stdout;
    if (!out) throw e;
  }
  const messages = JSON.parse(out.trim() || '{"messages":[]}').messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  const lines = messages.map((m) => `${m.url?.split('/public/')[1] ?? m.url}:${m.lastLine}: ${m.message}`);
  if (lines.length) console.log(lines.join('\n'));
  return lines;
}

/**
 * The text of the QR code drawn as an SVG at `locator` (the svg itself or
 * an element holding it), or null when none can be read. The code is
 * screenshotted alone, drawn at 4 px a module so that its size on the page
 * does not matter, and read with jsQR.
 */
export async function decodeQR(page, locator) {
  const { default: jsQR } = await import('jsqr');
  const { PNG } = await import('pngjs');
  const svg = locator.locator('xpath=descendant-or-self::*[local-name()="svg"]').first();
  const style = await svg.evaluate((el) => {
    const was = el.getAttribute('style');
    const px = el.viewBox.baseVal.width * 4;
    el.setAttribute('style', `display:block;width:${px}px;height:${px}px;max-width:none`);
    return was;
  });
  try {
    const png = PNG.sync.read(await svg.screenshot({ animations: 'disabled' }));
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
  } finally {
    await svg.evaluate((el, was) => {
      if (was === null) el.removeAttribute('style');
      else el.setAttribute('style', was);
    }, style);
  }
}
