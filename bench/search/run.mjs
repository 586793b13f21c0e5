// limber's search against MiniSearch, Fuse.js and FlexSearch, on the query
// set of tests/search/queries.toml: recall at 1 and 3, the bytes a reader
// loads, and the time a query takes in Chromium with the CPU slowed down 4×
// (CDP Emulation.setCPUThrottlingRate), as on a mid-range phone.
//
//   cargo build --bin limber --example gen_guide
//   (cd tests/browser && npm ci --ignore-scripts) && (cd bench/search && npm ci --ignore-scripts)
//   node bench/search/run.mjs
//
// Every engine gets the same entries: what limber's search-index.js holds
// (title, other names, terms with their synonyms, summary and step words),
// with the same weights for the same fields, fuzzy and prefix search on.
// limber's time is the whole input event (search and showing the list);
// the libraries' only their search call.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { REPO, fileUrl, launch, openPage, removeTemp } from '../../tests/browser/lib.mjs';
import { ask, buildSites, hit, loadQueries, recall, siteFacts } from '../../tests/browser/search-queries.mjs';

const MODULES = join(dirname(fileURLToPath(import.meta.url)), 'node_modules');
const pkg = (name) => ({
  file: (path) => join(MODULES, name, path),
  version: JSON.parse(readFileSync(join(MODULES, name, 'package.json'), 'utf8')).version,
});
const [mini, fuse, flex] = ['minisearch', 'fuse.js', 'flexsearch'].map(pkg);
const RATE = 4;
const RUNS = 5;
const LIBRARIES = {
  MiniSearch: { file: mini.file('dist/umd/index.js'), version: mini.version },
  'Fuse.js': { file: fuse.file('dist/fuse.min.cjs'), version: fuse.version, cjs: 'Fuse' },
  FlexSearch: { file: flex.file('dist/flexsearch.bundle.min.js'), version: flex.version },
};
const WEIGHTS = { title: 10, aliases: 9, terms: 6, summary: 3, steps: 1 };

// As static/search.js reads them (src/site/search/ids.rs writes them).
const DIGITS = '0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ-_wxyz';
function decode(s) {
  const out = [];
  let value = 0, prev = -1;
  for (const c of s) {
    const d = DIGITS.indexOf(c);
    value = value * 32 + (d & 31);
    if (d < 32) { prev = prev < 0 ? value : prev + value + 1; out.push(prev); value = 0; }
  }
  return out;
}

/** The entries of a built site's search index, as plain text fields. */
function documents(site) {
  const box = { window: {} };
  vm.runInNewContext(readFileSync(join(site, 'search-index.js'), 'utf8'), box);
  const data = box.window.limberSearch;
  const text = (ids) => decode(ids).map((i) => data.w[i]).join(' ');
  return [...data.e, ...data.r].map((e, id) => ({
    id, title: e[0], aliases: e[2].join(' '),
    terms: decode(e[3]).map((t) => data.t[t].join(' ')).join(' '),
    summary: text(e[4]), steps: text(e[5]),
  }));
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] || 0; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] || 0; };

/** limber's own search, through the page's search box. */
async function ours(page, site, queries, facts) {
  const rows = [];
  // The first query loads the index: from the keystroke to the answer.
  const firstUse = await page.evaluate((q) => new Promise((done) => {
    const status = document.getElementById('search-status'), input = document.getElementById('search-input');
    const t = performance.now();
    new MutationObserver((_, o) => { o.disconnect(); done(performance.now() - t); }).observe(status, { childList: true, characterData: true, subtree: true });
    input.value = q;
    input.dispatchEvent(new Event('input'));
  }), queries[0].q);
  for (const query of queries) {
    const shown = await ask(page, query.q);
    rows.push({ query, titles: shown.titles });
  }
  const times = await page.evaluate(({ qs, runs }) => {
    const input = document.getElementById('search-input');
    return qs.map((q) => {
      const ms = [];
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        input.value = q;
        input.dispatchEvent(new Event('input'));
        ms.push(performance.now() - t);
      }
      return ms.sort((a, b) => a - b)[Math.floor(runs / 2)];
    });
  }, { qs: queries.map((q) => q.q), runs: RUNS });
  const bytes = statSync(join(site, 'search.js')).size + statSync(join(site, 'search-index.js')).size;
  return { rows: score(rows, facts), times, bytes, firstUse };
}

