// Every built page through the Nu HTML Checker (vnu.jar from npm), with
// zero errors. One Java run checks all pages; -Xss4m because the default
// stack overflows on its schema.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildGuide, pages, removeTemp } from './lib.mjs';

const VNU = createRequire(import.meta.url)('vnu-jar');

after(removeTemp);

test('the Nu HTML Checker finds no error in any page or the stylesheet', () => {
  const site = buildGuide();
  const files = [...pages(site).map((p) => join(site, p)), join(site, 'style.css')];
  assert.ok(files.length > 20);
  let out;
  try {
    out = execFileSync('java', ['-Xss4m', '-jar', VNU, '--errors-only', '--also-check-css', '--format', 'json', ...files],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // vnu exits 1 when it finds errors and prints them to stderr.
    out = e.stderr || e.stdout;
    if (!out) throw e;
  }
  const text = out.trim() || '{"messages":[]}';
  const messages = JSON.parse(text).messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  const lines = messages.map((m) => `${m.url?.split('/public/')[1]}:${m.lastLine}: ${m.message}`);
  if (lines.length) console.log(lines.join('\n'));
  assert.deepEqual(lines, []);
});
