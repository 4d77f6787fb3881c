// Scripts and directions in the registry (scripts/writing-systems.ts, scripts/languages.ts):
// any ISO 15924 code JavaScript knows, refused without a bundled font (file, line, what to
// do); dir from the script or explicit; "hyphenation": "none"; add-language's --script and
// --dir; the fonts a registry's scripts add to dist/assets; the script check of any script.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import { listAssets } from '../../scripts/io/assets.ts';
import {
  dirAttribute,
  parseRegistry,
  textDirection,
  type Language,
} from '../../scripts/languages.ts';
import { checkSegment } from '../../scripts/stages/check.ts';
import {
  BUNDLED_SCRIPTS,
  SCRIPT_FONTS,
  isScriptCode,
  scriptDirection,
  scriptName,
} from '../../scripts/writing-systems.ts';
import { fixtureProject, runMain } from '../helpers.ts';

const EN = {
  code: 'en',
  englishName: 'English',
  nativeName: 'English',
  script: 'Latn',
  states: [],
  intlLocale: 'en-GB',
  hyphenation: 'en-gb',
};
const KA = { ...EN, code: 'ka', englishName: 'Georgian', nativeName: 'ქართული', script: 'Geor' };
const HE = {
  ...EN,
  code: 'he',
  englishName: 'Hebrew',
  nativeName: 'עברית',
  script: 'Hebr',
  intlLocale: 'he',
  hyphenation: 'none',
};

/** The registry text of `entries` after English, and parseRegistry's error (or "accepted"). */
function parse(...entries: object[]): { text: string; result: Language[] | UserError } {
  const text = JSON.stringify({ languages: [EN, ...entries] }, null, 2);
  try {
    return { text, result: parseRegistry(text) };
  } catch (err) {
    if (err instanceof UserError) return { text, result: err };
    throw err;
  }
}

test('isScriptCode: title-case ISO 15924 codes that JavaScript knows as a Unicode script', () => {
  for (const code of ['Latn', 'Geor', 'Hebr', 'Arab', 'Armn', 'Tibt', 'Syrc'])
    assert.ok(isScriptCode(code), code);
  for (const code of ['geor', 'GEOR', 'Georgian', 'Xyzw', 'Geo', '', 7, undefined])
    assert.equal(isScriptCode(code), false, String(code));
  assert.equal(scriptName('Geor'), 'Georgian');
  assert.equal(scriptName('Tibt'), 'Tibetan');
  assert.deepEqual(BUNDLED_SCRIPTS, ['Latn', 'Cyrl', 'Grek', 'Geor', 'Hebr', 'Arab', 'Armn']);
});

