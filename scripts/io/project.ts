// project: reads source/ and translations/ into plain data, once per run.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parsePolicy, POLICY_FILE, type PublicationPolicy } from '../stages/policy.ts';
import type { Diagnostic } from '../errors.ts';
import { UserError } from '../errors.ts';
import { SOURCE_LANGUAGE, type Registry } from '../languages.ts';
import { readRegistry } from './registry.ts';
import type { Resources, SourceRecords } from '../stages/merge.ts';
import { parseDocument, type SourceDocument } from '../stages/parse.ts';
import { parseFlatResource } from '../stages/read-json.ts';
import { segmentDocument, type Segmented } from '../stages/segment.ts';
import type { SignedTexts, SignoffEntry, Verification } from '../stages/signoff.ts';
import { didYouMean } from '../stages/suggest.ts';
import { transliterateResource } from '../stages/transliterate.ts';
import { checkUi } from '../stages/check-ui.ts';
import { exists, listDirs, listFiles, readText } from './files.ts';
import {
  HISTORY_FILE,
  LEGACY_REVIEW_FILE,
  migrateLegacyReview,
  parseHistory,
  readSigned,
} from './signoffs.ts';

export interface LoadedDocument {
  doc: SourceDocument;
  segmented: Segmented;
}

export interface Project {
  root: string;
  /** The project's languages (translations/languages.json). */
  registry: Registry;
  documents: LoadedDocument[];
  /** language → namespace → key → text; sr-Latn already derived. */
  resources: Resources;
  /** language → document id → the English each translation was made from. */
  records: Record<string, Record<string, SourceRecords>>;
  /** language → its sign-off history (translations/<lang>/signoffs.jsonl); a derived language shares its source's. */
  signoffs: Record<string, SignoffEntry[]>;
  /** language → the verification of each entry of `signoffs` (its SSH signature), in order. */
  verifications: Record<string, Verification[]>;
  /** language → document id → the texts of its latest review or approval (not withdrawals), when on record. */
  signed: Record<string, Record<string, SignedTexts>>;
  /** language → namespace → key → where the key stands in its file (for messages). */
  keyLines: Record<string, Record<string, Record<string, { line: number; column: number }>>>;
  /** What is published (publication.json; the defaults when there is none). */
  policy: PublicationPolicy;
  /** What reading the project found: warnings, and errors left for the build's gate. */
  diagnostics: Diagnostic[];
}

export const RECORD_SUFFIX = '.source.json';

/**
 * Reads the registry, every source document and every translation of the project under
 * `root` (the registry may be given when the caller has already read it).
 */
export async function loadProject(
  root: string,
  registry: Registry = readRegistry(root),
): Promise<Project> {
  const diagnostics: Diagnostic[] = [];
  const documents = await loadDocuments(root, diagnostics);
  const cx: Loading = {
    transDir: join(root, 'translations'),
    ids: documents.map((d) => d.doc.id),
    diagnostics,
    resources: {},
    records: {},
    signoffs: {},
    signed: {},
    historyLines: {},
    uiTexts: {},
    keyLines: {},
  };
  for (const dir of await listDirs(cx.transDir)) {
    checkLanguageFolder(registry, dir);
    await loadLanguage(dir, cx);
  }
  const { resources, records, signoffs, signed } = cx;
  if (!resources[SOURCE_LANGUAGE]?.['ui']) {
    throw new UserError(
      'translations/en/ui.json is missing',
      'Restore the English interface strings: every other language falls back to them.',
      { file: 'translations/en/ui.json' },
      { namesFile: true },
    );
  }
  diagnostics.push(...languageDiagnostics(registry, resources, cx.uiTexts));
  const checked = await verifySignoffs(root, signoffs, cx.historyLines);
  diagnostics.push(...checked.diagnostics);
  const { verifications } = checked;
  deriveLanguages(registry, cx, verifications);
  const policyText = await readFile(join(root, POLICY_FILE), 'utf8').catch(() => undefined);
  const policy = parsePolicy(policyText);
  const { keyLines } = cx;
  return {
    root,
    registry,
    documents,
    resources,
    keyLines,
    records,
    signoffs,
    verifications,
    signed,
    policy,
    diagnostics,
  };
}

// Every source/*.md parsed and segmented; two documents with one id would share their files.
async function loadDocuments(root: string, diagnostics: Diagnostic[]): Promise<LoadedDocument[]> {
  const sourceDir = join(root, 'source');
  const files = await listFiles(sourceDir, '.md');
  if (files.length === 0) {
    throw new UserError(
      `no documents in ${sourceDir}`,
      'Add the English text as source/<document-id>.md with YAML front matter.',
      { file: 'source/' },
      { namesFile: true },
    );
  }
  const documents: LoadedDocument[] = [];
  const ids = new Map<string, string>();
  for (const name of files) {
    const shown = `source/${name}`;
    const doc = parseDocument(shown, await readText(join(sourceDir, name), shown));
    for (const change of doc.normalized)
      diagnostics.push({
        severity: 'warning',
        rule: 'normalized',
        message: `${change} (normalized; fix the file to silence this)`,
        location: { file: shown },
      });
    const twin = ids.get(doc.id);
    if (twin)
      throw new UserError(
        `the document id "${doc.id}" is already used by ${twin}`,
        'Give each document its own id.',
        { file: shown, line: doc.metaLines['id'] ?? 1 },
      );
    ids.set(doc.id, shown);
    const segmented = segmentDocument(doc);
    diagnostics.push(...segmented.diagnostics);
    documents.push({ doc, segmented });
  }
  return documents;
}

