// import-plan: what an XLIFF or PO file brings back, decided unit by unit against the
// project as it is: which translations to write, which to record as up to date, which
// units are refused or skipped and why. Pure; commands/xliff.ts writes the plan.
import type { Links } from 'marked';
import type { LoadedDocument, Project } from '../../io/project.ts';
import type { SourceRecord } from '../merge.ts';
import type { Segment } from '../segment.ts';
import type { FormatId } from './formats.ts';
import {
  alignTarget,
  codeIds,
  codeTable,
  lostMarkup,
  restore,
  toParts,
  type IdPart,
} from './inline.ts';
import { decide, type Outcome, type ReturnedUnit } from './model.ts';

/** The changes to one document's translation file. */
export interface Plan {
  loaded: LoadedDocument;
  values: Record<string, string>;
  changed: boolean;
  mark: Set<string>;
}

export type Tally = Record<Outcome | 'skipped', number>;

/** How an import runs and where it reports: one line per unit refused, skipped, stale or forced. */
interface ImportContext {
  force: boolean;
  format: FormatId;
  tally: Tally;
  file: string;
  report: (s: string) => void;
}

/**
 * The plan of an import into `lang`, per document; `ctx.report` receives one line per unit
 * refused, skipped, still stale or forced, and `ctx.tally` the counts.
 */
export function planImport(
  project: Project,
  lang: string,
  units: readonly ReturnedUnit[],
  ctx: ImportContext,
): Map<string, Plan> {
  const docs = new Map(project.documents.map((d) => [d.doc.id, d]));
  const plans = new Map<string, Plan>();
  for (const unit of units) {
    const { loaded, seg } = locate(unit, docs);
    if (!loaded || !seg) {
      ctx.tally.skipped++;
      ctx.report(
        `skipped ${unit.document} ${unit.key} (${ctx.file}:${unit.line}): ${loaded ? `no segment has this key in ${loaded.doc.path}` : 'no document in source/ has this id'}\n`,
      );
      continue;
    }
    const record = project.records[lang]?.[loaded.doc.id]?.[seg.key];
    const plan = plans.get(loaded.doc.id) ?? {
      loaded,
      values: { ...(project.resources[lang]?.[loaded.doc.id] ?? {}) },
      changed: false,
      mark: new Set<string>(),
    };
    plans.set(loaded.doc.id, plan);
    planUnit(unit, seg, plan, record, ctx);
  }
  return plans;
}

// One unit against the stored translation and its record, into its document's plan; never erases.
function planUnit(
  unit: ReturnedUnit,
  seg: Segment,
  plan: Plan,
  record: SourceRecord | undefined,
  ctx: ImportContext,
): void {
  const { loaded } = plan;
  const stored =
    Object.hasOwn(plan.values, seg.key) && plan.values[seg.key]?.trim()
      ? plan.values[seg.key]
      : undefined;
  // The line in the translator's file, then the English's.
  const where = `${loaded.doc.id} ${seg.key} (${ctx.file}:${unit.line}, English at ${loaded.doc.path}:${seg.line})`;
  if (unit.error !== undefined) {
    if (unit.target !== undefined) refuse(ctx, where, unit.error);
    return;
  }
  const texts = unitTexts(unit, seg.text, record?.en, stored, {
    format: ctx.format,
    links: loaded.segmented.links,
  });
  if (texts.target === undefined || texts.target.trim() === '') return; // nothing to import; never erases
  if (texts.error) return refuse(ctx, where, texts.error);
  const current = stored !== undefined && asRead(stored) === texts.target ? texts.target : stored;
  const decision = decide({
    target: texts.target,
    current,
    record,
    english: seg.text,
    sourceCurrent: texts.sourceCurrent,
    confirmed: unit.confirmed,
    force: ctx.force,
    prefill: unit.prefill === true,
  });
  ctx.tally[decision.outcome]++;
  if (decision.outcome === 'refused' || decision.outcome === 'still-stale')
    ctx.report(
      `${decision.outcome === 'refused' ? 'refused' : 'still stale'} ${where}: ${decision.reason ?? 'the English changed since it was translated; revise the target, or mark it translated in your tool'}\n`,
    );
  else if (decision.reason) ctx.report(`forced ${where}: ${decision.reason}\n`);
  if (decision.value !== undefined && decision.value !== stored) {
    plan.values[seg.key] = decision.value;
    plan.changed = true;
  }
  if (decision.mark) plan.mark.add(seg.key);
}

