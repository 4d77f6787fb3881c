// The ledger of releases and what readers are shown of versions (pure stages): the hash
// chain finds a line edited, removed or reordered, naming the file, the line and the
// release; the manifest's versions, the version page's notice and the word diff by key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GENESIS, readLedgerText, sealRelease, type Release } from '../../scripts/stages/ledger.ts';
import { renderSitemap } from '../../scripts/stages/sitemap.ts';
import {
  manifestVersions,
  renderChangesPage,
  renderVersionPage,
  versionsListHtml,
} from '../../scripts/stages/versions.ts';

function release(version: string, last?: Release, extra: Partial<Release> = {}): Release {
  return sealRelease(
    {
      document: 'doc',
      version,
      date: version,
      commit: null,
      dirty: false,
      editions: [
        {
          lang: 'hr',
          status: 'draft',
          percent: 100,
          stale: 0,
          missing: 0,
          signoff: null,
          files: { 'hr/doc.html': 'a'.repeat(64), 'hr/doc.pdf': 'b'.repeat(64) },
        },
      ],
      assets: { 'assets/edition.css': 'c'.repeat(64) },
      ...extra,
    },
    last,
  );
}

const first = release('2026-01-01');
const second = release('2026-02-01', first, { corrigendumOf: '2026-01-01', note: 'typo' });
const text = `${JSON.stringify(first)}\n${JSON.stringify(second)}\n`;

test('a sealed ledger reads back whole: each line chained over the one before', () => {
  assert.equal(first.previous, GENESIS);
  assert.equal(second.previous, first.hash);
  const { lines, errors } = readLedgerText(text);
  assert.deepEqual(errors, []);
  assert.deepEqual(
    lines.map((l) => [l.line, l.release.version]),
    [
      [1, '2026-01-01'],
      [2, '2026-02-01'],
    ],
  );
});

test('a line edited by hand is found, named by file, line and release', () => {
  const edited = text.replace('"b'.concat('b'.repeat(63)), `"${'d'.repeat(64)}`);
  const { errors } = readLedgerText(edited);
  assert.equal(errors.length, 1);
  assert.deepEqual(errors[0]?.location, { file: 'releases/ledger.jsonl', line: 1 });
  assert.match(
    errors[0]?.message ?? '',
    /release doc 2026-01-01 was changed after it was recorded/,
  );
});

test('a line removed breaks the chain of the next; a line that is not JSON is named', () => {
  const { errors } = readLedgerText(`${JSON.stringify(second)}\n`);
  assert.match(errors[0]?.message ?? '', /release doc 2026-02-01 does not follow the line before/);
  const broken = readLedgerText(`${JSON.stringify(first)}\n{oops\n`);
  assert.deepEqual(broken.errors[0]?.location, { file: 'releases/ledger.jsonl', line: 2 });
});

const ui = (key: string, vars: Record<string, unknown> = {}): string =>
  `${key}${Object.values(vars).length ? `(${Object.values(vars).join(',')})` : ''}`;
const versions = manifestVersions([first, second], 'hr', (v) => `eli/doc/${v}/hr`);

test('the manifest lists each version with its files, hashes, identifier and corrigendum', () => {
  assert.deepEqual(versions[0], {
    version: '2026-01-01',
    date: '2026-01-01',
    page: 'doc/2026-01-01/hr/index.html',
    html: 'doc/2026-01-01/hr/doc.html',
    pdf: 'doc/2026-01-01/hr/doc.pdf',
    sha256: 'b'.repeat(64),
    htmlSha256: 'a'.repeat(64),
    eli: 'eli/doc/2026-01-01/hr',
  });
  assert.equal(versions[1]?.corrigendumOf, '2026-01-01');
  assert.equal(versions[1]?.changes, 'doc/2026-02-01/hr/changes.html');
});

test('an earlier version says a newer exists and links to it; the latest says it is', () => {
  const base = { lang: 'hr', title: 'T', document: 'doc', versions, ui };
  const old = renderVersionPage({ ...base, index: 0, current: 'hr/doc.html' });
  assert.match(old, /<html lang="hr">/);
  // A right-to-left edition's version pages are right to left too.
  assert.match(
    renderVersionPage({ ...base, lang: 'he', dir: 'rtl', index: 0 }),
    /<html lang="he" dir="rtl">/,
  );
  assert.match(old, /data-version="superseded">versionNewer\(2026-02-01\)/);
  assert.ok(old.includes('href="../../../doc/2026-02-01/hr/index.html"'));
  assert.ok(old.includes('href="../../../hr/doc.html"'));
  const latest = renderVersionPage({ ...base, index: 1 });
  assert.match(latest, /data-version="latest"/);
  assert.match(latest, /versionCorrigendum\(2026-01-01\) <q lang="en">typo<\/q>/);
  assert.match(versionsListHtml(versions, ui), /href="\.\.\/doc\/2026-02-01\/hr\/index\.html"/);
  assert.equal(versionsListHtml([], ui), '');
});

test('the "what changed" page: a word diff by segment key, unchanged keys left out', () => {
  const html = renderChangesPage({
    lang: 'hr',
    title: 'T',
    ui,
    before: { version: '2026-01-01', segments: { a: 'one two', b: 'same', c: 'gone' } },
    after: { version: '2026-02-01', segments: { a: 'one three', b: 'same', d: 'new' } },
  });
  assert.match(html, /<th scope="row">a<\/th><td>one <del>two<\/del><ins>three<\/ins><\/td>/);
  assert.doesNotMatch(html, /<th scope="row">b</);
  assert.match(html, /<th scope="row">c<\/th><td><del>gone<\/del>/);
  assert.match(html, /<th scope="row">d<\/th><td><ins>new<\/ins>/);
});

test('the sitemap lists earlier versions after the current editions', () => {
  const xml = renderSitemap(
    [{ id: 'doc', langs: ['en'], versions: ['doc/2026-01-01/en/doc.html'] }],
    'https://x.org/',
    [{ code: 'en' } as never],
  );
  assert.match(xml, /<loc>https:\/\/x\.org\/en\/doc\.html<\/loc>/);
  assert.match(xml, /<loc>https:\/\/x\.org\/doc\/2026-01-01\/en\/doc\.html<\/loc>/);
});
