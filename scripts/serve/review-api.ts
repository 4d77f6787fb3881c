// review-api: what the review page's editor may ask and change. Reads the project anew
// for each request (the files are the truth), writes only translations/<lang>/<doc>.json
// and its .source.json record of registry languages with a folder of their own.
import { UserError, type Location } from '../errors.ts';
import { loadProject, type LoadedDocument, type Project } from '../io/project.ts';
import { loadSpeller, readWordList } from '../io/spelling.ts';
import { readRegistry } from '../io/registry.ts';
import { SOURCE_LANGUAGE, type Language } from '../languages.ts';
import { markUpToDate, saveSegment } from '../services/segments.ts';
import { signEdition } from '../services/signoff.ts';
import { checkSegment, type Finding } from '../stages/check.ts';
import { readTermbase } from '../io/termbase.ts';
import { glossary, shownTerm } from '../stages/terms.ts';
import { problemJson, userErrorJson } from '../stages/diagnostics.ts';
import { lostMarkup } from '../stages/exchange/inline.ts';
import { mergeAll } from '../stages/editions.ts';
import { normalizeText } from '../stages/parse.ts';
import { documentPlaces, placeItems, placeSegments } from '../stages/places.ts';
import { isoDate, type SignoffEntry } from '../stages/signoff.ts';

export type ApiResult = { status: number; body: unknown };

/** An error answer, `{ error, hint, file, line, column }` (stages/diagnostics.ts): where is never in `error`. */
const fail = (
  status: number,
  error: string | UserError,
  hint = '',
  location?: Location,
): ApiResult => ({
  status,
  body:
    error instanceof UserError
      ? userErrorJson(error)
      : problemJson({ severity: 'error', message: error, hint, ...(location ? { location } : {}) }),
});

/** Routes one API call by name; `input` is the parsed JSON body (or query). */
export async function reviewApi(
  root: string,
  name: string,
  input: Record<string, unknown>,
): Promise<ApiResult> {
  switch (name) {
    case 'segments':
      return segments(root, input);
    case 'check':
      return check(root, input);
    case 'save':
      return save(root, input);
    case 'mark':
      return mark(root, input);
    case 'signoff':
      return signOffCall(root, input);
    default:
      return fail(404, `no API call "${name}"`);
  }
}

interface Target {
  project: Project;
  lang: Language;
  loaded: LoadedDocument;
}

/** The language and document a call names, both known; an error result otherwise. */
async function target(
  root: string,
  input: Record<string, unknown>,
  writable: boolean,
): Promise<Target | ApiResult> {
  let lang: Language | undefined;
  let project: Project;
  try {
    const registry = readRegistry(root);
    lang = registry.find(String(input['lang']));
    if (!lang || lang.code === SOURCE_LANGUAGE)
      return fail(400, `unknown translation language "${String(input['lang'])}"`);
    project = await loadProject(root, registry);
  } catch (err) {
    if (err instanceof UserError) return fail(409, err);
    throw err;
  }
  if (!lang || lang.code === SOURCE_LANGUAGE)
    return fail(400, `unknown translation language "${String(input['lang'])}"`);
  if (writable && lang.derivedFrom)
    return fail(
      400,
      `${lang.code} is generated from ${lang.derivedFrom.code}`,
      `Edit the ${lang.derivedFrom.code} review page instead.`,
    );
  const loaded = project.documents.find((d) => d.doc.id === input['document']);
  if (!loaded) return fail(400, `unknown document "${String(input['document'])}"`);
  return { project, lang, loaded };
}

