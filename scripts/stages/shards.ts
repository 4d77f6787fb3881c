// shards: which parts of a sharded build are missing, from the names of the shard
// manifests present (dist/shards/<i>-of-<n>.json).

/**
 * The shard manifests that a complete set would have and `present` lacks.
 * @example missingShards(['1-of-3.json', '3-of-3.json']) // ['2-of-3.json']
 */
export function missingShards(present: readonly string[]): string[] {
  const counts = new Set<number>();
  for (const name of present) {
    const m = /^(\d+)-of-(\d+)\.json$/.exec(name);
    if (m) counts.add(Number(m[2]));
  }
  const missing: string[] = [];
  for (const n of [...counts].sort((a, b) => a - b)) {
    for (let i = 1; i <= n; i++)
      if (!present.includes(`${i}-of-${n}.json`)) missing.push(`${i}-of-${n}.json`);
  }
  return missing;
}
