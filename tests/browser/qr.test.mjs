// qr.js, the QR code of the printed plan: the built guide's own (minified)
// copy, loaded into a blank page beside it, draws codes that a decoder
// reads back exactly, keeps its licence, and fails softly.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, buildGuide, decodeQR, fileUrl, launch, openPage, removeTemp } from './lib.mjs';

let site, context, page;
before(async () => {
  site = buildGuide();
  writeFileSync(join(site, 'qr-test.html'), '<!doctype html><html lang="en"><title>QR</title><body><div id="code"></div><script src="qr.js"></script>');
  context = await launch();
  page = await openPage(context, fileUrl(site, 'qr-test.html'));
});
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

// A plan's link as plan.js writes it, about 600 characters long.
function planUrl() {
  const slugs = ['cat-cow.r8.s2', 'chin-tuck', 'doorway-chest-stretch.h30', 'chair-rotation.r5.p2', 'thread-the-needle.r6', 'wall-angels.r10.s3'];
  let url = 'file:///tmp/x/public/plan.html#plan=1&t=My%20plan&d=3&n=Stop%20if%20the%20pain%20spreads&x=';
  for (let k = 0; url.length < 600; k++) url += (k ? ',' : '') + slugs[k % slugs.length].replace(/^[a-z-]+/, (s) => `${s}-${k}`);
  return url;
}

async function draw(text, label) {
  return page.evaluate(([t, l]) => {
    const markup = window.LimberQR.svg(t, l);
    document.getElementById('code').innerHTML = markup;
    return markup;
  }, [text, label]);
}

test('a long plan link reads back exactly from the drawn code', async () => {
  const url = planUrl();
  assert.ok(url.length >= 600 && url.length < 700, `${url.length} characters`);
  const markup = await draw(url, 'A QR code of the link to this plan');
  assert.ok(markup.startsWith('<svg'), markup.slice(0, 80));
  assert.equal(await decodeQR(page, page.locator('#code')), url);

  const svg = await page.locator('#code svg').evaluate((el) => ({
    role: el.getAttribute('role'),
    label: el.getAttribute('aria-label'),
    crisp: el.getAttribute('shape-rendering'),
    viewBox: el.getAttribute('viewBox'),
    back: el.querySelector('rect').getAttribute('fill'),
    ink: el.querySelector('path').getAttribute('fill'),
    d: el.querySelector('path').getAttribute('d'),
  }));
  assert.equal(svg.role, 'img');
  assert.equal(svg.label, 'A QR code of the link to this plan');
  assert.equal(svg.crisp, 'crispEdges');
  assert.equal(svg.back, '#fff');
  assert.equal(svg.ink, '#000');
  // A version 1 to 40 code: 21 to 177 modules, with a quiet zone of 4 around.
  const m = /^0 0 (\d+) \1$/.exec(svg.viewBox);
  assert.ok(m, svg.viewBox);
  const size = Number(m[1]);
  assert.ok((size - 8 - 21) % 4 === 0 && size - 8 >= 21 && size - 8 <= 177, `${size}`);
  for (const [, x, y, run] of svg.d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    assert.ok(x >= 4 && y >= 4 && Number(x) + Number(run) <= size - 4 && y < size - 4, `module at ${x},${y} in the quiet zone`);
  }
  assert.equal(svg.d.replace(/M(\d+) (\d+)h(\d+)v1h-\3z/g, ''), '', 'the path is runs of modules only');
});

test('short and non-English text reads back too', async () => {
  for (const text of ['plan.html', 'Étirement de l’épaule — 3 fois']) {
    await draw(text, 'code');
    assert.equal(await decodeQR(page, page.locator('#code')), text);
  }
});

test('the label is escaped, and too much text gives no code rather than an error', async () => {
  await draw('x', 'A "quoted" <b>label</b> & more');
  assert.equal(await page.getAttribute('#code svg', 'aria-label'), 'A "quoted" <b>label</b> & more');
  assert.equal(await page.locator('#code b').count(), 0);
  assert.equal(await draw('x'.repeat(5000), 'too long'), '');
  assert.deepEqual(page.problems, []);
});

test('only window.LimberQR is global, and the served file keeps its licence', async () => {
  assert.deepEqual(await page.evaluate(() => [typeof window.qrcode, typeof window.LimberQR.svg]), ['undefined', 'function']);
  const served = readFileSync(join(site, 'qr.js'), 'utf8');
  assert.ok(served.startsWith('//---------------------------------------------------------------------\n//\n// QR Code Generator for JavaScript\n//\n// Copyright (c) 2009 Kazuhiko Arase\n'));
  assert.match(served, /Permission is hereby granted, free of charge/);
  // Minified, licence apart: under half the size of the source.
  const source = readFileSync(join(REPO, 'static', 'qr.js'), 'utf8');
  assert.ok(served.length * 2 < source.length, `${served.length} of ${source.length}`);
});
