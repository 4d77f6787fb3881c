// builder: the dev server's builds, one at a time and coalesced. A change first
// re-renders the HTML of the languages it touches (build with htmlOnly), then the PDFs
// of those editions are reprinted on the one warm printer in the background. An HTML
// build may run while PDFs print, never while a print build writes its own HTML.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build, type PrintService } from '../build.ts';
import { UserError } from '../errors.ts';
import { loadProject, type Project } from '../io/project.ts';
import { problemJson, userErrorJson, type ProblemJson } from '../stages/diagnostics.ts';
import { renderPreviewIndex } from '../stages/render-index.ts';
import { writeIfChanged } from '../io/files.ts';

/** What stops a build, as the page and the terminal are told: `{ error, hint, file, line, column }`. */
export type BuildProblem = ProblemJson;

export type PdfState = 'current' | 'reprinting' | 'failed';

export type DevEvent =
  | { type: 'built'; changed: string[]; ms: number }
  | { type: 'problem'; problem: BuildProblem | null }
  | { type: 'pdf'; id: string; state: PdfState };

export interface BuilderOptions {
  root: string;
  out: string;
  /** The languages to build; all by default. */
  langs?: string[];
  /** Reprint PDFs in the background (default true). */
  print: boolean;
  printer: PrintService;
  emit: (event: DevEvent) => void;
}

/** A lock held in turn: html builds hold it whole, a print build until its HTML is written. */
class Lock {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const before = this.#tail;
    this.#tail = before.then(() => held);
    return before.then(() => release);
  }
}

export class Builder {
  readonly #o: BuilderOptions;
  readonly #lock = new Lock();
  #pendingHtml: Set<string> | 'all' | undefined;
  #pendingFiles = new Set<string>();
  #pendingPrint = new Set<string>();
  #htmlRun: Promise<void> | undefined;
  #printRun: Promise<void> | undefined;
  #hashes = new Map<string, string>();
  /** Files named by the problem shown, checked again on every change until it clears. */
  #problemFiles = new Set<string>();
  #closed = false;
  problem: BuildProblem | null = null;
  readonly pdf = new Map<string, PdfState>();
  /** Bumped when an edition's HTML changes: a print of an older version does not make it current. */
  readonly #generation = new Map<string, number>();

  constructor(options: BuilderOptions) {
    this.#o = options;
  }

