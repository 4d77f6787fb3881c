// signoff-view: the sign-off of an edition as the review page shows it (pure): the state
// first ("draft — approval of 2026-12-05 by … lapsed"), what changed since the last
// review or approval as a word diff, then the whole history, newest first.
import { diffWordsWithSpace } from 'diff';
import { escapeHtml } from './escape.ts';
import {
  lapseText,
  reviewSummary,
  reviewText,
  type CurrentSignoff,
  type SignoffChange,
  type SignoffEntry,
  type Verification,
} from './signoff.ts';

/** What the review page knows of an edition's sign-off. */
export interface SignoffView {
  current: CurrentSignoff;
  /** Every entry of the document, oldest first. */
  history: readonly SignoffEntry[];
  /** The verification of each entry of `history` (its SSH signature). */
  verifications?: readonly Verification[];
  /** What changed since the latest review or approval, when its texts are on record. */
  changes?: readonly SignoffChange[];
}

/** The sign-off section of a review page. */
export function renderSignoffSection(view: SignoffView, lang: string): string {
  const { current } = view;
  const state = current.entry ? reviewText(reviewSummary(current)) : 'draft: never signed';
  const text = current.lapse ? lapseText(current.lapse) : '';
  const why = text ? `<p>${escapeHtml(text.charAt(0).toUpperCase() + text.slice(1))}.</p>\n` : '';
  const marker = current.lapse ? 'lapsed' : current.effective;
  return `<section class="signoff" aria-labelledby="signoff-title" data-review="${marker}">
<h2 id="signoff-title">Sign-off</h2>
<p class="signoff-state"><strong>${escapeHtml(state)}</strong></p>
${why}${changesHtml(view.changes ?? [], lang)}${historyHtml(view.history, view.verifications ?? [])}</section>
`;
}

function changesHtml(changes: readonly SignoffChange[], lang: string): string {
  if (changes.length === 0) return '';
  const rows = changes
    .map(
      (c) =>
        `<tr><th scope="row"><a href="#seg-${escapeHtml(c.key)}">${escapeHtml(c.key)}</a></th><td>${c.side === 'english' ? 'English' : 'translation'}</td><td${c.side === 'english' ? ' lang="en"' : ` lang="${lang}"`}>${htmlDiff(c.before, c.after)}</td></tr>`,
    )
    .join('\n');
  return `<details open><summary>What changed since the last review or approval (${changes.length})</summary>
<table class="since"><thead><tr><th scope="col">Segment</th><th scope="col">Text</th><th scope="col">Change</th></tr></thead>
<tbody>
${rows}
</tbody></table></details>
`;
}

function historyHtml(
  history: readonly SignoffEntry[],
  verifications: readonly Verification[],
): string {
  if (history.length === 0) return '';
  const items = history
    .map(
      (e, i) =>
        `<li><time datetime="${escapeHtml(e.date)}">${escapeHtml(e.date)}</time> ${e.status === 'draft' ? 'withdrawn (draft)' : escapeHtml(e.status)} by ${escapeHtml(e.by)}${e.note ? ` — ${escapeHtml(e.note)}` : ''}${e.v === undefined ? ' <small>(first-version record)</small>' : ''} ${signatureHtml(verifications[i])}</li>`,
    )
    .reverse()
    .join('\n');
  return `<details><summary>History (${history.length})</summary>
<ol reversed>
${items}
</ol></details>
`;
}

/** Whether an entry is signed, as a badge: verified (whose key), not signed, or failing (why). */
function signatureHtml(v: Verification | undefined): string {
  if (v?.state === 'verified')
    return `<span class="signature" data-signature="verified">signature verified: ${escapeHtml(v.principal)}, key ${escapeHtml(v.key)}</span>`;
  if (v?.state === 'invalid')
    return `<span class="signature" data-signature="invalid">signature does not verify: ${escapeHtml(v.reason)}</span>`;
  return '<span class="signature" data-signature="unsigned">not signed with a key (unverified)</span>';
}

/** Word diff of two texts (either may be absent) as HTML with <del> and <ins>. */
export function htmlDiff(before: string | null, after: string | null): string {
  if (before === null) return after === null ? '' : `<ins>${escapeHtml(after)}</ins>`;
  if (after === null) return `<del>${escapeHtml(before)}</del>`;
  return diffWordsWithSpace(before, after)
    .map((p) =>
      p.added
        ? `<ins>${escapeHtml(p.value)}</ins>`
        : p.removed
          ? `<del>${escapeHtml(p.value)}</del>`
          : escapeHtml(p.value),
    )
    .join('');
}
