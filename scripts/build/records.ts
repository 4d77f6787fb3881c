// records: what earlier builds left in dist/, read back so that a build renders and
// prints only what changed: the build state, the manifests (and shards), and the
// checksums of the files on disk. Nothing read here is trusted without a check.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError, type Diagnostic } from '../errors.ts';
import { type Registry } from '../languages.ts';
import { ID_PATTERN } from '../stages/parse.ts';
import { listFiles, writeIfChanged } from '../io/files.ts';
import { aknFile } from '../stages/akoma-ntoso.ts';
import { editionFile } from '../stages/render.ts';
import { type Manifest, type ManifestEdition } from '../stages/manifest.ts';
import { type StaleMode } from '../stages/render.ts';
import { missingShards } from '../stages/shards.ts';

export const BUILD_STATE = '.build-state.json';

/** What the last build recorded of an edition it rendered: enough to skip rendering it again. */
export interface RenderState {
  /** Hash of everything the edition is made from (see editionInputs). */
  inputs: string;
  /** The print key of the page rendered from them (the manifest entry's `key`). */
  key: string;
  /** sha256 of the HTML written. */
  html: string;
  /** What rendering said (removed HTML, …): said again when the rendering is skipped. */
  diagnostics: Diagnostic[];
}

/** dist/.build-state.json as a map; none (everything is rendered) when it is missing or unreadable. */
export async function readRecords(out: string): Promise<Map<string, RenderState>> {
  try {
    const data = JSON.parse(await readFile(join(out, BUILD_STATE), 'utf8')) as {
      version?: unknown;
      editions?: Record<string, RenderState>;
    };
    if (data.version !== 1 || typeof data.editions !== 'object' || data.editions === null)
      return new Map();
    return new Map(
      Object.entries(data.editions).filter(
        ([, r]) =>
          typeof r?.inputs === 'string' &&
          typeof r.key === 'string' &&
          typeof r.html === 'string' &&
          Array.isArray(r.diagnostics),
      ),
    );
  } catch {
    return new Map();
  }
}

/** The settings of a build that change its editions: a release checks dist/ against the same. */
export interface BuildSettings {
  stale?: StaleMode;
  baseUrl?: string;
  sourceDateEpoch?: number;
  /** Who sealed and how (sealIdentity): a sealed build's plan is asked again with it. */
  seal?: string;
}

export async function writeRecords(
  out: string,
  records: Map<string, RenderState>,
  settings: BuildSettings = {},
): Promise<void> {
  const editions = Object.fromEntries([...records].sort(([a], [b]) => a.localeCompare(b)));
  await writeIfChanged(
    join(out, BUILD_STATE),
    `${JSON.stringify({ version: 1, settings, editions })}\n`,
  );
}

/** The settings the last build of `out` recorded (none when it recorded none). */
export async function readBuildSettings(out: string): Promise<BuildSettings> {
  try {
    const data = JSON.parse(await readFile(join(out, BUILD_STATE), 'utf8')) as {
      settings?: BuildSettings;
    };
    const s = data.settings ?? {};
    return {
      ...(s.stale === 'mark' || s.stale === 'english' ? { stale: s.stale } : {}),
      ...(typeof s.baseUrl === 'string' ? { baseUrl: s.baseUrl } : {}),
      ...(typeof s.sourceDateEpoch === 'number' ? { sourceDateEpoch: s.sourceDateEpoch } : {}),
      ...(typeof s.seal === 'string' ? { seal: s.seal } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * The editions recorded in dist/manifest.json (and, with shards, in dist/shards/*.json),
 * as candidates per "lang/document". Paths are rebuilt from the language and document,
 * never taken from the file, and malformed records are skipped.
 */
export async function readManifests(
  out: string,
  withShards: boolean,
  registry: Registry,
): Promise<Map<string, ManifestEdition[]>> {
  const files = [join(out, 'manifest.json')];
  if (withShards)
    files.push(
      ...(await listFiles(join(out, 'shards'), '.json')).map((f) => join(out, 'shards', f)),
    );
  const editions = new Map<string, ManifestEdition[]>();
  for (const file of files) {
    let m: Partial<Manifest>;
    try {
      m = JSON.parse(await readFile(file, 'utf8')) as Partial<Manifest>;
    } catch {
      continue; // no manifest yet, or an unreadable one: everything is printed again
    }
    for (const e of Array.isArray(m.editions) ? m.editions : []) {
      if (
        !e ||
        !registry.find(String(e.lang)) ||
        !ID_PATTERN.test(String(e.document)) ||
        !/^[0-9a-f]{64}$/.test(String(e.sha256))
      )
        continue;
      if (
        !Number.isInteger(e.pages) ||
        !Number.isInteger(e.bytes) ||
        typeof e.key !== 'string' ||
        typeof e.status !== 'string'
      )
        continue;
      // The XML edition only with a checksum; its path, like the others, rebuilt.
      const xmlOk = /^[0-9a-f]{64}$/.test(String(e.xmlSha256));
      const entry: ManifestEdition = {
        ...e,
        html: `${e.lang}/${editionFile(e.document, 'html')}`,
        pdf: `${e.lang}/${editionFile(e.document, 'pdf')}`,
        ...(xmlOk ? { xml: `${e.lang}/${aknFile(e.document)}` } : {}),
      };
      if (!xmlOk) {
        delete entry.xml;
        delete entry.xmlSha256;
      }
      const id = `${e.lang}/${e.document}`;
      editions.set(id, [...(editions.get(id) ?? []), entry]);
    }
  }
  return editions;
}

/** A set of shards with one missing is not published (an error), unless partial sets are allowed (a warning). */
export async function shardDiagnostics(out: string, allowPartial: boolean): Promise<Diagnostic[]> {
  const missing = missingShards(await listFiles(join(out, 'shards'), '.json'));
  if (missing.length === 0) return [];
  const names = missing.map((m) => `dist/shards/${m}`).join(', ');
  if (allowPartial)
    return [
      {
        severity: 'warning',
        rule: 'partial-set',
        message: `publishing a partial set: ${names} missing (--allow-partial); their editions are left out`,
      },
    ];
  throw new UserError(
    `shard manifest${missing.length === 1 ? '' : 's'} missing: ${names}; the set is incomplete and was not published`,
    'Run the missing shard (npm run build -- --shard i/n) and copy its dist/ in, or pass --allow-partial to publish what is there.',
  );
}

export { fileSha } from '../io/files.ts';
