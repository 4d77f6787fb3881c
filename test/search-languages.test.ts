// Integration: search in the languages whose words change form (issue 29). A document of
// three provisions, translated here into Hungarian, Greek and Serbian (Cyrillic), built
// with the project's registry and interface strings and real Chromium; dist/ served over
// HTTP; the search page driven in Chromium. An inflected form that is not in the text
// finds the provision with another form of the word (Pagefind's stemmers), a word that is
// only in the Serbian text is found there, and each result links to its provision.
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { build } from '../scripts/build.ts';
import { axeViolations, ROOT, servedRelease, tempDir, usePrinter } from './helpers.ts';

const printer = await usePrinter();
const ID = 'search-sample';
let dist: string;
let served: Awaited<ReturnType<typeof servedRelease>> | undefined;
let base: string;
let browser: Browser;

const SOURCE = `---
id: ${ID}
title: Statement on Cooperation
place: Bucharest
date: 2021-03-01
issuer: Southeast European Law Enforcement Center (SELEC)
---

# Statement on Cooperation {#heading}

The Parties shall strengthen cooperation between their law enforcement authorities. {#strengthen}

The liaison officers shall exchange information without delay. {#exchange}

Each Party shall designate a national contact point. {#contact}
`;

/** The translations, as a translator would write them; the issuer as each language's own edition names it. */
const TEXTS: Record<string, Record<string, string>> = {
  hu: {
    'meta.title': 'Nyilatkozat az együttműködésről',
    'meta.place': 'Bukarest',
    heading: 'Nyilatkozat az együttműködésről',
    strengthen: 'A Felek megerősítik bűnüldöző hatóságaik együttműködését.',
    exchange: 'Az összekötő tisztviselők késedelem nélkül kicserélik az információkat.',
    contact: 'Mindegyik Fél kijelöl egy nemzeti kapcsolattartó pontot.',
  },
  el: {
    'meta.title': 'Δήλωση για τη συνεργασία',
    'meta.place': 'Βουκουρέστι',
    heading: 'Δήλωση για τη συνεργασία',
    strengthen: 'Τα Μέρη ενισχύουν τη συνεργασία μεταξύ των αρχών επιβολής του νόμου τους.',
    exchange: 'Οι αξιωματικοί σύνδεσμοι ανταλλάσσουν πληροφορίες χωρίς καθυστέρηση.',
    contact: 'Κάθε Μέρος ορίζει ένα εθνικό σημείο επαφής.',
  },
  'sr-Cyrl': {
    'meta.title': 'Изјава о сарадњи',
    'meta.place': 'Букурешт',
    heading: 'Изјава о сарадњи',
    strengthen: 'Стране јачају сарадњу између својих органа за спровођење закона.',
    exchange: 'Официри за везу размењују информације без одлагања.',
    contact: 'Свака Страна одређује национално контакт место.',
  },
};

before(async () => {
  const root = await tempDir('search-langs-');
  await mkdir(join(root, 'source'));
  await writeFile(join(root, 'source', `${ID}.md`), SOURCE);
  await cp(join(ROOT, 'translations'), join(root, 'translations'), { recursive: true });
  for (const [lang, values] of Object.entries(TEXTS)) {
    const own = JSON.parse(
      await readFile(join(ROOT, 'translations', lang, 'joint-declaration.json'), 'utf8'),
    ) as Record<string, string>;
    const file = { ...values, 'meta.issuer': own['meta.issuer'] ?? '' };
    await writeFile(join(root, 'translations', lang, `${ID}.json`), JSON.stringify(file, null, 2));
  }
  await writeFile(join(root, 'publication.json'), '{"default": {"minTranslated": 0}}');
  dist = join(root, 'dist');
  await build({ root, printer, allowIncomplete: true });
  served = await servedRelease(dist, '/');
  base = served.base;
  browser = served.browser;
});

after(async () => {
  await served?.close();
});

async function search(lang: string, words: string): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.goto(`${base}search.html?lang=${lang}&q=${encodeURIComponent(words)}`);
    await page.waitForFunction(() => document.getElementById('count')?.textContent !== '', {
      timeout: 30_000,
    });
    return await page.$$eval('#results a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
  } finally {
    await page.close();
  }
}

test('Hungarian: an inflected form not in the text finds the provision with another form (stemming)', async () => {
  assert.ok(!JSON.stringify(TEXTS['hu']).includes('együttműködésben'));
  const links = await search('hu', 'együttműködésben');
  assert.ok(links.length > 0, '"együttműködésben" finds "együttműködését"');
  assert.ok(
    links.every((l) => l.startsWith(`${base}hu/${ID}.html#seg-`)),
    links.join(' '),
  );
});

test('Greek: the genitive finds the nominative in the el edition', async () => {
  assert.ok(!JSON.stringify(TEXTS['el']).includes('συνεργασίας'));
  const links = await search('el', 'συνεργασίας');
  assert.ok(links.length > 0);
  assert.ok(
    links.every((l) => l.startsWith(`${base}el/${ID}.html#seg-`)),
    links.join(' '),
  );
});

test('a word only in the Serbian Cyrillic text is found there, linked to its provision', async () => {
  const links = await search('sr-Cyrl', 'одлагања');
  assert.deepEqual(links, [`${base}sr-Cyrl/${ID}.html#seg-exchange`]);
  assert.deepEqual(await search('hu', 'одлагања'), [], 'not in the Hungarian index');
});

test('the search page and its results pass axe', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${base}search.html?lang=el&q=${encodeURIComponent('συνεργασία')}`);
    await page.waitForSelector('#results a', { timeout: 30_000 });
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await page.close();
  }
});