/** What the translations/ folders give, as they are read. */
interface Loading {
  transDir: string;
  /** The ids of the source documents, in file order. */
  ids: string[];
  diagnostics: Diagnostic[];
  resources: Resources;
  records: Record<string, Record<string, SourceRecords>>;
  signoffs: Record<string, SignoffEntry[]>;
  signed: Project['signed'];
  /** language → the line of each entry of `signoffs` in its file (0: not from the file). */
  historyLines: Record<string, number[]>;
  /** language → the text of its ui.json, for the checks of interface strings. */
  uiTexts: Record<string, string>;
  keyLines: Project['keyLines'];
}

// A folder of translations/ must be a stored language of the registry (a derived one is generated).
function checkLanguageFolder(registry: Registry, dir: string): void {
  const lang = registry.find(dir);
  if (!lang) {
    throw new UserError(
      `translations/${dir}/ is not a language of the registry`,
      `Use one of: ${registry.codes.join(', ')} (codes are case-sensitive).${didYouMean(
        dir,
        registry.codes,
      )} To add a language: npm run add-language -- ${dir} --name "<English name>" --native "<native name>" --script Latn.`,
      { file: `translations/${dir}/` },
      { namesFile: true },
    );
  }
  if (lang.derivedFrom) {
    throw new UserError(
      `translations/${dir}/ should not exist: ${dir} is generated from ${lang.derivedFrom.code}`,
      `Delete translations/${dir}/ and edit translations/${lang.derivedFrom.code}/ instead.`,
      { file: `translations/${dir}/` },
      { namesFile: true },
    );
  }
}

// One language's folder: its translation files, records of the English, and sign-offs.
async function loadLanguage(dir: string, cx: Loading): Promise<void> {
  const nss: Record<string, Record<string, string>> = {};
  cx.records[dir] = {};
  for (const name of await listFiles(join(cx.transDir, dir), '.json')) {
    const shown = `translations/${dir}/${name}`;
    const text = await readText(join(cx.transDir, dir, name), shown);
    if (name === LEGACY_REVIEW_FILE) {
      legacyReview(dir, text, cx);
      continue;
    }
    if (name.endsWith(RECORD_SUFFIX)) {
      const id = name.slice(0, -RECORD_SUFFIX.length);
      (cx.records[dir] as Record<string, SourceRecords>)[id] = parseRecords(shown, text);
      continue;
    }
    const ns = name.slice(0, -'.json'.length);
    nss[ns] = readNamespace(dir, ns, text, cx);
  }
  cx.resources[dir] = nss;
  const history = join(cx.transDir, dir, HISTORY_FILE);
  if (await exists(history)) {
    const text = await readText(history);
    const before = cx.signoffs[dir] ?? [];
    cx.signoffs[dir] = [...before, ...parseHistory(`translations/${dir}/${HISTORY_FILE}`, text)];
    const lines = text.split('\n').flatMap((l, i) => (l.trim() === '' ? [] : [i + 1]));
    cx.historyLines[dir] = [...before.map(() => 0), ...lines];
  }
  cx.signed[dir] = await latestSigned(cx.transDir, dir, cx.signoffs[dir] ?? []);
}

// Signed sign-offs verified (ssh-keygen); the verifier is loaded only when one is signed.
async function verifySignoffs(
  root: string,
  histories: Record<string, SignoffEntry[]>,
  lines: Record<string, number[]>,
): Promise<{ verifications: Record<string, Verification[]>; diagnostics: Diagnostic[] }> {
  if (!Object.values(histories).some((h) => h.some((e) => e.signature !== undefined)))
    return {
      verifications: Object.fromEntries(
        Object.entries(histories).map(([l, h]) => [l, h.map(() => ({ state: 'unsigned' }))]),
      ),
      diagnostics: [],
    };
  const { verifyHistories } = await import('./signoff-verify.ts');
  return verifyHistories(root, histories, lines);
}

// The texts of the latest review or approval of each document, for what a lapse names.
async function latestSigned(
  transDir: string,
  dir: string,
  history: readonly SignoffEntry[],
): Promise<Record<string, SignedTexts>> {
  const latest = new Map<string, SignoffEntry>();
  for (const e of history) if (e.status !== 'draft') latest.set(e.document, e);
  const out: Record<string, SignedTexts> = {};
  for (const [doc, e] of latest) {
    const texts = await readSigned(dirname(transDir), dir, e);
    if (texts) out[doc] = texts;
  }
  return out;
}