  /** Re-renders `langs` ('all': every language) after `files` changed. */
  request(langs: string[] | 'all', files: readonly string[] = []): void {
    if (this.#closed) return;
    const wanted =
      langs === 'all' ? 'all' : langs.filter((l) => !this.#o.langs || this.#o.langs.includes(l));
    if (wanted !== 'all' && wanted.length === 0) return;
    if (wanted === 'all' || this.#pendingHtml === 'all') this.#pendingHtml = 'all';
    else this.#pendingHtml = new Set([...(this.#pendingHtml ?? []), ...wanted]);
    for (const f of files) this.#pendingFiles.add(f);
    this.#htmlRun ??= this.#htmlLoop().finally(() => (this.#htmlRun = undefined));
  }

  /** Resolves once no build is running or pending. */
  async idle(): Promise<void> {
    while (this.#htmlRun || this.#printRun)
      await Promise.allSettled([this.#htmlRun, this.#printRun]);
  }

  /** Resolves once no HTML build is running or pending (PDFs may still print). */
  async idleHtml(): Promise<void> {
    while (this.#htmlRun) await this.#htmlRun.catch(() => undefined);
  }

  /** Stops taking work and waits for the running builds to end. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#pendingHtml = undefined;
    this.#pendingPrint.clear();
    await Promise.allSettled([this.#htmlRun, this.#printRun]);
  }

  async #htmlLoop(): Promise<void> {
    while (this.#pendingHtml && !this.#closed) {
      const langs = this.#pendingHtml === 'all' ? this.#o.langs : [...this.#pendingHtml];
      const files = [...this.#pendingFiles, ...this.#problemFiles];
      this.#pendingHtml = undefined;
      this.#pendingFiles.clear();
      const release = await this.#lock.acquire();
      try {
        await this.#htmlBuild(langs, files);
      } finally {
        release();
      }
    }
  }

  async #htmlBuild(langs: string[] | undefined, files: string[]): Promise<void> {
    const started = Date.now();
    const checked = await this.#validate(files);
    if ('error' in checked) return this.#setProblem(checked, files);
    try {
      await build({
        root: this.#o.root,
        outDir: this.#o.out,
        reportsDir: this.#o.out,
        ...(langs ? { langs } : {}),
        printer: this.#o.printer,
        htmlOnly: true,
        project: checked,
      });
    } catch (err) {
      return this.#setProblem(asProblem(err), files);
    }
    if (!this.#o.print) await this.#previewIndex(checked);
    const changed = await this.#changedPages();
    if (this.problem) this.#setProblem(null, []);
    this.#o.emit({ type: 'built', changed, ms: Date.now() - started });
    for (const page of changed) {
      const m = /^\/([^/]+)\/([^/]+)\.html$/.exec(page);
      if (!m || !this.#o.print || m[1] === 'coverage' || m[1] === 'review') continue;
      const id = `${m[1]}/${m[2]}`;
      this.#generation.set(id, (this.#generation.get(id) ?? 0) + 1);
      this.#setPdf(id, 'reprinting');
      this.#pendingPrint.add(m[1] as string);
    }
    if (this.#pendingPrint.size > 0)
      this.#printRun ??= this.#printLoop().finally(() => (this.#printRun = undefined));
  }

  async #printLoop(): Promise<void> {
    while (this.#pendingPrint.size > 0 && !this.#closed) {
      const langs = [...this.#pendingPrint];
      this.#pendingPrint.clear();
      let release: (() => void) | undefined = await this.#lock.acquire();
      const generations = new Map(this.#generation);
      if (this.problem) {
        release();
        for (const l of langs) this.#pendingPrint.add(l);
        return; // printed after the next good build
      }
      try {
        // The print build is a release of its own, beside the served folder: it publishes
        // its pages with its PDFs at its end, which would put an older page over the one
        // an HTML pass wrote meanwhile. Only its PDFs and the download page are copied over.
        await build({
          root: this.#o.root,
          outDir: this.#printOut(),
          reportsDir: this.#printOut(),
          langs,
          printer: this.#o.printer,
          onEvent: (e) => {
            // Its HTML is written: HTML builds may go on while this one prints.
            if (e.type === 'start') release = (release?.(), undefined);
            if (e.type !== 'edition') return;
            const id = `${e.lang}/${e.document}`;
            if ((this.#generation.get(id) ?? 0) !== (generations.get(id) ?? 0)) return;
            this.#setPdf(id, e.result === 'failed' ? 'failed' : 'current');
          },
        });
        release = (release?.(), undefined);
        release = await this.#lock.acquire();
        await this.#copyPrinted(langs);
      } catch (err) {
        if (!this.#closed) this.#setProblem(asProblem(err), []);
      } finally {
        release?.();
      }
    }
  }

  /** Without printing there is no download page: / lists the HTML editions instead. */
  async #previewIndex(project: Project): Promise<void> {
    const documents = project.documents.map((d) => ({ id: d.doc.id, title: d.doc.meta.title }));
    await writeIfChanged(
      join(this.#o.out, 'index.html'),
      renderPreviewIndex(documents, project.registry.languages),
    );
  }

  #printOut(): string {
    return `${this.#o.out}-print`;
  }

  /** The PDFs of `langs` and the download page of the print build, into the served folder. */
  async #copyPrinted(langs: readonly string[]): Promise<void> {
    const from = this.#printOut();
    for (const lang of langs) {
      const names = await readdir(join(from, lang)).catch(() => [] as string[]);
      await mkdir(join(this.#o.out, lang), { recursive: true });
      for (const name of names)
        if (name.endsWith('.pdf'))
          await copyFile(join(from, lang, name), join(this.#o.out, lang, name));
    }
    for (const name of ['index.html', 'manifest.json', 'SHA256SUMS'])
      await copyFile(join(from, name), join(this.#o.out, name)).catch(() => undefined);
  }

  /** A problem with the changed files: the project does not load, or one of them has an error. */
  async #validate(files: readonly string[]): Promise<BuildProblem | Project> {
    try {
      const project = await loadProject(this.#o.root);
      const d = project.diagnostics.find(
        (x) => x.severity === 'error' && x.location && files.includes(x.location.file),
      );
      if (d?.location) return problemJson(d);
      return project;
    } catch (err) {
      return asProblem(err);
    }
  }

  #setProblem(problem: BuildProblem | null, files: readonly string[]): void {
    this.problem = problem;
    this.#problemFiles = new Set(
      problem ? [...this.#problemFiles, ...files, ...(problem.file ? [problem.file] : [])] : [],
    );
    this.#o.emit({ type: 'problem', problem });
  }

  #setPdf(id: string, state: PdfState): void {
    this.pdf.set(id, state);
    this.#o.emit({ type: 'pdf', id, state });
  }

  /** The served paths of the HTML pages whose bytes changed since the last look. */
  async #changedPages(): Promise<string[]> {
    const changed: string[] = [];
    for (const file of await htmlFiles(this.#o.out)) {
      const hash = createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
      const path = `/${relative(this.#o.out, file).split('\\').join('/')}`;
      if (this.#hashes.get(path) !== hash) changed.push(path);
      this.#hashes.set(path, hash);
    }
    return changed.sort();
  }
}

function asProblem(err: unknown): BuildProblem {
  if (err instanceof UserError) return userErrorJson(err);
  return { error: `the build failed: ${(err as Error)?.message ?? String(err)}`, hint: '' };
}

async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (e.name.startsWith('.') || e.name === 'assets') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await htmlFiles(full)));
    else if (e.name.endsWith('.html')) out.push(full);
  }
  return out;
}
