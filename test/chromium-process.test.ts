// The browser this pipeline starts itself (before puppeteer is loaded): the flags
// puppeteer would have passed, a clean exit that leaves no process and no profile behind.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { PUPPETEER_DEFAULT_ARGS, spawnChromium } from '../scripts/io/chromium-process.ts';
import { Printer, chromiumArgs, findChromium } from '../scripts/io/browser.ts';

const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("the flags are puppeteer's own defaults (less the headless mode and start page, set per binary)", () => {
  for (const headless of ['shell', true] as const) {
    const theirs = puppeteer
      .defaultArgs({ headless, args: [] })
      .filter((a) => !a.startsWith('--headless') && a !== 'about:blank');
    assert.deepEqual(
      [...PUPPETEER_DEFAULT_ARGS].sort(),
      theirs.sort(),
      'puppeteer changed its default flags: update PUPPETEER_DEFAULT_ARGS',
    );
  }
});

test('a spawned Chromium answers over its pipe, closes, and leaves no process and no profile', async () => {
  const path = findChromium();
  const spawned = spawnChromium(path, chromiumArgs(path));
  assert.ok(existsSync(spawned.profile));
  const browser = await puppeteer.connect({ transport: spawned.transport, networkEnabled: false });
  assert.match(await browser.version(), /Chrom/);
  await browser.close();
  await spawned.stop();
  assert.equal(alive(spawned.pid), false);
  assert.equal(existsSync(spawned.profile), false);
});

test('a browser that cannot start: the print fails at once, and nothing is left waiting on a timer', async () => {
  const timers = (): number =>
    process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const before = timers();
  const broken = new Printer({ executablePath: '/nonexistent/chromium' });
  broken.warm(); // spawned before puppeteer loads, as a build does; it fails at once
  await assert.rejects(
    broken.print({ htmlPath: '/tmp/x.html', allow: '/tmp' }),
    /Chromium could not be started: the browser exited at start: .*ENOENT/,
  );
  await broken.close();
  await new Promise((r) => setImmediate(r));
  // Each CDP request carries a 180 s timer: one left behind kept a failed build's process alive that long.
  assert.equal(timers(), before);
});