async function segments(root: string, input: Record<string, unknown>): Promise<ApiResult> {
  const t = await target(root, input, false);
  if (!('project' in t)) return t;
  const [edition] = mergeAll(t.project, [t.lang]).filter((e) => e.doc.id === t.loaded.doc.id);
  const resource = t.project.resources[t.lang.code]?.[t.loaded.doc.id] ?? {};
  const { blocks, segments: all, notes, abbreviations } = t.loaded.segmented;
  const places = placeSegments(blocks, all, notes, abbreviations);
  const termbase = await readTermbase(root);
  const list = all.map((s) => ({
    key: s.key,
    // Where the segment stands, for the editor's labels: "Article 1(2)(b)".
    place: places.get(s.key) ?? s.key,
    english: s.text,
    text: resource[s.key] ?? '',
    status: edition?.segments.get(s.key)?.status ?? 'missing',
    // The termbase entries of its English, for the editor: the term to use and its forms.
    terms: glossary(termbase, t.lang.code, s.text).map(({ entry, term }) => ({
      english: shownTerm(entry.en[0] ?? entry.id),
      term: term.term,
      status: term.status,
      forms: term.forms,
      forbidden: term.forbidden,
    })),
  }));
  return {
    status: 200,
    body: {
      lang: t.lang.code,
      document: t.loaded.doc.id,
      editable: !t.lang.derivedFrom,
      editIn: t.lang.derivedFrom?.code ?? t.lang.code,
      segments: list,
    },
  };
}

interface Edit extends Target {
  key: string;
  english: string;
  text: string;
}

async function edit(
  root: string,
  input: Record<string, unknown>,
  needsText: boolean,
): Promise<Edit | ApiResult> {
  const t = await target(root, input, true);
  if (!('project' in t)) return t;
  const seg = t.loaded.segmented.segments.find((s) => s.key === input['key']);
  if (!seg) return fail(400, `${t.loaded.doc.path} has no segment "${String(input['key'])}"`);
  if (needsText && typeof input['text'] !== 'string')
    return fail(400, '"text" must be the translation as a string');
  const text = needsText ? normalizeText(String(input['text'])).text.trim() : '';
  return { ...t, key: seg.key, english: seg.text, text };
}

let words: string[] | undefined;
const spellers = new Map<string, Promise<((w: string) => boolean) | undefined>>();

/** The check rules on one segment, plus the markup the English has and the text lost. */
async function findings(e: Edit): Promise<Finding[]> {
  words ??= await readWordList();
  const speller = spellers.get(e.lang.code) ?? loadSpeller(e.lang.code, words);
  spellers.set(e.lang.code, speller);
  const spell = await speller;
  const file = `translations/${e.lang.code}/${e.loaded.doc.id}.json`;
  const found = checkSegment(
    {
      lang: e.lang.code,
      script: e.lang.script,
      document: e.loaded.doc.id,
      key: e.key,
      english: e.english,
      translation: e.text,
      links: e.loaded.segmented.links,
      file,
    },
    {
      properNames: new Set(words),
      termbase: await readTermbase(e.project.root),
      ...(spell ? { spell } : {}),
    },
  );
  // As on import: the markup of the stored translation (the English's for a new one) must stay;
  // a translation may rightly drop some (hr writes "20." for "20<sup>th</sup>").
  const stored = e.project.resources[e.lang.code]?.[e.loaded.doc.id]?.[e.key];
  const lost = lostMarkup(stored ?? e.english, e.text, e.loaded.segmented.links);
  if (lost)
    found.unshift({
      severity: 'error',
      rule: 'lost-markup',
      lang: e.lang.code,
      document: e.loaded.doc.id,
      key: e.key,
      message: lost,
      file,
    });
  return found;
}

async function check(root: string, input: Record<string, unknown>): Promise<ApiResult> {
  const e = await edit(root, input, true);
  if (!('project' in e)) return e;
  return { status: 200, body: { findings: await findings(e) } };
}

async function save(root: string, input: Record<string, unknown>): Promise<ApiResult> {
  const e = await edit(root, input, true);
  if (!('project' in e)) return e;
  const found = await findings(e);
  const refused = found.find((f) => f.rule === 'lost-markup' || f.rule === 'empty');
  if (refused)
    return {
      status: 422,
      body: {
        error: `not saved: ${refused.message}`,
        hint: 'Correct the text and save again.',
        findings: found,
      },
    };
  const id = e.loaded.doc.id;
  const shown = `translations/${e.lang.code}/${id}.json`;
  const broken = e.project.diagnostics.find(
    (d) => d.severity === 'error' && d.location?.file === shown,
  );
  if (broken)
    return fail(
      409,
      `${broken.message}; not saved`,
      `Fix ${shown} first: rewriting it would lose that entry.`,
      broken.location,
    );
  await saveSegment(e.project, e.lang.code, e.loaded, e.key, e.text);
  return { status: 200, body: { saved: `${shown}#${e.key}`, findings: found } };
}

