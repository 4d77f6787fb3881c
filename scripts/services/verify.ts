// verify: a reader's check of a release folder, offline and outside the project: every
// file against SHA256SUMS, the signature of SHA256SUMS (SHA256SUMS.p7s), every PDF's seal
// (digest, whole file covered, signature, signed by the expected certificate) and the
// manifest against the files. Each failure names its file and what is wrong.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  messageDigestOf,
  OID,
  parseSignedData,
  readTimestamp,
  signerCertificate,
  signingCertificateHash,
} from '../stages/cms.ts';
import { readSeals, signedBytes } from '../stages/pdf/seal.ts';

export interface VerifyReport {
  failures: string[];
  /** Files whose SHA-256 matched SHA256SUMS. */
  checked: number;
  sealed: number;
  unsealed: string[];
  /** SHA256SUMS.p7s: valid, absent, or invalid (a failure says why). */
  sums: 'valid' | 'absent' | 'invalid';
  /** The subject of the certificate that sealed the set. */
  signer?: string;
}

const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

/** Why a CMS signature over `digest` does not hold (undefined: it does), and its signer certificate. */
export function checkCms(
  der: Uint8Array,
  digest: Uint8Array,
  trusted: X509Certificate | undefined,
): { problem?: string; cert?: X509Certificate; timestamp?: Date } {
  let p;
  try {
    p = parseSignedData(der);
  } catch (err) {
    return { problem: `the signature is not a readable CMS (${(err as Error).message})` };
  }
  const der0 = signerCertificate(p);
  if (!der0) return { problem: "the signature does not carry its signer's certificate" };
  const cert = new X509Certificate(Buffer.from(der0));
  const md = messageDigestOf(p);
  if (p.digestAlgorithm !== OID.sha256) return { problem: 'the digest is not SHA-256', cert };
  if (!md || !Buffer.from(md).equals(Buffer.from(digest)))
    return { problem: 'the digest does not match: the content changed after it was signed', cert };
  if (!verify('sha256', p.signedAttributes, cert.publicKey, p.signature))
    return { problem: 'the signature does not verify with its certificate', cert };
  const essHash = signingCertificateHash(p);
  if (essHash && !sha256(der0).equals(Buffer.from(essHash)))
    return { problem: 'the signing-certificate attribute names another certificate', cert };
  const problem = trusted ? trustProblem(cert, trusted) : undefined;
  const token = p.unsignedAttributes.get(OID.signatureTimeStampToken)?.[0];
  const timestamp = token ? timestampOf(token.raw, p.signature) : undefined;
  if (timestamp === null) return { problem: 'its time-stamp does not stamp this signature', cert };
  return { ...(problem ? { problem } : {}), cert, ...(timestamp ? { timestamp } : {}) };
}

/** The time of a signature time-stamp token; null when it stamps another signature. */
function timestampOf(token: Uint8Array, signature: Uint8Array): Date | null {
  try {
    const t = readTimestamp(token);
    return sha256(signature).equals(Buffer.from(t.imprint)) ? t.time : null;
  } catch {
    return null;
  }
}

/** Why `cert` is not the expected publisher's (undefined: it is it, or was issued by it). */
function trustProblem(cert: X509Certificate, trusted: X509Certificate): string | undefined {
  if (cert.fingerprint256 === trusted.fingerprint256) return undefined;
  if (cert.checkIssued(trusted) && cert.verify(trusted.publicKey)) return undefined;
  return `signed by "${cert.subject.replace(/\n/g, ', ')}", not by the expected certificate "${trusted.subject.replace(/\n/g, ', ')}"`;
}

/** Every file under `dir` (relative paths with /), sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/** SHA256SUMS line by line: each listed file is there with that hash. */
function checkSums(sums: string, files: Map<string, Uint8Array>, report: VerifyReport): void {
  sums.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) return void report.failures.push(`SHA256SUMS:${i + 1}: not a "<sha256>  <file>" line`);
    const [, hash, name = ''] = m;
    const bytes = files.get(name);
    if (!bytes) report.failures.push(`${name}: missing (listed in SHA256SUMS)`);
    else if (sha256(bytes).toString('hex') !== hash)
      report.failures.push(
        `${name}: its SHA-256 is not the one in SHA256SUMS (the file was changed or replaced)`,
      );
    else report.checked++;
  });
}

