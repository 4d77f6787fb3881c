// io/lock.ts: one build at a time per output folder. A lock held by a live process is
// refused, naming it; a stale one (its process gone) is taken over; release removes it,
// and so does the process's exit when the release never ran.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import { acquireLock, LOCK_FILE } from '../../scripts/io/lock.ts';
import { TSX_LOADER, ROOT, tempDir } from '../helpers.ts';

const gone = (path: string) => assert.rejects(readFile(path), { code: 'ENOENT' });

/** A process that lives until killed, and a way to wait for its end. */
function sleeper(): { pid: number; stop: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid ?? assert.fail('no pid'),
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

test('acquire writes our pid; release removes the file; the folder is made when missing', async (t) => {
  const out = join(await tempDir('lock-', t), 'dist', 'nested');
  const release = await acquireLock(out);
  assert.equal(await readFile(join(out, LOCK_FILE), 'utf8'), `${process.pid}\n`);
  await release();
  await gone(join(out, LOCK_FILE));
  // Taken again after the release.
  await (
    await acquireLock(out)
  )();
  await gone(join(out, LOCK_FILE));
});

test('a lock held by a live process is refused, naming its pid, the folder shown and what to do', async (t) => {
  const out = await tempDir('lock-', t);
  const holder = sleeper();
  t.after(holder.stop);
  await writeFile(join(out, LOCK_FILE), `${holder.pid}\n`);
  await assert.rejects(acquireLock(out, 'dist'), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.message, `another build (pid ${holder.pid}) is writing dist`);
    assert.equal(
      err.hint,
      `Wait for it to finish, or stop it (kill ${holder.pid}); if no such build runs, delete dist/${LOCK_FILE}.`,
    );
    assert.deepEqual(err.location, { file: `dist/${LOCK_FILE}` });
    return true;
  });
  // Refused without touching the holder's file.
  assert.equal(await readFile(join(out, LOCK_FILE), 'utf8'), `${holder.pid}\n`);
});

test('a stale lock (its process gone, or a file without a pid) is taken over', async (t) => {
  const out = await tempDir('lock-', t);
  const holder = sleeper();
  await holder.stop();
  for (const content of [`${holder.pid}\n`, '', 'not a pid\n']) {
    await writeFile(join(out, LOCK_FILE), content);
    const release = await acquireLock(out);
    assert.equal(await readFile(join(out, LOCK_FILE), 'utf8'), `${process.pid}\n`, content);
    await release();
  }
});

test('the same process building twice into one folder is told so', async (t) => {
  const out = await tempDir('lock-', t);
  const release = await acquireLock(out, 'dist');
  try {
    await assert.rejects(acquireLock(out, 'dist'), {
      name: 'UserError',
      message: 'this process is already building into dist',
    });
  } finally {
    await release();
  }
  await gone(join(out, LOCK_FILE));
});

test('release leaves a lock that another process has taken since', async (t) => {
  const out = await tempDir('lock-', t);
  const other = sleeper();
  t.after(other.stop);
  const release = await acquireLock(out);
  await writeFile(join(out, LOCK_FILE), `${other.pid}\n`);
  await release();
  assert.equal(await readFile(join(out, LOCK_FILE), 'utf8'), `${other.pid}\n`);
});

test('a process that exits without releasing (process.exit mid-build) leaves no lock', async (t) => {
  const out = await tempDir('lock-', t);
  const script = `import { acquireLock } from ${JSON.stringify(join(ROOT, 'scripts', 'io', 'lock.ts'))};
await acquireLock(${JSON.stringify(out)});
process.exit(130);`;
  const child = spawn(
    process.execPath,
    ['--import', TSX_LOADER, '--input-type=module', '-e', script],
    { stdio: 'ignore' },
  );
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 130);
  await gone(join(out, LOCK_FILE));
});
