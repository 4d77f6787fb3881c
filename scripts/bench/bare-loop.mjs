// bare-loop: the baseline the bench compares builds with, run as a process of its own.
// Launch Chromium once, print every HTML file with two reused pages (page.goto +
// page.pdf, the build's print options), write the PDFs. Nothing else: no sealing,
// no hyphenation, no post-processing, no reports. Plain JavaScript on purpose: no
// TypeScript runner start-up in the baseline.
//   node scripts/bench/bare-loop.mjs <shell|full> <out-dir> <file.html>...
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const [mode, outDir, ...files] = process.argv.slice(2);
const shell = mode === 'shell';
const browser = await puppeteer.launch({
  executablePath: shell
    ? '/usr/bin/chromium-headless-shell'
    : (process.env.BARE_CHROMIUM ?? '/usr/bin/chromium'),
  headless: shell ? 'shell' : true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
  pipe: true,
});
const queue = files.map((f, i) => ({ f, i }));
await Promise.all(
  [0, 1].map(async () => {
    const page = await browser.newPage();
    for (let job = queue.shift(); job; job = queue.shift()) {
      await page.goto(pathToFileURL(job.f).href, { waitUntil: 'load' });
      const pdf = await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        outline: true,
        tagged: true,
      });
      await writeFile(join(outDir, `${job.i}.pdf`), pdf);
    }
  }),
);
await browser.close();
