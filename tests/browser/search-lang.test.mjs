// Search in the guide's own language, from file://: accents and case fold
// (`rotacion` finds "Rotación"), plurals find singulars (`estiramientos`,
// `Schultern`), typos still find, Chinese and Japanese match without
// spaces, and what search says comes from the page's words, plurals by the
// language's rules.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, fileUrl, launch, openPage, removeTemp, tempDir } from './lib.mjs';

const guide = (language, title) => `title = "${title}"
description = "${title}."
author = "Tester"
language = "${language}"
emergency = "112"
`;

const GUIDES = {
  es: {
    'guide.toml': guide('es', 'Espalda sana'),
    // The guide's own words for search: the test can tell them from
    // English, and Spanish has three plural forms.
    'i18n/es.toml': `[script]
search_exercise = "Ejercicio"
search_results = { one = "{n} resultado", many = "{n} de resultados", other = "{n} resultados" }
search_status_found = "{count} para {query}"
search_status_none = "Nada para {query}"
search_status_partial = "Ningún ejercicio tiene todo {query}; {count} con una parte"
search_filler = "para de la el los las con mi"
`,
    'content/exercises/rotacion-toracica.toml': `title = "Rotación torácica"
summary = "Gira el tronco sin mover la cadera."
kind = "mobility"
areas = ["upper-back"]
steps = ["Siéntate recto en una silla.", "Sin girar la cadera, lleva el tronco despacio hacia la derecha."]
`,
    'content/exercises/giro-sentado.toml': `title = "Giro sentado"
summary = "Sentado en una silla, mira hacia atrás."
kind = "mobility"
areas = ["neck"]
steps = ["Pon las manos en las rodillas.", "Vuelve al centro."]
`,
    'content/exercises/estiramiento-de-hombro.toml': `title = "Estiramiento de hombro"
summary = "Cruza un brazo delante del pecho."
kind = "stretch"
areas = ["shoulders"]
steps = ["Lleva el brazo derecho hacia la izquierda.", "Sujétalo con la otra mano despacio."]
`,
    'content/exercises/gato.toml': `title = "Espalda de gato"
summary = "A cuatro patas, curva la columna hacia el techo."
kind = "stretch"
areas = ["mid-back"]
steps = ["Apoya las manos bajo los hombros.", "Curva la columna sin estirar el cuello."]
`,
  },
  zh: {
    'guide.toml': guide('zh-Hans', '背部健康'),
    'content/exercises/shoulder-stretch.toml': `title = "肩部拉伸"
summary = "放松紧张的肩膀。"
kind = "stretch"
areas = ["shoulders"]
steps = ["双手在背后交叉。", "慢慢向上抬起手臂。"]
`,
    'content/exercises/neck-turn.toml': `title = "颈部转动"
summary = "缓慢地转动头部。"
kind = "mobility"
areas = ["neck"]
steps = ["坐直。", "把头转向左边，再转向右边。"]
`,
    'content/exercises/cat-cow.toml': `title = "猫牛式"
summary = "四肢着地，活动脊柱。"
kind = "stretch"
areas = ["mid-back"]
steps = ["拱起背部。", "然后让背部下沉。"]
`,
  },
  ja: {
    'guide.toml': guide('ja', '背中の体操'),
    'content/exercises/shoulder-stretch.toml': `title = "肩のストレッチ"
summary = "腕を胸の前で交差させます。"
kind = "stretch"
areas = ["shoulders"]
steps = ["右腕を左に伸ばします。", "ゆっくり戻します。"]
`,
    'content/exercises/neck-turn.toml': `title = "首回し"
summary = "頭をゆっくり回します。"
kind = "mobility"
areas = ["neck"]
steps = ["背筋を伸ばして座ります。", "首を左右に回します。"]
`,
  },
  de: {
    'guide.toml': guide('de', 'Gesunder Rücken'),
    'content/exercises/schulter.toml': `title = "Dehnung der Schulter"
summary = "Zieh den Arm vor der Brust zur Seite."
kind = "stretch"
areas = ["shoulders"]
steps = ["Leg die Hand auf den Oberarm.", "Halte die Dehnung ruhig."]
`,
    'content/exercises/katze.toml': `title = "Katzenbuckel"
summary = "Im Vierfüßlerstand den Rücken rund machen."
kind = "stretch"
areas = ["mid-back"]
steps = ["Stütz die Hände unter den Schultern ab.", "Mach den Rücken langsam rund."]
`,
  },
};

let sites = {}, context;
before(async () => {
  const bin = process.env.LIMBER_BIN || join(REPO, 'target', 'debug', 'limber');
  for (const [name, files] of Object.entries(GUIDES)) {
    const dir = tempDir(`limber-search-${name}-`);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    sites[name] = join(dir, 'public');
    execFileSync(bin, ['build', '--root', dir, '--output', sites[name]], { stdio: 'pipe' });
  }
  context = await launch();
});
after(async () => {
  try {
    await context?.close();
  } finally {
    removeTemp();
  }
});

