// The search query set (tests/search/queries.toml): the guides it runs on,
// typing each query into a built page's search box, and scoring what comes
// back. Shared by search-quality.test.mjs and bench/search/.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { REPO, buildGuide, tempDir } from './lib.mjs';

export const QUERIES = join(REPO, 'tests', 'search', 'queries.toml');

/** The query set, checked for what the test relies on. */
export function loadQueries() {
  const set = parse(readFileSync(QUERIES, 'utf8'));
  const seen = new Set();
  for (const q of set.query) {
    const kinds = ['want', 'tagged', 'none'].filter((k) => k in q);
    if (kinds.length !== 1) throw new Error(`query ${JSON.stringify(q.q)}: give exactly one of want, tagged, none`);
    const id = `${q.guide}\u0000${q.q.trim()}`;
    if (seen.has(id)) throw new Error(`query ${JSON.stringify(q.q)} is in ${q.guide} twice`);
    seen.add(id);
  }
  return set;
}

/** The generated guide of `n` exercises, written by the gen_guide example. */
function generatedGuide(n) {
  const bin = process.env.LIMBER_GEN_GUIDE || join(REPO, 'target', 'debug', 'examples', 'gen_guide');
  if (!existsSync(bin)) throw new Error(`no gen_guide at ${bin}: run cargo build --example gen_guide first (scripts/test does)`);
  const dir = join(tempDir('limber-generated-'), 'guide');
  execFileSync(bin, [String(n), dir], { stdio: 'pipe' });
  return dir;
}

/** Each guide of the query set, built: name to the built site's folder. */
export function buildSites() {
  return {
    'upper-back': buildGuide(),
    generated: buildGuide(generatedGuide(1000)),
    strength: buildGuide(join(REPO, 'tests', 'search', 'strength')),
  };
}

/**
 * What a built site's open data says of each exercise and routine, by
 * title (results show titles): its slug and the terms it carries.
 */
export function siteFacts(site) {
  const data = JSON.parse(readFileSync(join(site, 'exercises.json'), 'utf8'));
  const byTitle = new Map();
  for (const e of data.exercises) {
    const terms = new Set([
      ...e.areas.map((s) => `areas/${s}`),
      ...e.positions.map((s) => `positions/${s}`),
      ...(e.equipment.length ? e.equipment.map((s) => `equipment/${s}`) : ['equipment/']),
      `kinds/${e.kind}`, `levels/${e.level}`,
      ...(e.family ? [`family/${e.family}`] : []),
    ]);
    byTitle.set(e.title, { slug: e.slug, terms });
  }
  for (const r of data.routines || []) byTitle.set(r.title, { slug: r.slug, terms: new Set() });
  return byTitle;
}

/**
 * Types `q` into the search box of the open page, as a reader would, and
 * returns what the list then shows.
 */
export async function ask(page, q) {
  await page.fill('#search-input', q);
  await page.waitForFunction((q) => {
    const s = document.getElementById('search-status').textContent;
    return s.endsWith(` for ${q}`) || s.includes(`all of ${q};`);
  }, q.trim());
  return page.evaluate(() => ({
    all: !document.getElementById('search-partial'),
    titles: [...document.querySelectorAll('#search-results [id^=search-result-] .search-title')].map((e) => e.textContent),
  }));
}

/** Whether the results satisfy the query in the first `k`. */
export function hit(query, titles, facts, k) {
  const top = titles.slice(0, k).map((t) => facts.get(t));
  if (query.none) return titles.length === 0;
  if (query.want) return top.some((f) => f && query.want.includes(f.slug));
  const wanted = query.tagged.map(([vocabulary, slug]) => `${vocabulary}/${slug}`);
  const tagged = (f) => f && wanted.some((t) => f.terms.has(t));
  // A guide with two such exercises can only put two in the first three.
  const all = [...facts.values()].filter(tagged).length;
  const first = top.slice(0, Math.min(k, all));
  return first.length === Math.min(k, all) && first.length > 0 && first.every(tagged);
}

/** Recall at 1 and 3 of the queries that name what they want. */
export function recall(rows) {
  const found = rows.filter((r) => !r.query.none);
  const share = (key) => (found.length ? found.filter((r) => r[key]).length / found.length : 1);
  return { n: found.length, at1: share('at1'), at3: share('at3') };
}
