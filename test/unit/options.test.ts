// commands/options.ts: the argument rules every command shares, on the fixture's registry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  findDocument,
  oneOf,
  parseLangs,
  parseOptions,
  storedCodes,
  storedTranslation,
} from '../../scripts/commands/options.ts';
import { UserError } from '../../scripts/errors.ts';
import { loadProject } from '../../scripts/io/project.ts';
import { FIXTURE } from '../helpers.ts';

const project = await loadProject(FIXTURE);
const registry = project.registry;

/** The message and hint of the UserError `fn` throws. */
function userError(fn: () => unknown): { message: string; hint: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UserError, String(err));
    return { message: err.message, hint: err.hint };
  }
  assert.fail('no UserError was thrown');
}

test('parseOptions: values and positionals as node:util parses them; an unknown option or a missing value is a UserError', () => {
  const options = { lang: { type: 'string' }, force: { type: 'boolean' } } as const;
  const parsed = parseOptions(['--lang', 'hr', '--force'], options);
  assert.deepEqual({ ...parsed.values }, { lang: 'hr', force: true });
  assert.deepEqual(parseOptions(['export', '--lang', 'el'], options, true).positionals, ['export']);
  assert.deepEqual(
    userError(() => parseOptions(['--frobnicate'], options)),
    {
      message: "Unknown option '--frobnicate'",
      hint: 'See --help for the options.',
    },
  );
  assert.match(userError(() => parseOptions(['--lang'], options)).message, /--lang/);
  assert.match(userError(() => parseOptions(['stray'], options)).message, /positional/);
});

test('parseLangs: comma-separated codes of the registry, trimmed; unknown and empty lists refused', () => {
  assert.equal(parseLangs(undefined, registry), undefined);
  assert.deepEqual(parseLangs('hr, el,,sr-Latn', registry), ['hr', 'el', 'sr-Latn']);
  assert.deepEqual(
    userError(() => parseLangs('hr,sr-cyrl', registry)),
    {
      message:
        'unknown language code: sr-cyrl. Did you mean "sr-Cyrl" (Serbian (Cyrillic), српски (ћирилица))?',
      hint: 'Use codes of the registry (translations/languages.json, case-sensitive): en, hr, sr-Cyrl, sr-Latn, el.',
    },
  );
  // A code of the real project that this one does not have.
  assert.equal(userError(() => parseLangs('bg', registry)).message, 'unknown language code: bg');
  assert.deepEqual(
    userError(() => parseLangs(' , ', registry)),
    {
      message: '--lang names no language',
      hint: 'Use codes of the registry: en, hr, sr-Cyrl, sr-Latn, el.',
    },
  );
});

test('oneOf: the value when allowed; else a message listing the choices ("a or b", "one of a, b or c")', () => {
  assert.equal(oneOf('--format', 'json', ['text', 'json'], 'h'), 'json');
  assert.deepEqual(
    userError(() => oneOf('--format', 'yaml', ['text', 'json'], 'Use text or json.')),
    { message: '--format must be "text" or "json", not "yaml"', hint: 'Use text or json.' },
  );
  assert.equal(
    userError(() => oneOf('--stale', undefined, ['mark', 'english', 'hide'], 'h')).message,
    '--stale must be one of "mark", "english" or "hide", not ""',
  );
});

test('findDocument: the document of an id; a typo gets the closest id and the list', () => {
  assert.equal(
    findDocument(project, 'training-programme').doc.path,
    'source/training-programme.md',
  );
  assert.deepEqual(
    userError(() => findDocument(project, 'training-program')),
    {
      message: 'no document with the id "training-program". Did you mean "training-programme"?',
      hint: 'Use one of: cooperation-statement, training-programme.',
    },
  );
  assert.equal(
    userError(() => findDocument(project, 'minutes')).message,
    'no document with the id "minutes"',
  );
});

test('storedTranslation and storedCodes: English and derived languages have no files of their own', () => {
  assert.equal(storedTranslation('el', registry, 'export').code, 'el');
  assert.deepEqual(storedCodes(registry), ['hr', 'sr-Cyrl', 'el']);
  assert.deepEqual(
    userError(() => storedTranslation('en', registry, 'export')),
    {
      message: 'en is the authentic English text; it has no translation to export',
      hint: 'Name a translation language, e.g. --lang hr.',
    },
  );
  assert.deepEqual(
    userError(() => storedTranslation('sr-Latn', registry, 'mark')),
    {
      message: 'sr-Latn is generated from sr-Cyrl; it has nothing of its own to mark',
      hint: 'Name sr-Cyrl instead: --lang sr-Cyrl.',
    },
  );
  assert.match(
    userError(() => storedTranslation('xx', registry, 'mark')).message,
    /^unknown language code: xx/,
  );
});
