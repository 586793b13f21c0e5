// Every built page through the Nu HTML Checker (vnu.jar from npm), with
// zero errors.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildGuide, nuErrors, pages, removeTemp } from './lib.mjs';

after(removeTemp);

test('the Nu HTML Checker finds no error in any page or the stylesheet', () => {
  const site = buildGuide();
  const files = [...pages(site).map((p) => join(site, p)), join(site, 'style.css')];
  assert.ok(files.length > 20);
  assert.deepEqual(nuErrors(files, { css: true }), []);
});