test('the registry takes Georgian and Hebrew; the direction comes from the script unless given', () => {
  const { result } = parse(KA, HE, { ...KA, code: 'hy', script: 'Armn', hyphenation: 'hy' });
  assert.ok(Array.isArray(result), String(result));
  const [, ka, he] = result;
  assert.equal(ka && textDirection(ka), 'ltr');
  assert.equal(he && textDirection(he), 'rtl');
  assert.equal(textDirection({ script: 'Arab', dir: 'ltr' }), 'ltr', 'explicit wins');
  assert.equal(textDirection({ script: 'Latn', dir: 'rtl' }), 'rtl');
  for (const s of ['Hebr', 'Arab', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg'])
    assert.equal(scriptDirection(s), 'rtl', s);
  assert.equal(scriptDirection('Geor'), 'ltr');
  // Only where the direction differs from the page around it.
  assert.equal(dirAttribute({ script: 'Hebr' }), ' dir="rtl"');
  assert.equal(dirAttribute({ script: 'Latn' }), '');
  assert.equal(dirAttribute({ script: 'Latn' }, 'rtl'), ' dir="ltr"');
  assert.equal(dirAttribute({ script: 'Hebr' }, 'rtl'), '');
});

test('a script without a bundled font, a wrong code or a wrong dir is an error at the line of its entry', () => {
  const located = (entry: object, field: string): UserError => {
    const { text, result } = parse(KA, entry);
    assert.ok(result instanceof UserError, `accepted: ${JSON.stringify(entry)}`);
    const code = (entry as { code: string }).code;
    const line = text.slice(0, text.indexOf(`"code": "${code}"`)).split('\n').length;
    assert.deepEqual(result.location, { file: 'translations/languages.json', line });
    assert.ok(result.reason.startsWith(`languages[2] (${code}): "${field}" `), result.reason);
    return result;
  };
  const tibt = located({ ...HE, code: 'bo', script: 'Tibt' }, 'script');
  assert.equal(
    tibt.reason,
    'languages[2] (bo): "script" Tibt (Tibetan) has no bundled font: its text would print in whatever font the build machine has',
  );
  assert.match(tibt.hint, /^Bundled scripts: Latn, Cyrl, Grek, Geor, Hebr, Arab, Armn\. /);
  assert.match(tibt.hint, /add them to SCRIPT_FONTS in scripts\/writing-systems\.ts/);
  assert.match(
    located({ ...HE, script: 'hebr' }, 'script').message,
    /not "hebr"\. Did you mean "Hebr"\?$/,
  );
  assert.match(
    located({ ...HE, script: 'Hebrew' }, 'script').message,
    /not "Hebrew"\. Did you mean "Hebr"\?$/,
  );
  assert.match(located({ ...HE, script: 'Xyzw' }, 'script').message, /not "Xyzw"$/);
  assert.match(
    located({ ...HE, dir: 'right' }, 'dir').message,
    /"dir" must be "ltr" or "rtl", not "right"$/,
  );
  assert.match(
    located({ ...HE, hyphenation: 'he' }, 'hyphenation').hint,
    /or "none" for a language without patterns/,
  );
});

test('add-language: --script takes Geor and Hebr (dir from the script, written only when given otherwise), refuses Tibt and latn', async (t) => {
  const root = await fixtureProject(t);
  const add = (...args: string[]) =>
    runMain(root, ['add-language', ...args, '--name', 'X', '--native', 'Y']);
  const ka = await add('ka', '--script', 'Geor');
  assert.equal(ka.code, 0, ka.stderr);
  const he = await add('he', '--script', 'Hebr', '--hyphenation', 'none');
  assert.equal(he.code, 0, he.stderr);
  const ar = await add('ar', '--script', 'Arab', '--hyphenation', 'none', '--dir', 'ltr');
  assert.equal(ar.code, 0, ar.stderr);
  const registry = JSON.parse(
    await readFile(join(root, 'translations', 'languages.json'), 'utf8'),
  ) as { languages: Array<Record<string, unknown>> };
  const entry = (code: string) => registry.languages.find((l) => l['code'] === code);
  assert.equal(entry('ka')?.['script'], 'Geor');
  assert.equal(entry('ka')?.['hyphenation'], 'ka');
  assert.equal(entry('he')?.['dir'], undefined, 'rtl comes from Hebr');
  assert.equal(entry('he')?.['hyphenation'], 'none');
  assert.equal(entry('ar')?.['dir'], 'ltr');
  const bo = await add('bo', '--script', 'Tibt', '--hyphenation', 'none');
  assert.equal(bo.code, 2);
  assert.match(bo.stderr, /--script Tibt \(Tibetan\): the project bundles no font for it/);
  const latn = await add('xx', '--script', 'latn');
  assert.equal(latn.code, 2);
  assert.match(
    latn.stderr,
    /--script must be an ISO 15924 script code in title case, not "latn"\. Did you mean "Latn"\?/,
  );
  const dir = await add('yy', '--script', 'Latn', '--dir', 'up');
  assert.match(dir.stderr, /--dir must be ltr or rtl, not "up"/);
  const help = await runMain(root, ['add-language', '--help']);
  assert.match(help.stdout, /--script <script> +ISO 15924 code/);
  assert.match(help.stdout, /Latn, Cyrl, Grek, Geor, Hebr, Arab, Armn/);
  assert.match(help.stdout, /--hyphenation <id> .*\n.*or none/);
});

test("listAssets: a registry's scripts add their faces to fonts.css under Noto Serif and Noto Sans, nothing else changes", async () => {
  const base = await listAssets(['Latn', 'Cyrl', 'Grek']);
  assert.deepEqual(
    base.map((a) => [a.name, a.content]),
    (await listAssets()).map((a) => [a.name, a.content]),
  );
  const withHe = await listAssets(['Latn', 'Hebr', 'Hebr']);
  const names = withHe.map((a) => a.name);
  const added = names.filter((n) => !base.some((a) => a.name === n));
  assert.deepEqual(added.sort(), [
    'fonts/noto-sans-hebrew-hebrew-400-normal.woff2',
    'fonts/noto-sans-hebrew-hebrew-700-normal.woff2',
    'fonts/noto-serif-hebrew-hebrew-400-normal.woff2',
    'fonts/noto-serif-hebrew-hebrew-700-normal.woff2',
  ]);
  const css = String(withHe.find((a) => a.name === 'fonts.css')?.content);
  const baseCss = String(base.find((a) => a.name === 'fonts.css')?.content);
  assert.ok(css.startsWith(baseCss), 'the faces of Latin, Cyrillic and Greek stay as they were');
  const faces = css.slice(baseCss.length).match(/@font-face \{[^}]*\}/g) ?? [];
  // Two families, two weights, upright and the same face for italic.
  assert.equal(faces.length, 8);
  for (const f of faces) {
    assert.match(f, /font-family: 'Noto (Serif|Sans)';/);
    assert.match(f, /unicode-range: U\+0307-0308,U\+0590-05FF,/);
  }
});

test('every script of SCRIPT_FONTS resolves to its installed packages: two families, two weights', async () => {
  const base = (await listAssets()).length;
  for (const script of Object.keys(SCRIPT_FONTS)) {
    const assets = await listAssets([script]);
    assert.equal(assets.length - base, 4, script);
    const fonts = SCRIPT_FONTS[script];
    const files = assets.filter((a) => fonts && a.name.includes(`-${fonts.subset}-`));
    assert.equal(files.length, 4, script);
    assert.ok(
      files.every((a) => a.content.length > 1000),
      `${script}: the font files are there`,
    );
  }
});

test('the script check follows the declared script: Latin words in Georgian or Hebrew, mixed words', () => {
  const check = (script: string, translation: string) =>
    checkSegment(
      { lang: 'x', script, document: 'd', key: 'k', english: 'The Parties', translation },
      { properNames: new Set(['Bucharest']) },
    )
      .filter((f) => f.rule === 'script')
      .map((f) => f.message);
  assert.deepEqual(check('Geor', 'მხარეები SELEC-ის Bucharest'), []);
  assert.deepEqual(check('Geor', 'მხარეები Parties'), [
    '"Parties" is not written in Georgian script; expected a Georgian word (foreign words only as capital acronyms or listed proper names)',
  ]);
  assert.deepEqual(check('Hebr', 'הצדדים של SELEC'), []);
  assert.match(
    check('Hebr', 'הצדדיםa')[0] ?? '',
    /mixes scripts: Latin "a" \(U\+0061\) inside a Hebrew word/,
  );
  assert.match(check('Hebr', 'მხარე')[0] ?? '', /"მხარე" is not written in Hebrew script/);
});
