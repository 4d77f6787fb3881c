// seal: what sealing costs (issue 26: at most 5 % of a cold build). Cold `npm run build
// -- --seal <key>` against a cold `npm run build` of the same scratch project, whole
// processes, alternating; the key is a throwaway one made by openssl for the run.
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { makeTrialSeal } from '../io/trial-seal.ts';
import { scratchProject } from './corpus.ts';
import { measure, median, spread, type Measured } from './measure.ts';

const PASSPHRASE = 'bench seal passphrase';

async function coldBuild(dir: string, extra: string[]): Promise<Measured> {
  await rm(join(dir, 'dist'), { recursive: true, force: true });
  const m = await measure('npm', ['run', '--silent', 'build', '--', ...extra], dir, {
    env: { SELEC_SEAL_PASSPHRASE: PASSPHRASE },
  });
  if (!/\bbuilt (\d+) of \1 editions/.test(m.stdout))
    throw new Error(`the cold build did not build every edition:\n${m.stdout.slice(-500)}`);
  return m;
}

/** Cold sealed builds against cold unsealed ones at `copies` copies of every document. */
export async function benchSeal(
  log: (...parts: unknown[]) => void,
  root: string,
  copies: number,
  runs: number,
): Promise<void> {
  const { dir, documents } = await scratchProject(root, copies);
  try {
    const { p12 } = await makeTrialSeal(dir, PASSPHRASE, { name: 'bench' });
    log(`\nsealing: ${documents} documents, cold, ${runs} alternating runs (sealed vs not)`);
    const sealed: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < runs; i++) {
      const pair = [() => coldBuild(dir, ['--seal', p12]), () => coldBuild(dir, [])] as const;
      const [first, second] = i % 2 === 0 ? pair : ([pair[1], pair[0]] as const);
      const a = await first();
      const b = await second();
      const [s, p] = i % 2 === 0 ? [a, b] : [b, a];
      sealed.push(s.wall);
      plain.push(p.wall);
      log(
        `  run ${i + 1}: sealed ${s.wall.toFixed(2)} s vs unsealed ${p.wall.toFixed(2)} s (load ${loadavg()[0]?.toFixed(1)})`,
      );
    }
    const ratio = median(sealed) / median(plain);
    log(`  unsealed: ${spread(plain)}\n  sealed:   ${spread(sealed)}`);
    log(
      `  sealing costs ${((ratio - 1) * 100).toFixed(1)} % (ratio ${ratio.toFixed(3)}): ${ratio <= 1.05 ? 'meets' : 'MISSES'} ≤ 5 %`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
