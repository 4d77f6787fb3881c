// npm run test:unit: every test of test/unit/ in one process, so that the modules they
// share (the CLI, marked, i18next, the dictionaries) load once; npm test runs each file
// in a process of its own. Unit tests need no browser; each makes its own temporary folders.
import { readdirSync } from 'node:fs';

for (const file of readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.test.ts'))
  .sort())
  await import(`./${file}`);
