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
  const scan: Scan = {
    ops,
    pageHeight,
    mayDecorate,
    edits: [],
    decorative: [],
    ctm: [1, 0, 0, 1, 0, 0],
    tm: [],
    stack: [],
    runFrom: -1,
    runTo: -1,
    runText: false,
    runY: 0,
    inRun: -1,
    seenTagged: false,
  };
  for (let k = 0; k < ops.count; k++) {
    const c = ops.code[k] ?? OP.OTHER;
    if ((c === OP.BDC || c === OP.BMC) && !isTransparent(ops, k)) k = markedSequence(scan, k, c);
    else untaggedOperation(scan, k, c);
  }
  flush(scan);
  return { edits: scan.edits, decorative: scan.decorative };
}

/** One pass over a page's operations: the graphics state and the untagged run so far. */
interface Scan {
  readonly ops: Ops;
  readonly pageHeight: number;
  readonly mayDecorate: (mcid: number) => boolean;
  readonly edits: Edit[];
  readonly decorative: number[];
  ctm: Matrix;
  tm: number[];
  readonly stack: Matrix[];
  /** The first and last painting operation of the untagged run (-1: none yet). */
  runFrom: number;
  runTo: number;
  /** Whether the run shows text, and where (the @page margin box): footer or header. */
  runText: boolean;
  runY: number;
  /** First operation of the current untagged run, painting or not. */
  inRun: number;
  /** Whether tagged content came before: untagged painting after it is layout, not background. */
  seenTagged: boolean;
}

// Closes the untagged run: its painting is wrapped in one Artifact sequence.
function flush(scan: Scan): void {
  const { ops } = scan;
  if (scan.runFrom >= 0) {
    const props = scan.runText
      ? `<</Type /Pagination /Subtype /${scan.runY < scan.pageHeight / 2 ? 'Footer' : 'Header'}>>`
      : scan.seenTagged
        ? '<</Type /Layout>>'
        : '<</Type /Background>>';
    scan.edits.push(
      {
        from: ops.start[scan.runFrom] ?? 0,
        to: ops.start[scan.runFrom] ?? 0,
        text: `/Artifact ${props} BDC\n`,
      },
      { from: ops.end[scan.runTo] ?? 0, to: ops.end[scan.runTo] ?? 0, text: '\nEMC' },
    );
  }
  scan.runFrom = -1;
  scan.runText = false;
}

// Follows the transformation matrices, to know where text is shown.
function track(scan: Scan, k: number, c: number): void {
  if (c === OP.q) scan.stack.push(scan.ctm);
  else if (c === OP.Q) scan.ctm = scan.stack.pop() ?? scan.ctm;
  else if (c === OP.cm) scan.ctm = multiply(numbers(scan.ops, k) as Matrix, scan.ctm);
  else if (c === OP.Tm) scan.tm = numbers(scan.ops, k);
}

// A tagged sequence stays, unless it only paints lines and boxes; returns its last operation.
function markedSequence(scan: Scan, k: number, c: number): number {
  const { ops } = scan;
  flush(scan);
  scan.inRun = -1;
  const end = matchingEnd(ops, k);
  let paints = false;
  let content = false;
  for (let j = k + 1; j < end; j++) {
    const x = ops.code[j] ?? OP.OTHER;
    track(scan, j, x);
    if (x === OP.paint) paints = true;
    else if (isPainting(x) || x === OP.BDC || x === OP.BMC) content = true;
  }
  const mcid = c === OP.BDC ? mcidOf(ops, k) : undefined;
  if (mcid !== undefined && paints && !content && scan.mayDecorate(mcid)) {
    scan.decorative.push(mcid);
    scan.edits.push({
      from: ops.start[k] ?? 0,
      to: ops.end[k] ?? 0,
      text: '/Artifact <</Type /Layout>> BDC',
    });
  }
  if (mcid !== undefined) scan.seenTagged = true;
  return end;
}

// An operation outside any tagged sequence: it extends the untagged run.
function untaggedOperation(scan: Scan, k: number, c: number): void {
  track(scan, k, c);
  // A run never crosses the boundary of a text object, so BDC/EMC nest with BT/ET.
  if (c === OP.BT) {
    flush(scan);
    scan.inRun = k;
  }
  if (scan.inRun < 0) scan.inRun = k;
  if (isPainting(c)) {
    if (scan.runFrom < 0) scan.runFrom = scan.inRun;
    scan.runTo = k;
    if (isTextShowing(c)) {
      const { tm, ctm } = scan;
      scan.runText = true;
      scan.runY = (tm[4] ?? 0) * ctm[1] + (tm[5] ?? 0) * ctm[3] + ctm[5];
    }
  }
  if (c === OP.ET) {
    if (scan.runFrom >= 0) scan.runTo = k;
    flush(scan);
    scan.inRun = -1;
  }
}

/**
 * A marked-content sequence that neither tags nor is an artifact: Chromium's
 * `/ReversedChars BMC` around right-to-left text (ISO 32000-1 §14.8.2.5.3), e.g. in the
 * @page footer of a Hebrew edition. What it paints belongs to the run around it.
 */
function isTransparent(ops: Ops, k: number): boolean {
  return (
    mcidOf(ops, k) === undefined && !/^\s*\/Artifact\b/.test(ops.s.slice(ops.start[k], ops.end[k]))
  );
}

function mcidOf(ops: Ops, k: number): number | undefined {
  if (!ops.s.slice(ops.start[k], ops.opAt[k]).includes('MCID')) return undefined;
  const [, props] = operands(ops, k);
  const v = isDict(props) ? props.entries.get('MCID') : undefined;
  return typeof v === 'number' ? v : undefined;
}
