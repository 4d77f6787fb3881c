// gate: the publication gate, before anything is rendered. Collects every finding about
// the editions of this build and decides which of them are not published: an error
// keeps an edition's published files as they were, the policy takes it out of the release.
import { type Diagnostic } from '../errors.ts';
import { SOURCE_LANGUAGE } from '../languages.ts';
import { type Edition } from '../stages/merge.ts';
import { signoffOf } from '../stages/editions.ts';
import {
  authenticFindings,
  blockedEditions,
  sourceFindings,
  translationFindings,
  uiFindings,
} from '../stages/gate.ts';
import { heldBack, policyOf } from '../stages/policy.ts';
import { lapseText } from '../stages/signoff.ts';
import { report, type Context, type Lapsed, type Withheld } from './context.ts';

/**
 * The gate, before anything is rendered: every finding about the editions of this build
 * (their English, their translation), then which editions are not published. An edition
 * with an error (with --strict, a warning) keeps its published files as they were; one
 * that does not meet the publication policy is "in preparation" and leaves the release.
 */
export function judge(ctx: Context, mine: readonly Edition[]): Withheld[] {
  const { project, options } = ctx;
  const found: Diagnostic[] = [...ctx.diagnostics];
  const say = (d: Diagnostic): void => {
    report(ctx, d);
    found.push(d);
  };
  for (const { doc, segmented } of project.documents)
    if (mine.some((e) => e.doc.id === doc.id))
      for (const d of [
        ...sourceFindings(doc, segmented),
        ...authenticFindings(doc, project.registry.codes),
      ])
        say(d);
  for (const lang of new Set(mine.map((e) => e.lang)))
    for (const d of uiFindings(
      lang,
      project.resources[lang.code]?.['ui'] ?? {},
      project.resources[SOURCE_LANGUAGE]?.['ui'] ?? {},
      {
        file: `translations/${lang.code}/ui.json`,
        lines: project.keyLines[lang.code]?.['ui'] ?? {},
        properNames: ctx.properNames,
      },
    ))
      say(d);
  for (const edition of mine) for (const d of editionFindings(ctx, edition)) say(d);
  const blocked = blockedEditions(
    mine.map((e) => ({ lang: e.lang, document: e.doc.id })),
    found,
    options.strict === true,
  );
  const out: Withheld[] = [];
  for (const edition of mine) {
    const id = `${edition.lang.code}/${edition.doc.id}`;
    const errors = blocked.get(id);
    const base = { lang: edition.lang.code, document: edition.doc.id };
    if (errors) {
      const rules = [...new Set(errors.map((d) => d.rule ?? d.severity))];
      out.push({ ...base, kind: 'error', reasons: rules });
      continue;
    }
    if (options.allowIncomplete) continue;
    const signoff = signoffOf(project, edition.lang.code, edition.doc.id);
    const reasons = heldBack(edition, signoff, policyOf(project.policy, edition.doc.id));
    if (reasons.length > 0) out.push({ ...base, kind: 'policy', reasons });
  }
  for (const w of out) if (w.kind === 'policy') ctx.manifest.delete(`${w.lang}/${w.document}`);
  return out;
}

/** The findings about one edition's translation, and what --strict adds: missing and stale segments. */
function editionFindings(ctx: Context, edition: Edition): Diagnostic[] {
  const { project } = ctx;
  const { lang, doc } = edition;
  const own = lang.derivedFrom?.code ?? lang.code;
  const id = `${lang.code}/${doc.id}`;
  const file = `translations/${own}/${doc.id}.json`;
  const out: Diagnostic[] = [];
  if (lang.code !== SOURCE_LANGUAGE && !lang.derivedFrom && !project.resources[own]?.[doc.id]) {
    // A published edition whose translation file is gone would turn English: a mistake.
    if (ctx.manifest.has(id))
      out.push({
        severity: 'error',
        rule: 'translation-file-missing',
        message: `${file} is missing: the published ${lang.englishName} edition would be English only`,
        hint: `Restore it (git checkout -- ${file}); to withdraw the edition, remove its entry from the registry instead.`,
        location: { file },
        lang: lang.code,
        document: doc.id,
      });
    return out;
  }
  out.push(
    ...translationFindings(edition, {
      file,
      lines: project.keyLines[own]?.[doc.id] ?? {},
      records: project.records[own]?.[doc.id] ?? {},
      properNames: ctx.properNames,
    }),
  );
  if (ctx.options.strict) out.push(...incompleteFindings(edition, file));
  return out;
}

/** Under --strict: segments still in English, or translated from an older English, as warnings. */
function incompleteFindings(edition: Edition, file: string): Diagnostic[] {
  const keys = (status: string) =>
    [...edition.segments.values()].filter((s) => s.status === status).map((s) => s.key);
  const base = { severity: 'warning' as const, lang: edition.lang.code, document: edition.doc.id };
  const out: Diagnostic[] = [];
  const missing = keys('missing');
  if (missing.length > 0)
    out.push({
      ...base,
      rule: 'missing-translation',
      message: `${missing.length} segment${missing.length === 1 ? '' : 's'} shown in English: ${missing.join(', ')}`,
      location: { file },
    });
  const stale = keys('stale');
  if (stale.length > 0)
    out.push({
      ...base,
      rule: 'stale-translation',
      message: `${stale.length} segment${stale.length === 1 ? '' : 's'} translated from an older English: ${stale.join(', ')}`,
      location: { file },
    });
  return out;
}

/**
 * Every review or approval of the editions of this build that lapsed since the last build
 * (the release's manifest recorded it current, or recorded nothing of it): its edition,
 * signer and date, and what changed (each also told as a 'lapse' event). An edition
 * derived from another follows its lapse.
 */
export function lapsedSince(ctx: Context, mine: readonly Edition[]): Lapsed[] {
  const out: Lapsed[] = [];
  for (const edition of mine) {
    if (edition.lang.derivedFrom) continue;
    const s = signoffOf(ctx.project, edition.lang.code, edition.doc.id);
    if (!s?.lapse || !s.entry || s.entry.status === 'draft') continue;
    const id = `${edition.lang.code}/${edition.doc.id}`;
    const before = ctx.manifest.get(id)?.[0]?.review;
    const known =
      before?.current === false && before.date === s.entry.date && before.by === s.entry.by;
    if (known) continue;
    const what = s.entry.status === 'approved' ? 'approval' : 'review';
    out.push({
      lang: edition.lang.code,
      document: edition.doc.id,
      status: s.entry.status,
      by: s.entry.by,
      date: s.entry.date,
      english: s.lapse.english,
      translation: s.lapse.translation,
      message: `${id}: ${what} of ${s.entry.date} by ${s.entry.by} lapsed: ${lapseText(s.lapse)}; it is shown as a draft until signed again (npm run review -- --since-signoff --lang ${edition.lang.code} --document ${edition.doc.id} shows what changed)`,
    });
  }
  for (const lapse of out) ctx.emit({ type: 'lapse', lapse });
  return out;
}
