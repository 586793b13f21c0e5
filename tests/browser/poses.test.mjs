// Browser tests of the pose pictures and their animation: the built
// upper-back guide opened from file:// in Debian's chromium.
//
// Run from this folder: npm install && node --test
// (LIMBER_BIN may name a built limber binary; otherwise cargo builds one.)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const repo = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let site;
const dirs = [];

function tempDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

before(() => {
  site = join(tempDir("limber-site-"), "public");
  const args = ["build", "--root", repo, "--output", site];
  if (process.env.LIMBER_BIN) {
    execFileSync(process.env.LIMBER_BIN, args, { stdio: "pipe" });
  } else {
    execFileSync("cargo", ["run", "--quiet", "--", ...args], { cwd: repo, stdio: "pipe" });
  }
});

after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function open(slug, options = {}) {
  const profile = tempDir("limber-profile-");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 1000 },
    // Chromium's sound client would otherwise keep a folder of its own in
    // the temporary folder.
    env: { ...process.env, PULSE_RUNTIME_PATH: join(profile, "pulse") },
    ...options,
  });
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(pathToFileURL(join(site, "exercises", `${slug}.html`)).href);
  return { context, page };
}

const spine = ".pose-stage path.pose-ink[data-shape=curve]";

async function frameCount(page) {
  return page.locator(".pose-frame svg").count();
}

async function allVisible(page, selector) {
  const boxes = await page.locator(selector).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 20 && r.height > 20 && getComputedStyle(e).visibility !== "hidden";
    }),
  );
  return boxes.length > 0 && boxes.every(Boolean);
}

test("the figure moves between the poses, and Pause stops it", async () => {
  const { context, page } = await open("cat-cow");
  try {
    const stage = page.locator(".pose-stage");
    await stage.waitFor({ state: "visible" });
    const button = page.locator(".pose-toggle");
    assert.equal(await button.textContent(), "Pause");

    const first = await page.getAttribute(spine, "d");
    await page.waitForFunction(
      ([sel, d]) => document.querySelector(sel).getAttribute("d") !== d,
      [spine, first],
      { timeout: 8000 },
    );

    await button.click();
    assert.equal(await button.textContent(), "Play");
    const paused = await page.getAttribute(spine, "d");
    await page.waitForTimeout(1500);
    assert.equal(await page.getAttribute(spine, "d"), paused, "paused figure stays still");

    await button.click();
    assert.equal(await button.textContent(), "Pause");
    await page.waitForFunction(
      ([sel, d]) => document.querySelector(sel).getAttribute("d") !== d,
      [spine, paused],
      { timeout: 8000 },
    );
    assert.equal(await frameCount(page), 3, "the frames stay beside the animation");
  } finally {
    await context.close();
  }
});

test("on each key position the script draws exactly that frame", async () => {
  const { context, page } = await open("neck-roll");
  try {
    await page.locator(".pose-stage").waitFor({ state: "visible" });
    const n = await frameCount(page);
    assert.equal(n, 4);
    for (let k = 0; k < n; k++) {
      const same = await page.evaluate((k) => {
        const stage = document.querySelector(".pose-stage");
        stage.limberPoses.show(k);
        const shapes = (root) =>
          [...root.querySelectorAll(".pose-body path, .pose-body circle")]
            .filter((e) => e.getAttribute("visibility") !== "hidden")
            .map((e) => e.getAttribute("d") || `${e.getAttribute("cx")},${e.getAttribute("cy")},${e.getAttribute("r")}`)
            .sort()
            .join("|");
        const frames = document.querySelectorAll(".pose-frame svg");
        const current = document.querySelectorAll(".pose-frame")[k].classList.contains("is-current");
        const other = frames[(k + 1) % frames.length];
        return {
          same: shapes(stage) === shapes(frames[k]) && shapes(stage) !== shapes(other),
          current,
        };
      }, k);
      assert.ok(same.same, `position ${k} drawn as its frame`);
      assert.ok(same.current, `frame ${k} marked as the current one`);
    }
  } finally {
    await context.close();
  }
});

test("with reduced motion only the frames show", async () => {
  const { context, page } = await open("trunk-rotation", { reducedMotion: "reduce" });
  try {
    await page.waitForLoadState("load");
    assert.equal(await page.locator(".pose-stage").isVisible(), false);
    assert.equal(await page.locator(".pose-toggle").isVisible(), false);
    assert.equal(await frameCount(page), 2);
    assert.ok(await allVisible(page, ".pose-frame svg"), "every frame is visible");
  } finally {
    await context.close();
  }
});

test("without JavaScript, and in print, the frames show", async () => {
  const { context, page } = await open("chair-rotation", { javaScriptEnabled: false });
  try {
    assert.equal(await page.locator(".pose-stage").isVisible(), false);
    assert.ok(await allVisible(page, ".pose-frame svg"));
  } finally {
    await context.close();
  }
  const printed = await open("chair-rotation");
  try {
    await printed.page.locator(".pose-stage").waitFor({ state: "visible" });
    await printed.page.emulateMedia({ media: "print" });
    assert.equal(await printed.page.locator(".pose-stage").isVisible(), false);
    assert.ok(await allVisible(printed.page, ".pose-frame svg"));
  } finally {
    await printed.context.close();
  }
});