/** Types `q` and waits for the status to answer it: every status names the query. */
async function ask(page, q) {
  await page.fill('#search-input', q);
  await page.waitForFunction((q) => document.getElementById('search-status').textContent.includes(q), q);
  return page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    titles: [...document.querySelectorAll('#search-results [id^=search-result-] .search-title')].map((e) => e.textContent),
    kinds: [...document.querySelectorAll('#search-results [id^=search-result-] .search-kind')].map((e) => e.textContent),
    note: document.querySelector('#search-results .search-none')?.textContent || '',
  }));
}

/** Each query's first result, or '(nothing)'. */
async function firsts(page, queries) {
  const out = {};
  for (const q of queries) out[q] = (await ask(page, q)).titles[0] || '(nothing)';
  return out;
}

test('Spanish: accents and case fold, plurals find singulars, typos still find', async () => {
  const page = await openPage(context, fileUrl(sites.es, 'index.html'));
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  assert.deepEqual(await firsts(page, [
    'rotacion', 'ROTACIÓN', 'Rotación', 'toracica', 'espalda', 'ESPALDA', 'estiramientos', 'hombros',
    'rotasion', 'estiramineto', 'estiramientos de hombros', 'hombro', 'columnas', 'estirar', 'girar',
  ]), {
    rotacion: 'Rotación torácica',
    'ROTACIÓN': 'Rotación torácica',
    'Rotación': 'Rotación torácica',
    toracica: 'Rotación torácica',
    espalda: 'Espalda de gato',
    ESPALDA: 'Espalda de gato',
    estiramientos: 'Estiramiento de hombro',
    hombros: 'Estiramiento de hombro',
    rotasion: 'Rotación torácica',
    estiramineto: 'Estiramiento de hombro',
    'estiramientos de hombros': 'Estiramiento de hombro',
    hombro: 'Estiramiento de hombro',
    columnas: 'Espalda de gato',
    // Snowball gives "estirar" and "Estiramiento" one stem: the title's
    // word weighs more than the same word in another exercise's steps.
    estirar: 'Estiramiento de hombro',
    // Likewise "girar" and "Giro", too far apart for a typo.
    girar: 'Giro sentado',
  });
  assert.deepEqual(page.problems, []);
});

test("Spanish: what search says is the page's words, with Spanish plurals", async () => {
  const page = await openPage(context, fileUrl(sites.es, 'index.html'));
  const one = await ask(page, 'rotacion');
  assert.equal(one.status, '1 resultado para rotacion');
  assert.deepEqual(one.kinds, ['Ejercicio']);
  // "despacio" is in two exercises' steps.
  assert.equal((await ask(page, 'despacio')).status, '2 resultados para despacio');
  const none = await ask(page, 'zzzzqx');
  assert.equal(none.status, 'Nada para zzzzqx');
  assert.deepEqual(none.titles, []);
  // limber's own Spanish where the guide gave no word of its own.
  assert.match(none.note, /^No hay resultados/);
  const partial = await ask(page, 'rotacion columna');
  assert.match(partial.status, /^Ningún ejercicio tiene todo rotacion columna; \d+ resultados? con una parte$/);
  assert.deepEqual(page.problems, []);
});

test('Chinese: words are found without spaces', async () => {
  const page = await openPage(context, fileUrl(sites.zh, 'index.html'));
  assert.deepEqual(await firsts(page, ['拉伸', '肩部', '肩部拉伸', '颈部', '转动', '脊柱', '猫牛', '背部']), {
    '拉伸': '肩部拉伸',
    '肩部': '肩部拉伸',
    '肩部拉伸': '肩部拉伸',
    '颈部': '颈部转动',
    '转动': '颈部转动',
    '脊柱': '猫牛式',
    '猫牛': '猫牛式',
    '背部': '猫牛式',
  });
  // Only what holds the query's characters together: 肩部 and 拉伸 do not
  // make 部拉 of another title.
  assert.deepEqual((await ask(page, '拉伸')).titles, ['肩部拉伸']);
  assert.deepEqual((await ask(page, '跑步')).titles, []);
  assert.deepEqual(page.problems, []);
});

test('Japanese: kana and kanji are found without spaces', async () => {
  const page = await openPage(context, fileUrl(sites.ja, 'index.html'));
  assert.deepEqual(await firsts(page, ['ストレッチ', '肩', '首回し', '回します']), {
    'ストレッチ': '肩のストレッチ',
    '肩': '肩のストレッチ',
    '首回し': '首回し',
    '回します': '首回し',
  });
  assert.deepEqual(page.problems, []);
});

test('German: plurals and umlauts find their word', async () => {
  const page = await openPage(context, fileUrl(sites.de, 'index.html'));
  assert.deepEqual(await firsts(page, ['Schultern', 'schulter', 'Dehnungen', 'rucken', 'Rücken', 'Katzenbuckels', 'Schlter', 'Armen']), {
    Schultern: 'Dehnung der Schulter',
    schulter: 'Dehnung der Schulter',
    Dehnungen: 'Dehnung der Schulter',
    rucken: 'Katzenbuckel',
    'Rücken': 'Katzenbuckel',
    Katzenbuckels: 'Katzenbuckel',
    Schlter: 'Dehnung der Schulter',
    Armen: 'Dehnung der Schulter',
  });
  assert.deepEqual(page.problems, []);
});
