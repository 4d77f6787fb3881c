// add-language: `npm run add-language -- <code> …`: adds a language to the
// registry (translations/languages.json) and scaffolds translations/<code>/ so that
// `check` lists every string still to translate and the build shows English for them.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { exists } from '../io/files.ts';
import { loadProject } from '../io/project.ts';
import {
  CODE_PATTERN,
  REGISTRY_FILE,
  SOURCE_LANGUAGE,
  hasHyphenation,
  parseRegistry,
  type Language,
} from '../languages.ts';
import { didYouMean } from '../stages/suggest.ts';
import {
  BUNDLED_SCRIPTS,
  isScriptCode,
  scriptDirection,
  scriptName,
  type Script,
} from '../writing-systems.ts';
import type { Command, Io } from './command.ts';
import { parseOptions } from './options.ts';

const HELP = `Usage: npm run add-language -- <code> --name "<English name>" --native "<native name>" --script <ISO 15924> [--dir ltr|rtl] [--hyphenation <id>|none] [--from <code>]

Adds a language to ${REGISTRY_FILE} (at the end of the list) and creates translations/<code>/:
  ui.json          every interface string of translations/en/ui.json, empty (untranslated:
                   "npm run check" lists each one, the build shows the English meanwhile)
  <document>.json  one empty translation file per document in source/
  (no sign-off file: the first "npm run review" creates signoffs.jsonl)

Options:
  <code>                 BCP 47 code: language subtag, optional script and region (e.g. de, sr-Latn-ME)
  --name <text>          the English name (e.g. German)
  --native <text>        the name as its speakers write it (e.g. Deutsch)
  --script <script>      ISO 15924 code of its script, with fonts bundled by the project:
                         ${BUNDLED_SCRIPTS.join(', ')} (e.g. Geor for Georgian, Hebr for Hebrew)
  --dir ltr|rtl          writing direction (default: the script's; rtl for Hebr, Arab, Syrc, Thaa, …)
  --hyphenation <id>     pattern file of the hyphen package (default: the code, when it has one),
                         or none: the language is never hyphenated (e.g. he, ar)
  --from <code>          copy the states, date locale, hyphenation and genitive month names
                         of an existing language (a close variant), then override with the above
  -h, --help             show this help

Exit codes: 0 added; 2 bad input (nothing is written).
`;

export const addLanguage: Command = {
  name: 'add-language',
  summary: 'add a language to the registry and scaffold its translation files',
  help: () => HELP,
  run: runAddLanguage,
};

const USAGE =
  'For example: npm run add-language -- de --name German --native Deutsch --script Latn';

/** The options of add-language, as given. */
interface AddOptions {
  name?: string | undefined;
  native?: string | undefined;
  script?: string | undefined;
  dir?: string | undefined;
  hyphenation?: string | undefined;
  from?: string | undefined;
}

async function runAddLanguage(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      name: { type: 'string' },
      native: { type: 'string' },
      script: { type: 'string' },
      dir: { type: 'string' },
      hyphenation: { type: 'string' },
      from: { type: 'string' },
    },
    true,
  );
  const code = languageCode(positionals);
  const registryPath = join(io.cwd, REGISTRY_FILE);
  const registryText = await readFile(registryPath, 'utf8').catch(() => '');
  const entry = newEntry(code, values, parseRegistry(registryText, REGISTRY_FILE));
  const dir = join(io.cwd, 'translations', code);
  if (await exists(dir))
    throw new UserError(
      `translations/${code}/ already exists`,
      'Move it away or delete it, then run add-language again.',
      { file: `translations/${code}/` },
      { namesFile: true },
    );
  const data = JSON.parse(registryText) as { languages: Language[] };
  data.languages.push(entry);
  const nextText = `${JSON.stringify(data, null, 2)}\n`;
  parseRegistry(nextText, REGISTRY_FILE); // the file is only written when it stays valid
  const { written, uiStrings } = await scaffold(io.cwd, dir);
  // No sign-off file: a new language is a draft until the first "npm run review".
  await writeFile(registryPath, nextText);
  io.stdout.write(addedReport(entry, written, uiStrings));
  return 0;
}

// The one positional argument: a code this project accepts.
function languageCode(positionals: string[]): string {
  const [code, ...extra] = positionals;
  if (code === undefined || extra.length > 0)
    throw new UserError('add-language needs exactly one language code', USAGE);
  if (!CODE_PATTERN.test(code))
    throw new UserError(
      `"${code}" is not a BCP 47 code this project accepts`,
      'Lowercase language subtag, then an optional script (Latn, Cyrl, Grek) and region: de, sr-Latn-ME.',
    );
  return code;
}

