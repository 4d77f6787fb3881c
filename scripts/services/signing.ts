// signing: a sign-off signed with the reviewer's own SSH key. The key's person comes from
// the signer registry (translations/allowed_signers + signers.json): the entry names them
// as the registry does, the signature covers every field (stages/signoff-message.ts).
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { ALLOWED_SIGNERS_FILE, SIGNERS_FILE, readSigners } from '../io/signers.ts';
import { signMessage } from '../io/ssh-signature.ts';
import { keyFingerprint, readSshSignature } from '../stages/allowed-signers.ts';
import { canonicalSignoffMessage, SIGNOFF_NAMESPACE } from '../stages/signoff-message.ts';
import { maySign, signerOfKey, type Signer } from '../stages/signers.ts';
import type { SignoffEntry } from '../stages/signoff.ts';

/** How to sign: the key file (private, or a .pub ssh-agent holds), and whether to ask for a passphrase. */
export interface SigningKey {
  key: string;
  interactive?: boolean;
}

/**
 * The signer of `key` in the project's registry, allowed to sign `lang`; a UserError
 * saying what to do otherwise. Their "<name>, <role>" is what a signed entry's `by` says.
 */
export async function signerOf(root: string, key: SigningKey, lang: string): Promise<Signer> {
  const registry = await readSigners(root);
  if (Object.keys(registry.signers).length === 0)
    throw new UserError(
      `this project has no signers: ${ALLOWED_SIGNERS_FILE} and ${SIGNERS_FILE} are missing`,
      'Add your public key and who you are to both files (README, "Signed sign-offs"), or sign without --key.',
    );
  const fingerprint = await fingerprintOf(key);
  const signer = signerOfKey(registry, fingerprint);
  if (!signer)
    throw new UserError(
      `the key ${fingerprint} is not in ${ALLOWED_SIGNERS_FILE}`,
      `Add its public key there and yourself to ${SIGNERS_FILE} (a pull request the project reviews), or use the key listed for you.`,
    );
  if (!maySign(registry, signer.principal, lang))
    throw new UserError(
      `${signer.name} (${signer.principal}) does not sign ${lang}: ${SIGNERS_FILE} lists ${signer.languages.join(', ') || 'no language'}`,
      `Add "${lang}" to their languages in ${SIGNERS_FILE} if they are to sign it.`,
    );
  return signer;
}

/** The entry with its signer and its signature, made with `key`. */
export async function signEntry(
  entry: SignoffEntry,
  lang: string,
  signer: Signer,
  key: SigningKey,
): Promise<SignoffEntry> {
  const withSigner: SignoffEntry = { ...entry, signer: signer.principal };
  const message = canonicalSignoffMessage(withSigner as unknown as Record<string, unknown>, lang);
  const signature = await signMessage(message, key.key, SIGNOFF_NAMESPACE, {
    interactive: key.interactive === true,
  });
  return { ...withSigner, signature };
}

// The fingerprint of a key: from its .pub (beside it, or itself); otherwise from a probe signature.
async function fingerprintOf(key: SigningKey): Promise<string> {
  const path = key.key.startsWith('~/') ? join(homedir(), key.key.slice(2)) : key.key;
  for (const pub of path.endsWith('.pub') ? [path] : [`${path}.pub`]) {
    const text = await readFile(pub, 'utf8').catch(() => undefined);
    const blob = text?.trim().split(/\s+/)[1];
    if (blob) return keyFingerprint(Buffer.from(blob, 'base64'));
  }
  const probe = await signMessage('selec-signoff probe\n', key.key, SIGNOFF_NAMESPACE, {
    interactive: key.interactive === true,
  });
  const info = readSshSignature(probe);
  if (!info) throw new Error('internal: ssh-keygen wrote a signature that cannot be read');
  return info.fingerprint;
}