function refuse(ctx: ImportContext, where: string, reason: string): void {
  ctx.tally.refused++;
  ctx.report(`refused ${where}: ${reason}\n`);
}

/**
 * The document and segment of a returned unit: by its document and key; by its key alone
 * when a tool dropped the document (unique among the documents); else by its notes.
 */
function locate(
  unit: ReturnedUnit,
  docs: ReadonlyMap<string, LoadedDocument>,
): { loaded?: LoadedDocument; seg?: Segment } {
  const find = (document: string, key: string): { loaded?: LoadedDocument; seg?: Segment } => {
    const loaded = docs.get(document);
    const seg = loaded?.segmented.segments.find((s) => s.key === key);
    return loaded ? (seg ? { loaded, seg } : { loaded }) : {};
  };
  if (unit.document !== '') {
    const found = find(unit.document, unit.key);
    if (found.seg || !unit.hint) return found;
  } else {
    const owners = [...docs.keys()].filter((id) => find(id, unit.key).seg);
    if (owners.length === 1) return find(owners[0] as string, unit.key);
  }
  return unit.hint ? find(unit.hint.document, unit.hint.key) : {};
}

/**
 * The Markdown of a returned unit's source and target, its codes restored from the English
 * it was exported from (today's, or the one its translation was made from) and from the
 * stored translation; or why not. The codes the stored translation has (the English's,
 * for a new one) must all come back.
 */
function unitTexts(
  unit: ReturnedUnit,
  english: string,
  previous: string | undefined,
  stored: string | undefined,
  { format, links }: { format: FormatId; links: Links },
): { sourceCurrent: boolean; target?: string; error?: string } {
  const reference = stored ?? english;
  const plain = (parts: readonly IdPart[] | undefined): boolean =>
    (parts ?? []).every((p) => typeof p === 'string');
  // PO, and XLIFF written by a tool that carries Markdown as plain text (translate-toolkit's po2xliff).
  if (format === 'po' || (plain(unit.source) && plain(unit.target))) {
    const source = unit.source.join('');
    const target = unit.target?.join('');
    const sourceCurrent = source === english;
    if (target === undefined) return { sourceCurrent };
    const lost = lostMarkup(reference, target, links);
    return lost ? { sourceCurrent, target, error: lost } : { sourceCurrent, target };
  }
  for (const candidate of previous === undefined || previous === english
    ? [english]
    : [english, previous]) {
    const sourceParts = toParts(candidate, links);
    const source = restore(unit.source, codeTable(sourceParts));
    if (
      'error' in source ||
      (source.markdown !== candidate && source.markdown !== asRead(candidate))
    )
      continue;
    const sourceCurrent = candidate === english;
    if (unit.target === undefined) return { sourceCurrent };
    const storedParts =
      stored === undefined ? undefined : alignTarget(sourceParts, toParts(stored, links));
    const table = codeTable(storedParts ?? [], codeTable(sourceParts));
    const target = restore(unit.target, table, codeIds(storedParts ?? sourceParts));
    if ('error' in target)
      return {
        sourceCurrent,
        target: '-',
        error: `${target.error}; restore the codes (tags) in the target`,
      };
    return { sourceCurrent, target: target.markdown };
  }
  return {
    sourceCurrent: false,
    target: '-',
    error:
      'its source is not the English of this segment, so its inline codes cannot be restored; export it anew',
  };
}

/**
 * A text as the xliff package gives it back: it drops a final line end and the blanks
 * after it, and a text of blanks only.
 * @example asRead('Bok\n') // 'Bok'
 */
export function asRead(text: string): string {
  if (text.trim() === '') return '';
  return /\n\s*$/.test(text) ? text.slice(0, text.lastIndexOf('\n')) : text;
}
