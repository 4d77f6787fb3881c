// signoff-verify: every signed sign-off of a project checked against its signer registry:
// ssh-keygen -Y verify against translations/allowed_signers (at the sign-off's date), then
// whether the key's person may sign that language and is the one the entry names. Results
// are remembered per process, so that the dev server's calls and a build read once.
import { join } from 'node:path';
import type { Diagnostic } from '../errors.ts';
import { canonicalSignoffMessage } from '../stages/signoff-message.ts';
import { maySign, type SignerRegistry } from '../stages/signers.ts';
import type { SignoffEntry, Verification } from '../stages/signoff.ts';
import { historyPath } from './signoffs.ts';
import { ALLOWED_SIGNERS_FILE, readSigners } from './signers.ts';
import { verifyMessages, type VerifyRequest } from './ssh-signature.ts';

const cache = new Map<string, import('./ssh-signature.ts').Verification>();

/**
 * The verification of every entry of `histories` (language → entries), in their order, and
 * an error naming file:line for each signature that does not verify. Unsigned entries are
 * "unsigned"; nothing is run when no entry is signed.
 */
export async function verifyHistories(
  root: string,
  histories: Readonly<Record<string, readonly SignoffEntry[]>>,
  lines: Readonly<Record<string, readonly number[]>>,
): Promise<{ verifications: Record<string, Verification[]>; diagnostics: Diagnostic[] }> {
  const verifications: Record<string, Verification[]> = {};
  const signed: Array<{ lang: string; index: number; entry: SignoffEntry }> = [];
  for (const [lang, entries] of Object.entries(histories)) {
    verifications[lang] = entries.map(() => ({ state: 'unsigned' }));
    entries.forEach((entry, index) => {
      if (entry.signature !== undefined) signed.push({ lang, index, entry });
    });
  }
  if (signed.length === 0) return { verifications, diagnostics: [] };
  const registry = await readSigners(root);
  const results = await checkAll(root, registry, signed);
  const diagnostics: Diagnostic[] = [];
  signed.forEach(({ lang, index, entry }, i) => {
    const v = results[i] as Verification;
    (verifications[lang] as Verification[])[index] = v;
    if (v.state !== 'invalid') return;
    const line = lines[lang]?.[index];
    diagnostics.push({
      severity: 'error',
      rule: 'signoff-signature',
      message: `the sign-off of ${entry.document} (${entry.status}, ${entry.date}, ${entry.by}) does not verify: ${v.reason}`,
      hint: 'A signed line must not be edited: restore it (git checkout -- <file>) and sign again with npm run review -- … --key <your key>.',
      location: { file: historyPath(lang), ...(line ? { line } : {}) },
      lang,
      document: entry.document,
    });
  });
  return { verifications, diagnostics };
}

// ssh-keygen for the signatures, then the registry's rules for the signer.
async function checkAll(
  root: string,
  registry: SignerRegistry,
  signed: ReadonlyArray<{ lang: string; entry: SignoffEntry }>,
): Promise<Verification[]> {
  if (Object.keys(registry.signers).length === 0)
    return signed.map(() => ({
      state: 'invalid',
      reason: `there is no ${ALLOWED_SIGNERS_FILE} to verify it against`,
    }));
  const requests: VerifyRequest[] = signed.map(({ lang, entry }) => ({
    message: canonicalSignoffMessage(entry as unknown as Record<string, unknown>, lang),
    signature: entry.signature ?? '',
    options: {
      allowedSigners: join(root, ALLOWED_SIGNERS_FILE),
      principal: entry.signer ?? '',
      at: entry.date,
    },
  }));
  const results = await verifyMessages(requests, { cache });
  return results.map((r, i) => {
    const { lang, entry } = signed[i] as { lang: string; entry: SignoffEntry };
    if (!r.ok) return { state: 'invalid', reason: r.reason };
    const who = registry.signers[r.principal];
    if (!who) return { state: 'invalid', reason: `${r.principal} is not in the signer registry` };
    if (!maySign(registry, r.principal, lang))
      return {
        state: 'invalid',
        reason: `${who.name} is not a signer of ${lang} (${registry.files.signers})`,
      };
    if (entry.by !== `${who.name}, ${who.role}`)
      return {
        state: 'invalid',
        reason: `it names "${entry.by}", but the key is ${who.name}'s (${who.role})`,
      };
    return {
      state: 'verified',
      principal: r.principal,
      name: who.name,
      role: who.role,
      key: r.fingerprint,
    };
  });
}
