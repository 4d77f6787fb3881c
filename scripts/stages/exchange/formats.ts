// formats: the exchange formats by name, and which one a file is in.
import type { ExchangeFile, ReturnedFile } from './model.ts';
import { readPo, writePo } from './po.ts';
import { declaredVersion } from './xliff-common.ts';
import { readXliff12, writeXliff12 } from './xliff12.ts';
import { readXliff2, writeXliff2 } from './xliff2.ts';

export type FormatId = 'xliff2' | 'xliff12' | 'po';

export interface Format {
  name: string;
  extension: string;
  write(file: ExchangeFile): Promise<string> | string;
  read(text: string, file: string): Promise<ReturnedFile> | ReturnedFile;
}

export const FORMATS: Record<FormatId, Format> = {
  xliff2: { name: 'XLIFF 2.0', extension: '.xlf', write: writeXliff2, read: readXliff2 },
  xliff12: { name: 'XLIFF 1.2', extension: '.xliff', write: writeXliff12, read: readXliff12 },
  po: { name: 'gettext PO', extension: '.po', write: writePo, read: readPo },
};

export function isFormat(name: string): name is FormatId {
  return Object.hasOwn(FORMATS, name);
}

/**
 * The format of a file's text: XML by its declared XLIFF version, anything else PO.
 * @example detectFormat('<xliff version="1.2">') // 'xliff12'
 */
export function detectFormat(text: string): FormatId {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('<')) return 'po';
  return declaredVersion(start)?.startsWith('1.') ? 'xliff12' : 'xliff2';
}