/** The seal of one PDF: present, whole file, digest, signature, expected signer. */
function checkSeal(
  name: string,
  bytes: Uint8Array,
  trusted: X509Certificate | undefined,
  report: VerifyReport,
  current = true,
): string | undefined {
  let seals;
  try {
    seals = readSeals(bytes);
  } catch (err) {
    report.failures.push(`${name}: not a readable PDF (${(err as Error).message})`);
    return undefined;
  }
  const seal = seals[seals.length - 1];
  // A released version is kept as it was released: sealed or not, it is checked when sealed.
  if (!seal) return void (current && report.unsealed.push(name));
  const fail = (what: string) => void report.failures.push(`${name}: ${what}`);
  const [a = -1, b = 0, c = 0, d = 0] = seal.byteRange;
  if (seal.byteRange.length !== 4 || a !== 0 || c + d !== bytes.length)
    return fail(
      `bytes were added or removed after sealing (the seal covers ${c + d} of ${bytes.length} bytes)`,
    );
  if (bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e)
    return fail(
      'the seal leaves out more than its own signature (byte range does not match /Contents)',
    );
  if (seal.subFilter !== 'ETSI.CAdES.detached')
    fail(`seal type ${seal.subFilter}, not ETSI.CAdES.detached`);
  const result = checkCms(seal.cms, sha256(signedBytes(bytes, seal.byteRange)), trusted);
  if (result.problem) return fail(`seal: ${result.problem}`);
  report.sealed++;
  return result.cert?.subject;
}

/** SHA256SUMS.p7s against SHA256SUMS; its signer is the set's publisher unless --cert names one. */
function checkSignedSums(
  sums: Uint8Array | undefined,
  p7s: Uint8Array | undefined,
  trusted: X509Certificate | undefined,
  report: VerifyReport,
): X509Certificate | undefined {
  if (!p7s) return trusted;
  if (!sums) return trusted;
  const result = checkCms(p7s, sha256(sums), trusted);
  if (result.problem) {
    report.sums = 'invalid';
    report.failures.push(`SHA256SUMS.p7s: does not verify SHA256SUMS: ${result.problem}`);
    return trusted;
  }
  report.sums = 'valid';
  return trusted ?? result.cert;
}

interface VersionLike {
  version?: string;
  pdf?: string;
  sha256?: string;
  html?: string;
  htmlSha256?: string;
  xml?: string;
  xmlSha256?: string;
}

interface ManifestLike {
  editions?: Array<{
    pdf?: string;
    sha256?: string;
    bytes?: number;
    xml?: string;
    xmlSha256?: string;
    seal?: { digest?: string };
    versions?: VersionLike[];
  }>;
}

/** The PDFs of the current editions: listed in SHA256SUMS or as an edition of the manifest. */
function currentPdfs(sums: Uint8Array | undefined, manifest: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const line of sums ? Buffer.from(sums).toString('utf8').split('\n') : [])
    if (/^[0-9a-f]{64} [ *].+\.pdf$/.test(line)) out.add(line.slice(66));
  try {
    for (const e of (JSON.parse(manifest ?? '{}') as ManifestLike).editions ?? [])
      if (e.pdf) out.add(e.pdf);
  } catch {
    // an unreadable manifest is reported by checkManifest
  }
  return out;
}

