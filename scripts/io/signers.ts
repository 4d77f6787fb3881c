// signers: the signer registry of a project, read from translations/allowed_signers (keys,
// OpenSSH's format) and translations/signers.json (who each principal is). Neither file:
// no signers, every sign-off is unverified. One without the other is a mistake.
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { parseAllowedSigners } from '../stages/allowed-signers.ts';
import { makeSignerRegistry, parseSigners, type SignerRegistry } from '../stages/signers.ts';
import { exists, readText } from './files.ts';

/** The allowed-signers file, relative to the project root: `ssh-keygen -Y verify -f` reads it. */
export const ALLOWED_SIGNERS_FILE = 'translations/allowed_signers';
/** Who each principal is: name, role, languages. */
export const SIGNERS_FILE = 'translations/signers.json';

/**
 * The signer registry of the project at `root`, both files checked line by line; empty
 * when neither exists.
 * @example const registry = await readSigners(root); registry.signers['ana.horvat@mup.hr']?.name
 */
export async function readSigners(root: string): Promise<SignerRegistry> {
  const files = { allowedSigners: ALLOWED_SIGNERS_FILE, signers: SIGNERS_FILE };
  const [hasKeys, hasPeople] = await Promise.all([
    exists(join(root, ALLOWED_SIGNERS_FILE)),
    exists(join(root, SIGNERS_FILE)),
  ]);
  if (!hasKeys && !hasPeople) return { files, signers: {} };
  if (hasKeys !== hasPeople) {
    const [present, missing] = hasKeys
      ? [ALLOWED_SIGNERS_FILE, SIGNERS_FILE]
      : [SIGNERS_FILE, ALLOWED_SIGNERS_FILE];
    throw new UserError(
      `${present} is there but ${missing} is not`,
      `Signers need both files: the keys in ${ALLOWED_SIGNERS_FILE}, ` +
        `who they are in ${SIGNERS_FILE} (README, "Signed sign-offs").`,
      { file: missing },
      { namesFile: true, rule: 'signers' },
    );
  }
  const keys = parseAllowedSigners(
    ALLOWED_SIGNERS_FILE,
    await readText(join(root, ALLOWED_SIGNERS_FILE), ALLOWED_SIGNERS_FILE),
  );
  const people = parseSigners(SIGNERS_FILE, await readText(join(root, SIGNERS_FILE), SIGNERS_FILE));
  return makeSignerRegistry(keys, people, files);
}
