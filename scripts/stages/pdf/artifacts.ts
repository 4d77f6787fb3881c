// artifacts: marks what Chromium paints outside the structure tree as artifacts
// (PDF/UA-1 §7.1, ISO 32000-1 §14.8.2.2): the page background, the @page footer
// (a pagination artifact) and decoration; and turns tagged sequences that paint only
// lines and boxes (the masthead's rule, the notice's border, table rules) into layout
// artifacts, so that nothing decorative is read out and nothing untagged is real content.
import { numbers, operands, PAINTING, TEXT_SHOWING, type Op } from './content.ts';
import { isDict } from './objects.ts';
import { matchingEnd } from './text-layer.ts';

export interface ArtifactResult {
  ops: Op[];
  /** MCIDs whose content became a layout artifact: the structure tree must forget them. */
  decorative: number[];
}

const op = (src: string, name: string): Op => ({ op: name, src, operandsEnd: src.length - name.length });
const begin = (props: string): Op => op(`/Artifact ${props} BDC`, 'BDC');
const END = op('EMC', 'EMC');

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];

/**
 * Wraps the page's untagged painting in Artifact sequences.
 * `mayDecorate(mcid)` says whether a paint-only tagged sequence may become an artifact
 * (not the bullet of a list label, not a figure).
 */
export function markArtifacts(ops: Op[], pageHeight: number, mayDecorate: (mcid: number) => boolean): ArtifactResult {
  const out: Op[] = [];
  const decorative: number[] = [];
  let run: Op[] = [];
  let runText = false;
  let runPaints = false;
  let runY = 0;
  let seenTagged = false;
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let tm: number[] = [];
  const stack: Matrix[] = [];
  const flush = (): void => {
    if (runPaints) {
      const props = runText ? `<</Type /Pagination /Subtype /${runY < pageHeight / 2 ? 'Footer' : 'Header'}>>` : seenTagged ? '<</Type /Layout>>' : '<</Type /Background>>';
      out.push(begin(props), ...run, END);
    } else out.push(...run);
    run = [];
    runText = false;
    runPaints = false;
  };
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i] as Op;
    if (o.op === 'q') stack.push(ctm);
    else if (o.op === 'Q') ctm = stack.pop() ?? ctm;
    else if (o.op === 'cm') ctm = multiply(numbers(o) as Matrix, ctm);
    if (o.op === 'BDC' || o.op === 'BMC') {
      flush();
      const end = matchingEnd(ops, i);
      const inner = ops.slice(i + 1, end);
      for (const x of inner) {
        if (x.op === 'q') stack.push(ctm);
        else if (x.op === 'Q') ctm = stack.pop() ?? ctm;
        else if (x.op === 'cm') ctm = multiply(numbers(x) as Matrix, ctm);
      }
      const mcid = mcidOf(o);
      const paintsOnly = inner.some((x) => PAINTING.has(x.op)) && !inner.some((x) => TEXT_SHOWING.has(x.op) || x.op === 'Do' || x.op === 'BI' || x.op === 'BDC' || x.op === 'BMC');
      if (mcid !== undefined && paintsOnly && mayDecorate(mcid)) {
        decorative.push(mcid);
        out.push(begin('<</Type /Layout>>'), ...inner, END);
      } else out.push(o, ...inner, ops[end] as Op);
      if (mcid !== undefined) seenTagged = true;
      i = end;
      continue;
    }
    if (o.op === 'BT') flush();
    if (o.op === 'Tm') tm = numbers(o);
    if (TEXT_SHOWING.has(o.op)) {
      runText = true;
      runY = (tm[4] ?? 0) * ctm[1] + (tm[5] ?? 0) * ctm[3] + ctm[5];
    }
    if (PAINTING.has(o.op)) runPaints = true;
    run.push(o);
    if (o.op === 'ET') flush();
  }
  flush();
  return { ops: out, decorative };
}

function mcidOf(o: Op): number | undefined {
  if (o.op !== 'BDC' || !o.src.includes('MCID')) return undefined;
  const [, props] = operands(o);
  const v = isDict(props) ? props.entries.get('MCID') : undefined;
  return typeof v === 'number' ? v : undefined;
}