/** Each released version's files as the manifest records them (kept byte for byte). */
function checkVersions(
  versions: readonly VersionLike[],
  files: Map<string, Uint8Array>,
  report: VerifyReport,
): void {
  for (const v of versions)
    for (const [path, hash] of [
      [v.pdf, v.sha256],
      [v.html, v.htmlSha256],
      [v.xml, v.xmlSha256],
    ] as const) {
      if (!path || !hash) continue;
      const bytes = files.get(path);
      if (!bytes)
        report.failures.push(`${path}: missing (version ${v.version ?? '?'} in manifest.json)`);
      else if (sha256(bytes).toString('hex') !== hash)
        report.failures.push(
          `${path}: not the file released as version ${v.version ?? '?'} (manifest.json)`,
        );
    }
}
/** The manifest's editions against the files: each PDF and XML there, with its recorded hash and size. */
function checkManifest(
  text: string | undefined,
  files: Map<string, Uint8Array>,
  report: VerifyReport,
): void {
  if (text === undefined) return void report.failures.push('manifest.json: missing');
  let manifest: ManifestLike;
  try {
    manifest = JSON.parse(text) as ManifestLike;
  } catch (err) {
    return void report.failures.push(`manifest.json: not JSON (${(err as Error).message})`);
  }
  for (const e of manifest.editions ?? []) {
    const pdf = e.pdf ? files.get(e.pdf) : undefined;
    if (!e.pdf || !pdf) report.failures.push(`${e.pdf ?? '?'}: missing (listed in manifest.json)`);
    else if (sha256(pdf).toString('hex') !== e.sha256 || pdf.length !== e.bytes)
      report.failures.push(`${e.pdf}: not the file manifest.json records (sha256 or size differs)`);
    else if (e.seal?.digest && !sealDigestMatches(pdf, e.seal.digest))
      report.failures.push(`${e.pdf}: its seal is not the one manifest.json records`);
    checkVersions(e.versions ?? [], files, report);
    const xml = e.xml ? files.get(e.xml) : undefined;
    if (e.xml && (!xml || sha256(xml).toString('hex') !== e.xmlSha256))
      report.failures.push(
        `${e.xml}: ${xml ? 'not the file manifest.json records' : 'missing (listed in manifest.json)'}`,
      );
  }
}

function sealDigestMatches(pdf: Uint8Array, digest: string): boolean {
  try {
    const seal = readSeals(pdf).at(-1);
    return (
      seal !== undefined && sha256(signedBytes(pdf, seal.byteRange)).toString('hex') === digest
    );
  } catch {
    return false;
  }
}

/** Reads a PEM or DER certificate the reader trusts (--cert). */
export function readCertificate(bytes: Uint8Array): X509Certificate {
  return new X509Certificate(Buffer.from(bytes));
}

/** Verifies the release folder `dir`; `trusted` is the publisher's certificate when the reader has it. */
export async function verifyRelease(dir: string, trusted?: X509Certificate): Promise<VerifyReport> {
  const names = await listFiles(dir);
  const files = new Map<string, Uint8Array>();
  for (const n of names) files.set(n, new Uint8Array(await readFile(join(dir, n))));
  const report: VerifyReport = {
    failures: [],
    checked: 0,
    sealed: 0,
    unsealed: [],
    sums: 'absent',
  };
  const sums = files.get('SHA256SUMS');
  if (!sums) report.failures.push('SHA256SUMS: missing');
  else checkSums(Buffer.from(sums).toString('utf8'), files, report);
  const reference = checkSignedSums(sums, files.get('SHA256SUMS.p7s'), trusted, report);
  const manifestBytes = files.get('manifest.json');
  const manifest = manifestBytes ? Buffer.from(manifestBytes).toString('utf8') : undefined;
  const current = currentPdfs(sums, manifest);
  const signers = new Set<string>();
  for (const n of names.filter((f) => f.endsWith('.pdf'))) {
    const s = checkSeal(n, files.get(n) as Uint8Array, reference, report, current.has(n));
    if (s) signers.add(s.replace(/\n/g, ', '));
  }
  checkManifest(manifest, files, report);
  // A sealed set: every PDF must be; an unsealed copy among sealed ones is a substitution.
  if (report.sealed > 0 || report.sums !== 'absent' || trusted)
    for (const n of report.unsealed)
      report.failures.push(`${n}: not sealed (the other PDFs of the set are)`);
  if (signers.size > 0) report.signer = [...signers].join('; ');
  return report;
}
