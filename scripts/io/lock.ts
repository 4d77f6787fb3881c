// lock: one build at a time per output folder. The lock file holds the holder's pid;
// a lock whose process is gone (killed, crashed) is stale and taken over.
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';

export const LOCK_FILE = '.build.lock';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `out`; returns the function that releases it. Also released when the process exits. */
export async function acquireLock(out: string, shown = out): Promise<() => Promise<void>> {
  await mkdir(out, { recursive: true });
  const path = join(out, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      const onExit = (): void => releaseSync(path);
      process.once('exit', onExit);
      // Synchronous, and the exit hook goes only once the file is gone: a process.exit()
      // (Ctrl-C while the build ends) at any moment in between still removes the lock.
      return async () => {
        releaseSync(path);
        process.off('exit', onExit);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && running(holder)) {
      throw new UserError(
        `another build (pid ${holder}) is writing ${shown}`,
        `Wait for it to finish, or stop it (kill ${holder}); if no such build runs, delete ${join(shown, LOCK_FILE)}.`,
        { file: join(shown, LOCK_FILE) },
        { namesFile: true },
      );
    }
    if (holder === process.pid)
      throw new UserError(
        `this process is already building into ${shown}`,
        'Run one build at a time per output folder.',
        { file: join(shown, LOCK_FILE) },
        { namesFile: true },
      );
    // Stale: its process is gone. Remove it and try again.
    await rm(path, { force: true });
  }
  throw new UserError(
    `could not take the lock ${join(shown, LOCK_FILE)}`,
    'Another build keeps taking it; run one build at a time.',
    { file: join(shown, LOCK_FILE) },
    { namesFile: true },
  );
}

function releaseSync(path: string): void {
  try {
    if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
  } catch {
    // already gone
  }
}
