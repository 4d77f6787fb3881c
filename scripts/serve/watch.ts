// watch: source/, translations/ and the templates, changes batched over a short quiet
// time (an editor's save is often a write, a rename and a chmod).
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from '../languages.ts';

export const WATCHED = ['source', 'translations', join('scripts', 'templates')];

/** Watches the project's inputs; `onChange` gets project-relative paths. Returns a stop function. */
export function watchProject(
  root: string,
  onChange: (files: string[]) => void,
  quietMs = 30,
): () => void {
  const watchers: FSWatcher[] = [];
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  for (const dir of WATCHED) {
    try {
      const w = watch(join(root, dir), { recursive: true }, (_event, name) => {
        if (!name) return;
        const base = name.split('/').pop() ?? '';
        // Our own atomic writes' temporary files, and editors' swap files.
        if (
          base.startsWith('.') ||
          base.endsWith('.tmp') ||
          base.endsWith('~') ||
          base.endsWith('.swp')
        )
          return;
        pending.add(`${dir}/${name}`);
        clearTimeout(timer);
        timer = setTimeout(() => {
          const files = [...pending];
          pending = new Set();
          onChange(files);
        }, quietMs);
      });
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // A folder that does not exist (no templates in a scratch project) is not watched.
    }
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}

/**
 * The edition languages a change touches: translations/<lang>/ its language (and the
 * languages derived from it); anything else every language ('all').
 * @example affectedLanguages(['translations/sr-Cyrl/x.json'], registry) // ['sr-Cyrl', 'sr-Latn']
 */
export function affectedLanguages(
  files: readonly string[],
  registry: Registry | undefined,
): string[] | 'all' {
  if (!registry) return 'all';
  const out = new Set<string>();
  for (const f of files) {
    const m = /^translations\/([^/]+)\/./.exec(f);
    const lang = m && registry.find(m[1] ?? '');
    if (!lang || lang.code === 'en') return 'all';
    out.add(lang.code);
    for (const d of registry.languages) if (d.derivedFrom?.code === lang.code) out.add(d.code);
  }
  return [...out].sort();
}
