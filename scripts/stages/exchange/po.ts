// po: the exchange model as a gettext PO file, through `gettext-parser`. One entry per
// segment, msgctxt "<document>/<key>" (two segments may share their English), the
// Markdown as it is (a comment says to keep its markup), stale translations as
// "#, fuzzy" with the English they were made from as "#| msgid", the way msgmerge
// leaves them; notes for the translator as extracted comments, the place as a reference.
// @ts-expect-error -- the package ships no type declarations; its shape is typed below.
import gettextParserUntyped from 'gettext-parser';
import { UserError } from '../../errors.ts';
import { normalizeText } from '../parse.ts';
import { lineColumn } from '../read-json.ts';
import { codeTable, hasCodes, toParts, type Part } from './inline.ts';
import type { ExchangeFile, ReturnedFile, ReturnedUnit } from './model.ts';
import { glossaryNotes } from './modules.ts';
import { hintFromNotes } from './xliff-common.ts';

interface PoEntry {
  msgctxt?: string;
  msgid: string;
  msgstr: string[];
  comments?: {
    translator?: string;
    reference?: string;
    extracted?: string;
    flag?: string;
    previous?: string;
  };
}
interface PoData {
  charset: string;
  headers: Record<string, string>;
  translations: Record<string, Record<string, PoEntry>>;
}

const gettextParser = gettextParserUntyped as {
  po: {
    compile(data: PoData, options: { foldLength: number }): Buffer;
    parse(text: string, options: { validation: boolean }): PoData;
  };
};

/** The translator comment of a target pre-filled from the memory; read back on import. */
const PREFILL = 'TM pre-fill:';

const MARKUP_NOTE =
  'Markdown: keep its markup (*…*, **…**, [text](link), [text][label], <sup>…</sup>, `code`, line breaks) as in the English.';

/** The comment of a unit whose English has markup; a reference link's label is named. */
function markupNote(parts: readonly Part[]): string[] {
  if (!hasCodes(parts)) return [];
  const labels = [...codeTable(parts).values()].flatMap((c) =>
    'label' in c && c.label !== undefined ? [`[…][${c.label}]`] : [],
  );
  return labels.length === 0
    ? [MARKUP_NOTE]
    : [`${MARKUP_NOTE} Translate a link's text, never its label: ${labels.join(', ')}.`];
}

/**
 * One PO file for a language; reproducible (no dates).
 * @example writePo({ srcLang: 'en', trgLang: 'hr', units: [...] }).startsWith('msgid ""') // true
 */
export function writePo(file: ExchangeFile): string {
  const entries: Record<string, Record<string, PoEntry>> = {
    '': { '': { msgid: '', msgstr: [''] } },
  };
  for (const u of file.units) {
    const msgctxt = `${u.document}/${u.key}`;
    const extracted = [
      ...u.notes,
      ...markupNote(toParts(u.source, u.links)),
      ...glossaryNotes(u),
      ...(u.matches ?? []).map(
        (m) => `TM match ${m.quality}% (${m.origin}): ${m.source} → ${m.target}`,
      ),
    ];
    const comments: NonNullable<PoEntry['comments']> = {
      reference: u.location,
      extracted: extracted.join('\n'),
    };
    if (u.state === 'stale') {
      comments.flag = 'fuzzy';
      if (u.previousSource !== undefined) comments.previous = `msgid ${quote(u.previousSource)}`;
    } else if (u.prefill) {
      // As msgmerge leaves a fuzzy match: flagged, with the English it translates.
      comments.flag = 'fuzzy';
      comments.translator = `${PREFILL} ${u.prefill.quality}% from ${u.prefill.origin}; remove "fuzzy" once it is right`;
      if (u.prefill.quality < 100) comments.previous = `msgid ${quote(u.prefill.source)}`;
    }
    (entries[msgctxt] ??= {})[u.source] = {
      msgctxt,
      msgid: u.source,
      msgstr: [u.target ?? ''],
      comments,
    };
  }
  const data: PoData = {
    charset: 'utf-8',
    headers: {
      'Project-Id-Version': 'selec-editions',
      Language: file.trgLang,
      'Language-Team': `${file.trgLang} translators of SELEC editions`,
      'Last-Translator': 'see translations/<lang>/ in git',
      'MIME-Version': '1.0',
      'Content-Type': 'text/plain; charset=UTF-8',
      'Content-Transfer-Encoding': '8bit',
      'X-Source-Language': file.srcLang,
    },
    translations: entries,
  };
  return `${gettextParser.po.compile(data, { foldLength: 0 }).toString('utf8')}\n`;
}

