// artifacts: marks what Chromium paints outside the structure tree as artifacts
// (PDF/UA-1 §7.1, ISO 32000-1 §14.8.2.2): the page background, the @page footer
// (a pagination artifact) and decoration; and turns tagged sequences that paint only
// lines and boxes (the masthead's rule, the notice's border, table rules) into layout
// artifacts, so that nothing decorative is read out and nothing untagged is real content.
import {
  isPainting,
  isTextShowing,
  numbers,
  operands,
  OP,
  type Edit,
  type Ops,
} from './content.ts';
import { isDict } from './objects.ts';
import { matchingEnd } from './text-layer.ts';

export interface ArtifactResult {
  edits: Edit[];
  /** MCIDs whose content became a layout artifact: the structure tree must forget them. */
  decorative: number[];
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

/**
 * Wraps the page's untagged painting in Artifact sequences (as edits of the stream).
 * `mayDecorate(mcid)` says whether a paint-only tagged sequence may become an artifact
 * (not the bullet of a list label, not a figure). Text outside the tree is the @page
 * margin box: a footer below the middle of the page, a header above.
 */
export function markArtifacts(
  ops: Ops,
  pageHeight: number,
  mayDecorate: (mcid: number) => boolean,
): ArtifactResult {
  const edits: Edit[] = [];
  const decorative: number[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let tm: number[] = [];
  const stack: Matrix[] = [];
  let runFrom = -1;
  let runTo = -1;
  let runText = false;
  let runY = 0;
  let seenTagged = false;
  const flush = (): void => {
    if (runFrom >= 0) {
      const props = runText
        ? `<</Type /Pagination /Subtype /${runY < pageHeight / 2 ? 'Footer' : 'Header'}>>`
        : seenTagged
          ? '<</Type /Layout>>'
          : '<</Type /Background>>';
      edits.push(
        {
          from: ops.start[runFrom] ?? 0,
          to: ops.start[runFrom] ?? 0,
          text: `/Artifact ${props} BDC\n`,
        },
        { from: ops.end[runTo] ?? 0, to: ops.end[runTo] ?? 0, text: '\nEMC' },
      );
    }
    runFrom = -1;
    runText = false;
  };
  let inRun = -1; // first operation of the current untagged run, painting or not
  const track = (k: number, c: number): void => {
    if (c === OP.q) stack.push(ctm);
    else if (c === OP.Q) ctm = stack.pop() ?? ctm;
    else if (c === OP.cm) ctm = multiply(numbers(ops, k) as Matrix, ctm);
    else if (c === OP.Tm) tm = numbers(ops, k);
  };
  for (let k = 0; k < ops.count; k++) {
    const c = ops.code[k] ?? OP.OTHER;
    if (c === OP.BDC || c === OP.BMC) {
      flush();
      inRun = -1;
      const end = matchingEnd(ops, k);
      let paints = false;
      let content = false;
      for (let j = k + 1; j < end; j++) {
        const x = ops.code[j] ?? OP.OTHER;
        track(j, x);
        if (x === OP.paint) paints = true;
        else if (isPainting(x) || x === OP.BDC || x === OP.BMC) content = true;
      }
      const mcid = c === OP.BDC ? mcidOf(ops, k) : undefined;
      if (mcid !== undefined && paints && !content && mayDecorate(mcid)) {
        decorative.push(mcid);
        edits.push({
          from: ops.start[k] ?? 0,
          to: ops.end[k] ?? 0,
          text: '/Artifact <</Type /Layout>> BDC',
        });
      }
      if (mcid !== undefined) seenTagged = true;
      k = end;
      continue;
    }
    track(k, c);
    // A run never crosses the boundary of a text object, so BDC/EMC nest with BT/ET.
    if (c === OP.BT) {
      flush();
      inRun = k;
    }
    if (inRun < 0) inRun = k;
    if (isPainting(c)) {
      if (runFrom < 0) runFrom = inRun;
      runTo = k;
      if (isTextShowing(c)) {
        runText = true;
        runY = (tm[4] ?? 0) * ctm[1] + (tm[5] ?? 0) * ctm[3] + ctm[5];
      }
    }
    if (c === OP.ET) {
      if (runFrom >= 0) runTo = k;
      flush();
      inRun = -1;
    }
  }
  flush();
  return { edits, decorative };
}

function mcidOf(ops: Ops, k: number): number | undefined {
  if (!ops.s.slice(ops.start[k], ops.opAt[k]).includes('MCID')) return undefined;
  const [, props] = operands(ops, k);
  const v = isDict(props) ? props.entries.get('MCID') : undefined;
  return typeof v === 'number' ? v : undefined;
}
