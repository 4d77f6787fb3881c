// Scale-out: deterministic shards that merge into one index, and printing on an
// already running Chromium through its DevTools WebSocket.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { build, type BuildEvent } from '../scripts/build.ts';
import { Printer } from '../scripts/io/browser.ts';
import { loadProject } from '../scripts/io/project.ts';
import { FIXTURE, fixtureProject, remoteChromium, usePrinter } from './helpers.ts';
import { readPdf } from './pdf-read.ts';

const printer = await usePrinter();

const printedBy = async (
  root: string,
  shard: { index: number; count: number },
): Promise<string[]> => {
  const events: BuildEvent[] = [];
  const r = await build({ root, printer, shard, force: true, onEvent: (e) => events.push(e) });
  assert.equal(r.failed, 0);
  return events
    .flatMap((e) =>
      e.type === 'edition' && e.result === 'printed' ? [`${e.lang}/${e.document}`] : [],
    )
    .sort();
};
// Every edition of the fixture project, read from its registry and source/.
const fixture = await loadProject(FIXTURE);
const LANGUAGES = fixture.registry.languages;
const DOCUMENTS = fixture.documents.map((d) => d.doc.id);
const EDITIONS = DOCUMENTS.flatMap((id) => LANGUAGES.map((l) => `${l.code}/${id}`)).sort();
const DOC = 'cooperation-statement';

test('--shard i/n splits the editions deterministically; the shards merge into one index', async (t) => {
  const root = await fixtureProject(t);
  const one = await printedBy(root, { index: 1, count: 3 });
  const two = await printedBy(root, { index: 2, count: 3 });
  const three = await printedBy(root, { index: 3, count: 3 });
  assert.deepEqual([...one, ...two, ...three].sort(), EDITIONS);
  assert.equal(new Set([...one, ...two, ...three]).size, EDITIONS.length, 'shards overlap');
  assert.deepEqual(await printedBy(root, { index: 2, count: 3 }), two, 'not deterministic');
  const shardManifest = JSON.parse(
    await readFile(join(root, 'dist', 'shards', '2-of-3.json'), 'utf8'),
  ) as { editions: Array<{ lang: string }> };
  assert.deepEqual(
    shardManifest.editions.map((e) => `${e.lang}/${(e as { document?: string }).document}`).sort(),
    two,
  );
  // Merge: an index-only pass prints nothing and lists every edition.
  const merged = await build({ root, printer, indexOnly: true });
  assert.equal(merged.printed, 0);
  const index = await readFile(join(root, 'dist', 'index.html'), 'utf8');
  for (const e of EDITIONS) assert.ok(index.includes(`href="${e}.pdf"`), e);
  const sums = await readFile(join(root, 'dist', 'SHA256SUMS'), 'utf8');
  // A line for each edition's PDF and one for its XML.
  assert.equal(sums.trim().split('\n').length, EDITIONS.length * 2);
});

test('--browser-ws prints on an already running Chromium (remote debugging on 127.0.0.1)', async (t) => {
  const chrome = await remoteChromium(t);
  try {
    const { port, path } = chrome;
    const remote = new Printer({ browserWSEndpoint: `ws://127.0.0.1:${port}${path}` });
    const root = await fixtureProject(t);
    try {
      const r = await build({ root, printer: remote, langs: ['el'] });
      assert.equal(r.printed, DOCUMENTS.length);
    } finally {
      await remote.close();
    }
    // The remote browser must outlive our disconnect: wait, then connect to it again.
    await new Promise((r) => setTimeout(r, 500));
    const puppeteer = (await import('puppeteer-core')).default;
    const again = await puppeteer.connect({ browserWSEndpoint: `ws://127.0.0.1:${port}${path}` });
    assert.equal((await again.browserContexts()).length, 1, 'our browser context was left behind');
    await again.disconnect();
    const pdf = await readPdf(await readFile(join(root, 'dist', 'el', `${DOC}.pdf`)));
    assert.equal(pdf.lang, 'el');
    assert.ok(pdf.text.includes('Δήλωση για την περιφερειακή συνεργασία'));
  } finally {
    await chrome.stop();
  }
});

test('the browser is relaunched every N prints, under continuous load, and every edition still prints', async (t) => {
  const root = await fixtureProject(t);
  const recycling = new Printer({ restartEvery: 4, concurrency: 2 });
  try {
    const r = await build({ root, printer: recycling });
    assert.equal(r.printed, EDITIONS.length);
    assert.equal(r.failed, 0);
    // Each browser takes 4 prints plus the one still on its other page when the budget ran out.
    assert.ok(
      recycling.launches >= Math.ceil(EDITIONS.length / 5),
      `launched ${recycling.launches} times`,
    );
  } finally {
    await recycling.close();
  }
});

test('incremental: a translation edit reprints that edition only; an English edit reprints every edition of it', async (t) => {
  const root = await fixtureProject(t);
  await build({ root, printer });
  const printedLangs = async (): Promise<string[]> => {
    const events: BuildEvent[] = [];
    await build({ root, printer, onEvent: (e) => events.push(e) });
    return events
      .flatMap((e) =>
        e.type === 'edition' && e.result === 'printed' ? [`${e.lang}/${e.document}`] : [],
      )
      .sort();
  };
  assert.deepEqual(await printedLangs(), []);
  const hr = join(root, 'translations', 'hr', `${DOC}.json`);
  await writeFile(hr, (await readFile(hr, 'utf8')).replace('"Obveze"', '"Obveze (ispravak)"'));
  assert.deepEqual(await printedLangs(), [`hr/${DOC}`]);
  const ui = join(root, 'translations', 'el', 'ui.json');
  const uiValues = JSON.parse(await readFile(ui, 'utf8')) as Record<string, string>;
  uiValues['pdfSubject'] = `${uiValues['pdfSubject']} `;
  await writeFile(ui, JSON.stringify(uiValues, null, 2));
  assert.deepEqual(
    await printedLangs(),
    DOCUMENTS.map((id) => `el/${id}`).sort(),
    'a change seen only in the PDF metadata reprints too',
  );
  const src = join(root, 'source', `${DOC}.md`);
  await writeFile(src, (await readFile(src, 'utf8')).replace('agree to:', 'agree to :'));
  assert.deepEqual(await printedLangs(), LANGUAGES.map((l) => `${l.code}/${DOC}`).sort());
});