/** A PO string literal (what "#| msgid" needs; gettext-parser writes only msgid and msgstr). */
function quote(text: string): string {
  const escaped = (s: string): string =>
    s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t');
  if (!text.includes('\n')) return `"${escaped(text)}"`;
  const lines = text
    .split('\n')
    .map((l, i, all) => `"${escaped(l)}${i < all.length - 1 ? '\\n' : ''}"`)
    .filter((l) => l !== '""');
  return `""\n${lines.join('\n')}`;
}

/** Reads a PO file; `file` names it in errors. */
export function readPo(input: string, file: string): ReturnedFile {
  const text = normalizeText(input).text;
  let data: PoData;
  try {
    data = gettextParser.po.parse(text, { validation: true });
  } catch (err) {
    throw new UserError(
      `not a valid PO file (${(err as Error).message})`,
      'Open it in your PO editor and save it again, or export it anew with "npm run po -- export --lang <code>".',
      { file },
      { cause: err },
    );
  }
  const language = data.headers['Language'] ?? '';
  const units: ReturnedUnit[] = [];
  const cursor = { at: 0 };
  for (const [ctx, entries] of Object.entries(data.translations)) {
    for (const entry of Object.values(entries)) {
      if (ctx === '' && entry.msgid === '') continue; // the header
      units.push(entryUnit(entry, ctx, text, file, entryLine(entry, ctx, text, cursor)));
    }
  }
  if (units.length === 0)
    throw new UserError(
      'the PO file has no entries with a msgctxt "<document>/<key>" or "<key>"',
      'Import a file written by "npm run po -- export"; a truncated file has to be exported again.',
      { file, line: 1 },
    );
  return { srcLang: data.headers['X-Source-Language'] ?? 'en', trgLang: language, units };
}

// Our msgctxt is "<document>/<key>"; translate-toolkit's xliff2po writes the key alone,
// as msgctxt or as the reference; the document is then found by the importer.
function entryUnit(
  entry: PoEntry,
  ctx: string,
  text: string,
  file: string,
  line: number,
): ReturnedUnit {
  const id = ctx || (entry.comments?.reference ?? '').split(/\s+/)[0] || '';
  const slash = id.indexOf('/');
  const flags = (entry.comments?.flag ?? '').split(/[\s,]+/);
  const hint = hintFromNotes((entry.comments?.extracted ?? '').split('\n'));
  if (id === '' && !hint)
    throw new UserError(
      'the entry has no msgctxt "<document>/<key>"',
      'Keep the msgctxt of each entry as exported.',
      { file, line },
    );
  const unit: ReturnedUnit = {
    document: slash > 0 ? id.slice(0, slash) : '',
    key: id.slice(slash + 1),
    source: [entry.msgid],
    confirmed: !flags.includes('fuzzy'),
    line,
  };
  if ((entry.comments?.translator ?? '').includes(PREFILL)) unit.prefill = true;
  if (hint) unit.hint = hint;
  const target = entry.msgstr[0] ?? '';
  if (target !== '') unit.target = [target];
  return unit;
}

/**
 * The line of an entry in the file, for messages: its msgctxt; without one (a file of
 * xliff2po) its first reference "#: <key>" or else its msgid, the next one after the
 * entry before (such entries are read in file order), as a msgid may be wrapped.
 */
function entryLine(entry: PoEntry, ctx: string, text: string, cursor: { at: number }): number {
  if (ctx !== '') return lineColumn(text, Math.max(0, text.indexOf(`msgctxt ${quote(ctx)}`))).line;
  const reference = (entry.comments?.reference ?? '').split(/\s+/)[0] ?? '';
  const first = quote(entry.msgid).split('\n')[0] === '""' ? '' : quote(entry.msgid);
  for (const needle of [reference && `#: ${reference}`, first && `msgid ${first}`]) {
    const found = needle ? new RegExp(`^${escapeRegExp(needle)}(?=\\s)`, 'm') : undefined;
    const m = found?.exec(text.slice(cursor.at));
    if (m) {
      cursor.at += m.index + 1;
      return lineColumn(text, cursor.at - 1).line;
    }
  }
  return lineColumn(text, cursor.at).line;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
