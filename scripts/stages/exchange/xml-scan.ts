// xml-scan: what the xliff package does not keep of a file it parsed: the root's
// version, each unit's line, and the attributes of the element that carries a unit's
// state (<segment> in XLIFF 2.0, <target> in 1.2). Only ever run on well-formed XML,
// after the package has parsed it.

export interface ScannedUnit {
  /** Offset of the unit's start tag. */
  offset: number;
  /** Attributes of each state element of the unit, in order. */
  states: Array<{ state?: string; offset: number; qualifier?: string }>;
}

export interface Scan {
  /** Whether every element that was opened was closed: a truncated file is not. */
  complete: boolean;
  root?: string;
  version?: string;
  /** "document\nkey" → the unit. */
  units: Map<string, ScannedUnit>;
}

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][\s\S]*?>|<(\/?)([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Scans `xml` for units and their state elements.
 * @example scan(xml, { file: 'id', unit: 'unit', state: 'segment' }).units.get('demo\nintro')?.states[0]?.state // 'translated'
 */
export function scan(
  xml: string,
  names: { file: 'id' | 'original'; unit: string; state: string },
): Scan {
  const units = new Map<string, ScannedUnit>();
  let root: string | undefined;
  let version: string | undefined;
  let file = 'default';
  let unit: ScannedUnit | undefined;
  let depth = 0;
  for (const m of xml.matchAll(TOKEN)) {
    const [whole, close, name, attrText = ''] = m;
    if (name === undefined) continue; // comment, CDATA, declaration
    const local = name.slice(name.indexOf(':') + 1);
    depth += close ? -1 : whole.endsWith('/>') ? 0 : 1;
    if (close) {
      if (local === names.unit) unit = undefined;
      continue;
    }
    const attrs = new Map(
      [...attrText.matchAll(ATTR)].map((a) => [a[1] ?? '', decode(a[2] ?? a[3] ?? '')]),
    );
    if (root === undefined) {
      root = local;
      version = attrs.get('version');
    } else if (local === 'file') file = attrs.get(names.file) || 'default';
    else if (local === names.unit) {
      unit = { offset: m.index, states: [] };
      units.set(`${file}\n${attrs.get('id') ?? ''}`, unit);
    } else if (local === names.state && unit) {
      const state = attrs.get('state');
      // XLIFF 2.0 subState, 1.2 state-qualifier: how the target came about (a memory pre-fill).
      const qualifier = attrs.get('subState') ?? attrs.get('state-qualifier');
      unit.states.push({
        offset: m.index,
        ...(state === undefined ? {} : { state }),
        ...(qualifier === undefined ? {} : { qualifier }),
      });
    }
  }
  return {
    complete: root !== undefined && depth === 0,
    ...(root !== undefined ? { root } : {}),
    ...(version !== undefined ? { version } : {}),
    units,
  };
}

function decode(value: string): string {
  return value.replace(
    /&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/gi,
    (all, hex?: string, dec?: string, named?: string) => {
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      if (dec) return String.fromCodePoint(Number(dec));
      return ENTITIES[named ?? ''] ?? all;
    },
  );
}

/**
 * The text of an XLIFF file without its matches and glossary (2.0 modules, 1.2 alt-trans),
 * line ends kept so that lines still point at the file: what the readers parse.
 */
export function stripModules(xml: string): string {
  return xml.replace(/<(mtc:matches|gls:glossary|alt-trans)\b[\s\S]*?<\/\1>/g, (all) =>
    '\n'.repeat(all.split('\n').length - 1),
  );
}