async function mark(root: string, input: Record<string, unknown>): Promise<ApiResult> {
  const e = await edit(root, input, false);
  if (!('project' in e)) return e;
  const id = e.loaded.doc.id;
  if (e.project.resources[e.lang.code]?.[id]?.[e.key] === undefined)
    return fail(
      400,
      `${e.lang.code} has no translation of "${e.key}" to mark`,
      'Save a translation first.',
    );
  await markUpToDate(e.project, e.lang.code, e.loaded, [e.key]);
  return { status: 200, body: { marked: `${e.lang.code}/${id}#${e.key}` } };
}

// What the form says of a recorded sign-off: who, and whether it is signed with a key.
function signedMessage(t: Target, e: SignoffEntry): string {
  const id = `${t.lang.code}/${t.loaded.doc.id}`;
  const what =
    e.status === 'draft'
      ? `${id}: sign-off withdrawn by ${e.by} on ${e.date}: draft`
      : `${id} ${e.status} by ${e.by} on ${e.date}`;
  return e.signature
    ? `${what}; signed with the SSH key of ${e.signer} (verified)`
    : `${what}; UNVERIFIED: not signed with a key (give your SSH key file to sign)`;
}

async function signOffCall(root: string, input: Record<string, unknown>): Promise<ApiResult> {
  const t = await target(root, input, true);
  if (!('project' in t)) return t;
  const status = input['status'];
  const name = typeof input['name'] === 'string' ? input['name'].trim() : '';
  const role = typeof input['role'] === 'string' ? input['role'].trim() : '';
  const keyFile = typeof input['key'] === 'string' ? input['key'].trim() : '';
  if (status !== 'reviewed' && status !== 'approved' && status !== 'draft')
    return fail(400, '"status" must be "reviewed", "approved" or "draft" (withdraws)');
  if (!keyFile && (!name || !role || name.length > 200 || role.length > 200))
    return fail(
      400,
      'a sign-off needs the name and the role of the person (at most 200 characters each), or an SSH key file',
    );
  const note =
    typeof input['note'] === 'string' && input['note'].trim()
      ? input['note'].trim().slice(0, 2000)
      : undefined;
  const signed: 'reviewed' | 'approved' | 'draft' = status;
  try {
    const date = isoDate(new Date());
    const request = {
      lang: t.lang.code,
      document: t.loaded.doc.id,
      status: signed,
      by: keyFile && !(name && role) ? '' : `${name}, ${role}`,
      date,
      // The server never waits for a passphrase: a key without one, or one ssh-agent holds.
      ...(keyFile ? { key: { key: keyFile, interactive: false } } : {}),
    };
    const decision = await signEdition(t.project, { ...request, ...(note ? { note } : {}) });
    if (decision.ok) return { status: 200, body: { message: signedMessage(t, decision.entry) } };
    if (decision.reason === 'open-segments')
      return fail(
        409,
        `refusing to mark ${t.lang.code}/${t.loaded.doc.id} ${status}: ${decision.count} segment${decision.count === 1 ? ' is' : 's are'} not up to date: ${openPlaces(t.loaded, decision)}`,
        'Translate the missing segments and mark the stale ones up to date after checking them, then sign again.',
      );
    return fail(
      422,
      'a forced sign-off needs a note saying why',
      'Use "npm run review -- … --force --note" from the command line.',
    );
  } catch (err) {
    if (err instanceof UserError) return fail(400, err);
    throw err;
  }
}

// The open segments of a refused sign-off by place: "Recital 1 · knowing (stale); …".
function openPlaces(
  loaded: LoadedDocument,
  open: { stale: readonly string[]; missing: readonly string[] },
): string {
  const places = documentPlaces(loaded.segmented);
  return placeItems(places, { stale: open.stale, missing: open.missing }).join('; ');
}
