// The guide in several languages, as a reader meets it: the switcher on
// every page, no English left on a Spanish page, search in Spanish with and
// without accents, the player in Spanish, and an Arabic guide written from
// docs/content-format.md laid out right to left on a 320 px phone.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRequire } from 'node:module';
import { buildGuide, fileUrl, launch, nuErrors, openPage, pages, removeTemp, tempDir } from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let site, context;
before(async () => {
  site = buildGuide();
  context = await launch();
});
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

test('every page links to itself in the other language, and the keyboard follows the links', async () => {
  const page = await openPage(context, fileUrl(site, 'es/exercises/cat-cow.html'));
  const links = () => page.$$eval('nav.lang-switch a', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('hreflang'), a.getAttribute('lang'), a.getAttribute('aria-current')]));
  assert.deepEqual(await links(), [['English', 'en-GB', 'en-GB', null], ['Español', 'es', 'es', 'page']]);
  const alternates = await page.$$eval('link[rel=alternate][hreflang]', (ls) => ls.map((l) => [l.hreflang, new URL(l.href).pathname.replace(/.*\/public\//, '')]));
  assert.deepEqual(alternates, [['en-GB', 'exercises/cat-cow.html'], ['es', 'es/exercises/cat-cow.html'], ['x-default', 'exercises/cat-cow.html']]);
  await page.focus('nav.lang-switch a[hreflang="en-GB"]');
  await Promise.all([page.waitForURL(/\/public\/exercises\/cat-cow\.html$/), page.keyboard.press('Enter')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en-GB');
  assert.equal(await page.textContent('h1'), 'Cat-cow pose');
  await page.focus('nav.lang-switch a[hreflang="es"]');
  await Promise.all([page.waitForURL(/\/public\/es\/exercises\/cat-cow\.html$/), page.keyboard.press('Enter')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  // Every page of either language has the switcher, and its links are files.
  for (const p of pages(site).filter((p) => !p.endsWith('404.html'))) {
    await page.goto(fileUrl(site, p));
    const hrefs = await page.$$eval('nav.lang-switch a', (as) => as.map((a) => a.href));
    assert.equal(hrefs.length, 2, p);
    for (const h of hrefs) {
      const target = await context.newPage();
      const response = await target.goto(h);
      assert.ok(response === null || response.ok(), `${p} → ${h}`);
      await target.close();
    }
  }
  assert.deepEqual(page.problems, []);
});

// English words that no Spanish sentence uses: one found outside an
// element marked as English is a word left untranslated.
const ENGLISH = /\b(the|and|your|you|with|this|that|are|is|of|to|for|Steps|Tips|Cautions|Exercises?|minutes?|seconds?|times|Search|Start|Pause|Stop|Print|Next|Previous|Back|Skip|Repeat|Hold|each side|My plan|Add|Remove|Page|About|All|Menu|Close|Show|Hide|Done|Log|Delete|Export|Import|Home|Share|Sets?|Reps?)\b/;

test('no English word is left on a Spanish page', async () => {
  const page = await openPage(context);
  const found = [];
  for (const p of pages(site).filter((p) => p.startsWith('es/'))) {
    await page.goto(fileUrl(site, p));
    const texts = await page.evaluate(() => {
      const out = [];
      const english = (el) => { const l = el.closest('[lang]'); return l && !l.lang.startsWith('es'); };
      const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const n = walker.currentNode, el = n.parentElement;
        if (!n.textContent.trim() || !el || el.closest('script, style') || english(el)) continue;
        out.push(n.textContent.trim());
      }
      for (const el of document.querySelectorAll('[aria-label], [alt], [title], [placeholder], meta[name=description], meta[property^="og:"]')) {
        if (english(el)) continue;
        for (const a of ['aria-label', 'alt', 'title', 'placeholder', 'content']) {
          const v = el.getAttribute(a);
          if (v && !/^https?:|\.(png|jpg|webp|svg)$/.test(v)) out.push(v);
        }
      }
      for (const t of document.querySelectorAll('template')) out.push(t.content.textContent.trim());
      return out;
    });
    for (const t of texts) {
      const m = ENGLISH.exec(t);
      if (m) found.push(`${p}: "${m[0]}" in "${t.slice(0, 80)}"`);
    }
  }
  assert.deepEqual(found, []);
});

test('search in Spanish finds words with and without their accents', async () => {
  const page = await openPage(context, fileUrl(site, 'es/index.html'));
  for (const q of ['rotación', 'rotacion', 'ROTACION', 'estiramientos']) {
    await page.fill('#search-input', '');
    await page.fill('#search-input', q);
    await page.waitForSelector('#search-results:not([hidden]) [role=option] .search-title', { timeout: 10000 });
    const titles = await page.$$eval('#search-results [role=option] .search-title', (o) => o.map((e) => e.textContent));
    assert.ok(titles.some((t) => /Rotación|Giro/.test(t)) || q === 'estiramientos', `${q}: ${titles.join(' | ')}`);
    for (const t of titles) assert.doesNotMatch(t, ENGLISH, `${q}: results are in Spanish`);
    const status = await page.textContent('#search-status');
    assert.doesNotMatch(status, ENGLISH, status);
  }
  assert.deepEqual(page.problems, []);
});

test('the player shows and speaks Spanish', async () => {
  const spoken = [];
  const page = await openPage(context);
  await page.exposeFunction('limberSaid', (text, lang) => spoken.push([text, lang]));
  // Headless Chromium lists no voices: the player then speaks with the
  // utterance's language alone, which is what is checked.
  await page.addInitScript(() => {
    window.speechSynthesis.speak = (u) => { window.limberSaid(u.text, u.lang); setTimeout(() => u.onend && u.onend(), 0); };
  });
  await page.goto(fileUrl(site, 'es/routines/desk-break.html'));
  const label = await page.textContent('#player-toggle');
  assert.doesNotMatch(label, ENGLISH, label);
  await page.check('#player-voice');
  await page.click('#player-toggle');
  await page.waitForFunction(() => document.getElementById('player').dataset.state !== 'idle', null, { timeout: 10000 });
  await page.waitForTimeout(1500);
  const screen = await page.locator('#player').innerText();
  assert.doesNotMatch(screen, ENGLISH, screen);
  assert.ok(spoken.length > 0, 'something was said');
  for (const [text, lang] of spoken) {
    assert.equal(lang, 'es', text);
    assert.doesNotMatch(text, ENGLISH, text);
  }
  assert.deepEqual(page.problems, []);
});

/** A guide written from the docs alone, in English and Arabic. */
function arabicGuide() {
  const root = tempDir('limber-ar-');
  const w = (rel, text) => { mkdirSync(join(root, rel, '..'), { recursive: true }); writeFileSync(join(root, rel), text); };
  w('guide.toml', `title = "Neck care"\ndescription = "Two gentle neck exercises."\nauthor = "A clinic"\nlanguage = "en"\nemergency = "999"\n\n[languages.ar]\nname = "العربية"\ntitle = "العناية بالرقبة"\ndescription = "تمرينان لطيفان للرقبة."\nemergency = "997"\n`);
  w('content/_index.md', '+++\ntitle = "Neck care"\n+++\n\nGentle exercises for a stiff neck.\n');
  w('content/_index.ar.md', '+++\ntitle = "العناية بالرقبة"\n+++\n\nتمارين لطيفة لرقبة متيبسة.\n');
  w('content/exercises/chin-tuck.toml', 'title = "Chin tuck"\nsummary = "Draw your chin straight back."\nkind = "mobility"\nareas = ["neck"]\npositions = ["seated"]\nsteps = ["Sit tall.", "Draw your chin back and hold."]\ncautions = ["Stop if you feel dizzy, and see a doctor."]\n\n[dose]\nreps = [5, 10]\nhold_seconds = 5\n');
  w('content/exercises/chin-tuck.ar.toml', 'title = "سحب الذقن"\nsummary = "اسحب ذقنك إلى الخلف بشكل مستقيم."\nsteps = ["اجلس مستقيما.", "اسحب ذقنك إلى الخلف وانتظر."]\ncautions = ["توقف إذا شعرت بالدوار، واستشر الطبيب."]\n');
  w('content/exercises/neck-turn.toml', 'title = "Neck turn"\nsummary = "Turn your head slowly to each side."\nkind = "stretch"\nareas = ["neck"]\nsteps = ["Turn your head to the right.", "Turn it to the left."]\ncautions = ["Stop if it hurts."]\n\n[dose]\nreps = 5\nsides = "each"\n');
  w('content/routines/morning.toml', 'title = "Morning"\nsummary = "Both, one after the other."\n\n[[items]]\nexercise = "chin-tuck"\n\n[[items]]\nexercise = "neck-turn"\n');
  return buildGuide(root);
}

test('an Arabic guide reads right to left at 320 px without sideways scrolling', async () => {
  const ar = arabicGuide();
  const page = await openPage(context);
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    for (const p of pages(ar).filter((p) => p.startsWith('ar/'))) {
      await page.goto(fileUrl(ar, p));
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl', p);
      assert.equal(await page.getAttribute('html', 'lang'), 'ar', p);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320, `${p} scrolls sideways`);
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => (await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        preload: false,
      })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
      assert.deepEqual(violations, [], p);
    }
    assert.deepEqual(nuErrors(pages(ar).filter((p) => p.startsWith('ar/')).map((p) => join(ar, p))), []);
    await page.goto(fileUrl(ar, 'ar/exercises/chin-tuck.html'));
    assert.equal(await page.textContent('h1'), 'سحب الذقن');
    // The title starts at the right.
    const box = await page.locator('h1').boundingBox();
    const text = await page.evaluate(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('h1')); return r.getBoundingClientRect(); });
    assert.ok(text.right > box.x + box.width - 4, 'right-aligned');
    // An untranslated exercise is listed, marked as English, with its English page.
    await page.goto(fileUrl(ar, 'ar/index.html'));
    const card = page.locator('a[href$="exercises/neck-turn.html"]').first();
    assert.equal(await card.getAttribute('href'), '../exercises/neck-turn.html');
    assert.equal(await card.evaluate((a) => a.closest('[lang]').lang), 'en');
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  assert.deepEqual(page.problems, []);
});
