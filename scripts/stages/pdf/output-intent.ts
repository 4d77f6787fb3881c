// output-intent: the sRGB output intent PDF/A-2 §6.2.3 asks of a file that paints in
// DeviceRGB. The profile is vendor/icc/sRGB.icc (zlib licence, see its README).
import { addObject, catalog, type PdfFile } from './file.ts';
import { dict, name, ref, str } from './objects.ts';

export const OUTPUT_CONDITION = 'sRGB IEC61966-2.1';

/** Adds the ICC profile stream and /OutputIntents to the catalog. */
export function addOutputIntent(pdf: PdfFile, icc: Uint8Array): void {
  const profile = addObject(pdf, dict({ N: 3 }), icc);
  const intent = dict({
    Type: name('OutputIntent'),
    S: name('GTS_PDFA1'),
    OutputConditionIdentifier: str(OUTPUT_CONDITION),
    Info: str(OUTPUT_CONDITION),
    RegistryName: str('http://www.color.org'),
    DestOutputProfile: ref(profile),
  });
  catalog(pdf).entries.set('OutputIntents', [intent]);
}