/** A library, given the same entries in the same page. */
async function library(page, name, docs, queries, facts) {
  const lib = LIBRARIES[name];
  const src = readFileSync(lib.file, 'utf8');
  await page.addScriptTag({ content: lib.cjs ? `(function(){var module={exports:{}};${src}\nwindow.${lib.cjs}=module.exports;})();` : src });
  const out = await page.evaluate(({ name, docs, qs, runs, weights }) => {
    const fields = Object.keys(weights);
    let search;
    const t = performance.now();
    if (name === 'MiniSearch') {
      const ms = new window.MiniSearch({ fields, storeFields: ['title'] });
      ms.addAll(docs);
      const opts = { boost: weights, fuzzy: 0.2, prefix: true };
      // All words first, then any, as limber does.
      search = (q) => {
        const all = ms.search(q, { ...opts, combineWith: 'AND' });
        return (all.length ? all : ms.search(q, opts)).map((r) => r.id);
      };
    } else if (name === 'Fuse.js') {
      const fuse = new window.Fuse(docs, {
        keys: fields.map((f) => ({ name: f, weight: weights[f] })), threshold: 0.4, ignoreLocation: true,
      });
      search = (q) => fuse.search(q).map((r) => r.item.id);
    } else {
      const index = new window.FlexSearch.Document({
        document: { id: 'id', index: fields.map((f) => ({ field: f, tokenize: 'forward', encoder: 'LatinBalance' })) },
      });
      docs.forEach((d) => index.add(d));
      // Fields in the order of their weight, each one's results in its order.
      search = (q) => {
        const byField = index.search(q, { suggest: true, limit: 20 });
        const order = [];
        for (const f of fields) for (const r of byField.filter((x) => x.field === f)) for (const id of r.result) if (!order.includes(id)) order.push(id);
        return order;
      };
    }
    const build = performance.now() - t;
    const results = [], times = [];
    for (const q of qs) {
      const ms = [];
      let ids = [];
      for (let r = 0; r < runs; r++) {
        const s = performance.now();
        ids = search(q);
        ms.push(performance.now() - s);
      }
      results.push(ids.slice(0, 8).map((id) => docs[id].title));
      times.push(ms.sort((a, b) => a - b)[Math.floor(runs / 2)]);
    }
    return { results, times, build };
  }, { name, docs, qs: queries.map((q) => q.q), runs: RUNS, weights: WEIGHTS });
  const rows = queries.map((query, i) => ({ query, titles: out.results[i] }));
  const bytes = statSync(lib.file).size + Buffer.byteLength(JSON.stringify(docs));
  return { rows: score(rows, facts), times: out.times, bytes, build: out.build };
}

function score(rows, facts) {
  return rows.map((r) => ({ ...r, at1: hit(r.query, r.titles, facts, 1), at3: hit(r.query, r.titles, facts, 3) }));
}

function line(guide, engine, r) {
  const rec = recall(r.rows);
  const none = r.rows.filter((x) => x.query.none);
  const pct = (x) => `${(x * 100).toFixed(0)}%`;
  return `| ${guide} | ${engine} | ${pct(rec.at1)} | ${pct(rec.at3)} | ${none.filter((x) => x.at1).length}/${none.length} | ` +
    `${(r.bytes / 1024).toFixed(0)} KB | ${median(r.times).toFixed(1)} ms | ${p95(r.times).toFixed(1)} ms | ${Math.max(...r.times).toFixed(1)} ms | ` +
    `${(r.build ?? r.firstUse).toFixed(0)} ms |`;
}

const set = loadQueries();
const sites = buildSites();
const context = await launch();
const lines = [];
try {
  // GUIDES=generated ENGINES=limber runs only those.
  const only = (v, all) => (v ? all.filter((x) => v.split(',').includes(x)) : all);
  for (const guide of only(process.env.GUIDES, Object.keys(sites))) {
    const queries = set.query.filter((q) => q.guide === guide);
    const facts = siteFacts(sites[guide]);
    const docs = documents(sites[guide]);
    for (const engine of only(process.env.ENGINES, ['limber', ...Object.keys(LIBRARIES)])) {
      const page = await openPage(context);
      const cdp = await context.newCDPSession(page);
      await page.goto(fileUrl(sites[guide], 'index.html'));
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
      const r = engine === 'limber' ? await ours(page, sites[guide], queries, facts) : await library(page, engine, docs, queries, facts);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await cdp.detach();
      lines.push(line(guide, engine === 'limber' ? 'limber' : `${engine} ${LIBRARIES[engine].version}`, r));
      if (process.env.SHOW_MISSES) {
        for (const x of r.rows.filter((x) => !x.at3)) console.error(`${guide} ${engine} missed ${JSON.stringify(x.query.q)} -> ${x.titles.slice(0, 3).join(' | ')}`);
      }
      console.error(lines[lines.length - 1]);
    }
  }
} finally {
  await context.close();
  removeTemp();
}
console.log(`Search on the query set (${set.query.length} queries), Chromium with ${RATE}x CPU throttling, median of ${RUNS} runs per query:\n`);
console.log('| guide | engine | recall@1 | recall@3 | nothing found where nothing should be | bytes loaded | median query | p95 query | slowest query | load: first query (limber), index build (others) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const l of lines) console.log(l);
console.log(`\n(${REPO})`);
