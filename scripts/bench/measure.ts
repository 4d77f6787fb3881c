// measure: one whole process, as a user runs it: wall time, CPU time of the process and
// every descendant it waited for (Chromium included), and optionally the peak memory
// of the process tree.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  /** Seconds, wall clock. */
  wall: number;
  /** Seconds of CPU, user + system, of the whole tree; undefined without /usr/bin/time. */
  cpu: number | undefined;
  /** Bytes: peak proportional set size of the tree, when sampled. */
  peak: number | undefined;
  stdout: string;
}

const TIME = '/usr/bin/time';

/** Runs `cmd args` in `cwd`; rejects with its stderr when it exits non-zero. */
export async function measure(
  cmd: string,
  args: string[],
  cwd: string,
  options: { memory?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<Measured> {
  const tmp = await mkdtemp(join(tmpdir(), 'selec-time-'));
  const timed = existsSync(TIME);
  const [file, argv] = timed
    ? [TIME, ['-f', '%U %S', '-o', join(tmp, 'cpu'), cmd, ...args]]
    : [cmd, args];
  const t0 = performance.now();
  let stdout = '';
  let stderr = '';
  const child = spawn(file, argv, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const sampler = options.memory && child.pid ? memorySampler(child.pid) : undefined;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wall = (performance.now() - t0) / 1000;
  const peak = sampler?.stop();
  const cpuText = timed ? await readFile(join(tmp, 'cpu'), 'utf8').catch(() => '') : '';
  await rm(tmp, { recursive: true, force: true });
  if (code !== 0)
    throw new Error(
      `${cmd} ${args.slice(0, 3).join(' ')} … exited ${code}:\n${stderr.slice(-2000)}`,
    );
  const last = cpuText.trim().split('\n').at(-1) ?? '';
  const [user, sys] = last.split(' ').map(Number);
  const cpu =
    user !== undefined && sys !== undefined && Number.isFinite(user) && Number.isFinite(sys)
      ? user + sys
      : undefined;
  return { wall, cpu, peak, stdout };
}

/**
 * Peak memory of a process and its descendants, sampled every 250 ms. Each process
 * counts its proportional set size (PSS): Chromium's processes share most of their
 * pages, and summing their RSS would count those pages once per process.
 */
export function memorySampler(pid: number): { stop: () => number } {
  let peak = 0;
  const children = (p: number): number[] => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const pss = (p: number): number => {
    try {
      return (
        Number(
          /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0,
        ) * 1024
      );
    } catch {
      return 0;
    }
  };
  const sample = (): void => {
    const tree = [pid];
    for (let i = 0; i < tree.length; i++) tree.push(...children(tree[i] ?? 0));
    peak = Math.max(
      peak,
      tree.reduce((n, p) => n + pss(p), 0),
    );
  };
  const timer = setInterval(sample, 250);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** "4.61 s [4.50–4.80]": median and spread of wall times. */
export function spread(xs: number[]): string {
  return `${median(xs).toFixed(2)} s [${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}]`;
}
