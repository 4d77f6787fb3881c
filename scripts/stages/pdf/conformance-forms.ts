// conformance-forms: the rules of PDF/A-2 and PDF/UA-1 a seal brings into a file: its
// form (no NeedAppearances, the signature field described and printed, no appearance
// needed at zero size) and its signature (the byte range is the whole file but the
// signature itself; the signature is a DER CMS SignedData with one signer and its
// certificate).
import { parseSignedData, signerCertificate } from '../cms.ts';
import { catalog, dictOf, resolve, type PdfFile } from './file.ts';
import { isString, type PdfValue } from './objects.ts';
import { readSeals } from './seal.ts';

type Fail = (rule: string, message: string) => void;

export const FORM_RULES = [
  {
    id: 'form',
    standard: 'PDF/A-2',
    clause: '6.4.1, 6.3.3',
    text: 'no NeedAppearances; a form field without appearance has a zero-size rectangle',
  },
  {
    id: 'form-described',
    standard: 'PDF/UA-1',
    clause: '7.18.1 / Matterhorn 28-005',
    text: 'every form field has a description (/TU)',
  },
  {
    id: 'signature-byte-range',
    standard: 'PDF/A-2',
    clause: '6.4.3',
    text: 'a signature covers the whole file except its own /Contents string',
  },
  {
    id: 'signature-cms',
    standard: 'PDF/A-2',
    clause: '6.4.3',
    text: 'a signature is a DER CMS SignedData (ETSI.CAdES.detached or adbe.pkcs7.detached) with one signer and its certificate',
  },
] as const;

const zeroSize = (rect: PdfValue | undefined): boolean =>
  Array.isArray(rect) && rect.length === 4 && rect[0] === rect[2] && rect[1] === rect[3];

/** The catalog's form and each of its fields. */
export function checkForms(pdf: PdfFile, bytes: Uint8Array, fail: Fail): void {
  const form = dictOf(pdf, catalog(pdf).entries.get('AcroForm'));
  if (!form) return;
  if (form.entries.get('NeedAppearances') === true)
    fail('form', 'AcroForm has NeedAppearances true');
  const fields = resolve(pdf, form.entries.get('Fields'));
  for (const f of Array.isArray(fields) ? fields : []) {
    const field = dictOf(pdf, f);
    if (!field) continue;
    const label = isString(field.entries.get('T'))
      ? `field ${JSON.stringify((field.entries.get('T') as { bytes: string }).bytes)}`
      : 'a field';
    if (!isString(field.entries.get('TU')))
      fail('form-described', `${label} has no /TU description`);
    if (!field.entries.has('AP') && !zeroSize(field.entries.get('Rect')))
      fail('form', `${label} has no appearance and is not of zero size`);
  }
  checkSignatures(bytes, fail);
}

function checkSignatures(bytes: Uint8Array, fail: Fail): void {
  for (const seal of readSeals(bytes)) {
    const [a, b = 0, c = 0, d = 0] = seal.byteRange;
    if (
      seal.byteRange.length !== 4 ||
      a !== 0 ||
      c + d !== bytes.length ||
      bytes[b] !== 0x3c ||
      bytes[c - 1] !== 0x3e
    )
      fail(
        'signature-byte-range',
        `byte range [${seal.byteRange.join(' ')}] is not the whole file of ${bytes.length} bytes but the signature`,
      );
    if (seal.subFilter !== 'ETSI.CAdES.detached' && seal.subFilter !== 'adbe.pkcs7.detached')
      fail('signature-cms', `signature /SubFilter ${seal.subFilter}`);
    try {
      const cms = parseSignedData(seal.cms);
      if (cms.signerCount !== 1 || !signerCertificate(cms))
        fail(
          'signature-cms',
          `${cms.signerCount} signers, or the signer's certificate is not in the signature`,
        );
    } catch (err) {
      fail('signature-cms', `signature is not a CMS SignedData (${(err as Error).message})`);
    }
  }
}
