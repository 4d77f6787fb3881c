// tbx: the termbase as TBX (ISO 30042:2019, dialect TBX-Basic, DCA style) and back.
// Each entry is a <conceptEntry id>; each language a <langSec>; in it, the required term
// (termType fullForm, administrativeStatus preferredTerm if verified, admittedTerm if
// proposed, its source as <admin type="source">, its note as <note>), every allowed form
// (termType variant, admittedTerm: "*" ends a stem, as CAT tools' prefix matching reads
// it) and every forbidden variant (deprecatedTerm, which CAT tools flag).
import type { Element } from 'xml-js';
import { UserError } from '../errors.ts';
import type { LanguageTerm, TermEntry, Termbase } from './terms.ts';
import { attr, children, parseXml, textOf, xmlEscape } from './xml.ts';

const NS = 'urn:iso:std:iso:30042:ed-2';
const STATUS = 'administrativeStatus';

interface TermSec {
  term: string;
  type: 'fullForm' | 'variant';
  status: 'preferredTerm-admn-sts' | 'admittedTerm-admn-sts' | 'deprecatedTerm-admn-sts';
  source?: string | undefined;
  note?: string | undefined;
}

function termSec(t: TermSec, indent: string): string {
  const lines = [
    `<termSec>`,
    `  <term>${xmlEscape(t.term)}</term>`,
    `  <termNote type="termType">${t.type}</termNote>`,
    `  <termNote type="${STATUS}">${t.status}</termNote>`,
    ...(t.source ? [`  <admin type="source">${xmlEscape(t.source)}</admin>`] : []),
    ...(t.note ? [`  <note>${xmlEscape(t.note)}</note>`] : []),
    `</termSec>`,
  ];
  return lines.map((l) => `${indent}${l}`).join('\n');
}

function langSec(lang: string, secs: TermSec[]): string {
  const ind = '        ';
  return `      <langSec xml:lang="${xmlEscape(lang)}">\n${secs.map((s) => termSec(s, ind)).join('\n')}\n      </langSec>`;
}

function languageSecs(t: LanguageTerm): TermSec[] {
  return [
    {
      term: t.term,
      type: 'fullForm',
      status: t.status === 'verified' ? 'preferredTerm-admn-sts' : 'admittedTerm-admn-sts',
      source: t.source,
      note: t.note,
    },
    ...t.forms.map((f): TermSec => ({ term: f, type: 'variant', status: 'admittedTerm-admn-sts' })),
    ...t.forbidden.map((f): TermSec => ({
      term: f,
      type: 'variant',
      status: 'deprecatedTerm-admn-sts',
    })),
  ];
}

/**
 * The termbase as one TBX file (reproducible: entries in file order, languages sorted).
 * @example writeTbx({ entries: [] }) // '<?xml …'
 */
export function writeTbx(termbase: Termbase): string {
  const entries = termbase.entries.map((e) => {
    const en = langSec(
      'en',
      e.en.map((t, i) => ({
        term: t,
        type: i === 0 ? 'fullForm' : 'variant',
        status: 'preferredTerm-admn-sts',
      })),
    );
    const langs = Object.keys(e.langs)
      .sort()
      .map((l) => langSec(l, languageSecs(e.langs[l] as LanguageTerm)));
    const note = e.note ? [`      <note>${xmlEscape(e.note)}</note>`] : [];
    return [
      `    <conceptEntry id="${xmlEscape(e.id)}">`,
      ...note,
      en,
      ...langs,
      `    </conceptEntry>`,
    ].join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="${NS}" type="TBX-Basic" style="dca" xml:lang="en">
  <tbxHeader>
    <fileDesc>
      <titleStmt><title>SELEC editions termbase</title></titleStmt>
      <sourceDesc><p>terms/termbase.json of SELEC editions. Term patterns: "*" ends a stem (any ending), "…" lets up to five words stand between, "^" keeps the case as written.</p></sourceDesc>
    </fileDesc>
  </tbxHeader>
  <text>
    <body>
${entries.join('\n')}
    </body>
  </text>
</tbx>
`;
}

/** Reads a TBX file written by writeTbx or a CAT tool (TBX-Basic, DCA style). */
export function readTbx(text: string, file: string): Termbase {
  const root = parseXml(text, file, 'TBX file');
  if (root.name !== 'tbx' && root.name !== 'martif')
    throw new UserError(
      `the root element is <${root.name ?? '?'}>, not <tbx>`,
      'Import a TBX file.',
      {
        file,
        line: 1,
      },
    );
  const body = children(children(root, 'text')[0], 'body')[0];
  const concepts = children(body, 'conceptEntry').concat(children(body, 'termEntry'));
  return { entries: concepts.map((c, i) => conceptOf(c, i, file)) };
}

function conceptOf(c: Element, i: number, file: string): TermEntry {
  const id = attr(c, 'id') ?? `entry-${i + 1}`;
  const note = textOf(children(c, 'note')[0]);
  const langs: Record<string, LanguageTerm> = {};
  let en: string[] = [];
  for (const sec of children(c, 'langSec').concat(children(c, 'langSet'))) {
    const lang = attr(sec, 'xml:lang');
    if (!lang)
      throw new UserError(
        `conceptEntry "${id}" has a langSec without xml:lang`,
        'Give each langSec its language.',
        { file },
      );
    const terms = children(sec, 'termSec').concat(children(sec, 'tig')).map(readTermSec);
    if (lang === 'en' || lang.startsWith('en-')) {
      en = terms.map((t) => t.term);
      continue;
    }
    const lt = languageTerm(terms);
    if (lt) langs[lang] = lt;
  }
  if (en.length === 0)
    throw new UserError(
      `conceptEntry "${id}" has no English term`,
      'Add a langSec xml:lang="en".',
      { file },
    );
  return { id, en, ...(note ? { note } : {}), langs };
}

function readTermSec(s: Element): TermSec {
  const notes = (type: string): string | undefined =>
    children(s, 'termNote')
      .filter((n) => attr(n, 'type') === type)
      .map(textOf)[0];
  const admin = children(s, 'admin').find((a) => attr(a, 'type') === 'source');
  const note = children(s, 'note')[0];
  return {
    term: textOf(children(s, 'term')[0]),
    type: notes('termType') === 'variant' ? 'variant' : 'fullForm',
    status: (notes(STATUS) ?? 'admittedTerm-admn-sts') as TermSec['status'],
    source: admin ? textOf(admin) : undefined,
    note: note ? textOf(note) : undefined,
  };
}

// The required term is the first fullForm that is not deprecated; a tool's file without
// variants gets the term itself as its one allowed form.
function languageTerm(terms: TermSec[]): LanguageTerm | undefined {
  const main = terms.find((t) => t.type === 'fullForm' && !t.status.startsWith('deprecated'));
  if (!main) return undefined;
  const forms = terms.filter((t) => t.type === 'variant' && !t.status.startsWith('deprecated'));
  const forbidden = terms.filter((t) => t.status.startsWith('deprecated'));
  const verified = main.status.startsWith('preferred') && main.source !== undefined;
  return {
    term: main.term,
    forms: forms.length > 0 ? forms.map((t) => t.term) : [main.term],
    ...(forbidden.length > 0 ? { forbidden: forbidden.map((t) => t.term) } : { forbidden: [] }),
    status: verified ? 'verified' : 'proposed',
    ...(main.source ? { source: main.source } : {}),
    ...(main.note ? { note: main.note } : {}),
  };
}