// The registry entry of the new language: the options checked, the rest from --from.
function newEntry(code: string, values: AddOptions, registry: Language[]): Language {
  if (registry.some((l) => l.code === code))
    throw new UserError(
      `${code} is already in ${REGISTRY_FILE}`,
      'Edit its entry there, or choose another code.',
    );
  const from = values.from === undefined ? undefined : registry.find((l) => l.code === values.from);
  if (values.from !== undefined && !from)
    throw new UserError(
      `--from ${values.from}: not a language of the registry.${didYouMean(
        values.from,
        registry.map((l) => l.code),
      )}`.replace(/\.$/, ''),
      `Use one of: ${registry.map((l) => l.code).join(', ')}.`,
    );
  for (const [flag, value] of [
    ['--name', values.name],
    ['--native', values.native],
  ] as const)
    if (!value?.trim()) throw new UserError(`add-language needs ${flag}`, USAGE);
  const script = scriptOption(values.script ?? from?.script);
  const dir = values.dir ?? from?.dir;
  if (dir !== undefined && dir !== 'ltr' && dir !== 'rtl')
    throw new UserError(`--dir must be ltr or rtl, not "${dir}"`, USAGE);
  const hyphenation = values.hyphenation ?? from?.hyphenation ?? code.toLowerCase();
  if (!hasHyphenation(hyphenation))
    throw new UserError(
      `no hyphenation patterns "${hyphenation}" in the hyphen package`,
      `Pass --hyphenation <id> with a file of node_modules/hyphen/patterns/ (without .js), e.g. ${['de', 'sh-latn', 'ru', 'en-gb'].join(', ')}, or --hyphenation none when the language has no patterns.`,
    );
  return {
    code,
    englishName: values.name?.trim() ?? '',
    nativeName: values.native?.trim() ?? '',
    script,
    // Written only when it differs from the script's direction.
    ...(dir !== undefined && dir !== scriptDirection(script) ? { dir } : {}),
    states: from ? [...from.states] : [],
    intlLocale: from && values.script === undefined ? from.intlLocale : code,
    hyphenation,
    ...(from?.genitiveMonths ? { genitiveMonths: [...from.genitiveMonths] } : {}),
  };
}

// --script: an ISO 15924 code of a script whose fonts the project bundles.
function scriptOption(value: string | undefined): Script {
  if (!isScriptCode(value))
    throw new UserError(
      `--script must be an ISO 15924 script code in title case, not "${value ?? ''}".${didYouMean(value ?? '', BUNDLED_SCRIPTS)}`.replace(
        /\.$/,
        '',
      ),
      `${USAGE} (or Cyrl, Grek, Geor, Hebr, Arab, Armn)`,
    );
  if (!BUNDLED_SCRIPTS.includes(value))
    throw new UserError(
      `--script ${value} (${scriptName(value)}): the project bundles no font for it, so its text would print in whatever font the build machine has`,
      `Bundled scripts: ${BUNDLED_SCRIPTS.join(', ')}. For another, install its @fontsource Noto packages and add them to SCRIPT_FONTS in scripts/writing-systems.ts.`,
    );
  return value;
}

// The new language's folder: an empty ui.json of every English key, an empty file per document.
async function scaffold(
  root: string,
  dir: string,
): Promise<{ written: string[]; uiStrings: number }> {
  // Documents and interface strings as the project has them now.
  const project = await loadProject(root);
  const englishUi = project.resources[SOURCE_LANGUAGE]?.['ui'] ?? {};
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'ui.json'),
    `${JSON.stringify(Object.fromEntries(Object.keys(englishUi).map((k) => [k, ''])), null, 2)}\n`,
  );
  const written = ['ui.json'];
  for (const { doc } of project.documents) {
    await writeFile(join(dir, `${doc.id}.json`), '{}\n');
    written.push(`${doc.id}.json`);
  }
  return { written, uiStrings: Object.keys(englishUi).length };
}

// What was done and what to do next, step by step.
function addedReport(entry: Language, written: string[], uiStrings: number): string {
  const { code } = entry;
  return [
    `added ${code} (${entry.englishName}, ${entry.nativeName}) to ${REGISTRY_FILE}: the last edition of the list; move the entry to change the order.`,
    `created translations/${code}/: ${written.join(', ')}`,
    `${uiStrings} interface strings and every segment are untranslated; until they are, the ${code} edition shows the English text (marked).`,
    'Next:',
    `  1. translate translations/${code}/ui.json (npm run check -- --lang ${code} lists what is left)`,
    `  2. translate the documents: npm run xliff -- export --lang ${code}, then npm run xliff -- import <file>`,
    `     (or write translations/${code}/<document-id>.json by hand, then npm run mark -- --lang ${code})`,
    `  3. check the entry in ${REGISTRY_FILE}: "states" (member states using it) and "intlLocale" (dates)`,
    `  4. npm run build -- --lang ${code}`,
    '',
  ].join('\n');
}