// The review file of old still counts (as sign-offs of an earlier version), with a warning.
function legacyReview(dir: string, text: string, cx: Loading): void {
  const shown = `translations/${dir}/${LEGACY_REVIEW_FILE}`;
  const migrated = migrateLegacyReview(shown, text, cx.ids);
  cx.signoffs[dir] = [...migrated, ...(cx.signoffs[dir] ?? [])];
  cx.diagnostics.push({
    severity: 'warning',
    rule: 'legacy-review-file',
    message: `${shown} is no longer used: sign-offs are recorded in ${HISTORY_FILE} by "npm run review"${migrated.length > 0 ? ` (its ${migrated.length} sign-offs are read as signed for an earlier version)` : ''}; delete it (git rm ${shown})`,
    location: { file: shown },
    lang: dir,
  });
}

// One namespace (a document's translations or ui.json): its values, its problems, orphan warning.
function readNamespace(dir: string, ns: string, text: string, cx: Loading): Record<string, string> {
  const shown = `translations/${dir}/${ns}.json`;
  if (ns === 'ui') cx.uiTexts[dir] = text;
  if (ns !== 'ui' && !cx.ids.includes(ns)) {
    cx.diagnostics.push({
      severity: 'warning',
      rule: 'orphaned-file',
      message:
        `${shown} matches no document in source/ (orphaned file).${didYouMean(ns, cx.ids)}`.replace(
          /\.$/,
          '',
        ),
      location: { file: shown },
      lang: dir,
    });
  }
  const flat = parseFlatResource(shown, text);
  for (const d of flat.diagnostics)
    cx.diagnostics.push({ ...d, lang: dir, ...(ns === 'ui' ? {} : { document: ns }) });
  (cx.keyLines[dir] ??= {})[ns] = Object.fromEntries(
    Object.entries(flat.lines).map(([k, line]) => [k, { line, column: flat.columns[k] ?? 1 }]),
  );
  return flat.values;
}

// A derived language (sr-Latn): its source's translations transliterated, the same sign-offs.
function deriveLanguages(
  registry: Registry,
  cx: Loading,
  verifications: Record<string, Verification[]>,
): void {
  for (const lang of registry.languages) {
    if (!lang.derivedFrom) continue;
    const from = cx.resources[lang.derivedFrom.code] ?? {};
    cx.resources[lang.code] = Object.fromEntries(
      Object.entries(from).map(([ns, values]) => [ns, transliterateResource(values)]),
    );
    cx.records[lang.code] = cx.records[lang.derivedFrom.code] ?? {};
    cx.signoffs[lang.code] = cx.signoffs[lang.derivedFrom.code] ?? [];
    cx.signed[lang.code] = cx.signed[lang.derivedFrom.code] ?? {};
    verifications[lang.code] = verifications[lang.derivedFrom.code] ?? [];
  }
}

/** Every stored registry language has its folder and a complete ui.json (else its edition shows English unannounced). */
function languageDiagnostics(
  registry: Registry,
  resources: Resources,
  uiTexts: Record<string, string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const english = resources[SOURCE_LANGUAGE]?.['ui'] ?? {};
  for (const lang of registry.languages) {
    if (lang.code === SOURCE_LANGUAGE || lang.derivedFrom) continue;
    const file = `translations/${lang.code}/ui.json`;
    if (!resources[lang.code]) {
      out.push({
        severity: 'error',
        rule: 'language-folder-missing',
        message: `translations/${lang.code}/ is missing: the ${lang.englishName} edition would be English only`,
        location: { file: `translations/${lang.code}/` },
        lang: lang.code,
      });
    } else if (!resources[lang.code]?.['ui']) {
      out.push({
        severity: 'error',
        rule: 'ui-missing-file',
        message: `${file} is missing: every interface string of the ${lang.englishName} edition is shown in English (fallback). Copy translations/en/ui.json there and translate it.`,
        location: { file },
        lang: lang.code,
      });
    } else {
      out.push(
        ...checkUi(
          file,
          uiTexts[lang.code] ?? '',
          resources[lang.code]?.['ui'] ?? {},
          english,
          lang.code,
        ),
      );
    }
  }
  return out;
}

function parseRecords(file: string, text: string): SourceRecords {
  try {
    const data = JSON.parse(text) as Record<string, { sha?: unknown; en?: unknown }>;
    const out: SourceRecords = {};
    for (const [k, v] of Object.entries(data)) {
      if (v && typeof v.sha === 'string' && typeof v.en === 'string')
        out[k] = { sha: v.sha, en: v.en };
    }
    return out;
  } catch (err) {
    throw new UserError(
      'not valid JSON',
      'This file is written by "npm run mark"; restore it from git or run the command again.',
      { file },
      { cause: err },
    );
  }
}
