// paths: a request's URL path → a file under the output folder, or nothing. Every way
// out of the folder ("..", its encodings, absolute paths, NUL, symlinks) ends here.
import { realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

/**
 * The file a GET for `urlPath` may serve from `root`, or undefined (→ 404).
 * @example await servedFile('/work/.cache/dev', '/el/joint-declaration.html')
 */
export async function servedFile(root: string, urlPath: string): Promise<string | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '');
  } catch {
    return undefined;
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return undefined;
  const parts = path.split('/').filter((p) => p !== '');
  // Refused, not normalised: a ".." (however encoded, once decoded) never reaches the disk.
  if (parts.some((p) => p === '..' || p === '.' || p.startsWith('.'))) return undefined;
  const base = resolve(root);
  let file = resolve(base, ...parts);
  if (file !== base && !file.startsWith(base + sep)) return undefined;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const real = await realpath(file);
    const realBase = await realpath(base);
    if (!real.startsWith(realBase + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  woff2: 'font/woff2',
  zip: 'application/zip',
};

export function contentType(file: string): string {
  return TYPES[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
