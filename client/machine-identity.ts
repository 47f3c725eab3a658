// Machine identities: the user's client makes the identity's secret and key pair; the token file that
// carries them is shown once and is all a CI job needs to sign in and decrypt what is granted to it.
import { z } from 'zod';
import type { KdfParamsInput, Principal } from '../server/contract/index.ts';
import { makeCredentials } from './credentials.ts';
import { fingerprint, generateUserKeyPair, randomSalt, toBase64 } from './crypto/index.ts';
import type { KeyholdClient } from './keyhold-client.ts';

/**
 * The token's secret is 256 random bits, not a human password: Argon2id at OWASP's minimum is plenty,
 * and keeps a CI job's sign-in fast.
 */
export const MACHINE_KDF: KdfParamsInput = {
  algorithm: 'argon2id',
  memoryKiB: 19_456,
  iterations: 2,
  parallelism: 1,
};

export const machineTokenSchema = z
  .object({
    kind: z.literal('keyhold-machine-identity'),
    version: z.literal(1),
    server: z.url({ protocol: /^https$/ }),
    userId: z.uuid(),
    username: z.string().min(3).max(64),
    /** Signs the machine in (as its password). */
    secret: z.string().min(40).max(100),
    /** The machine's X25519 private key, so the file alone can open what is granted to it. */
    privateKey: z.string().min(40).max(100),
    fingerprint: z.string(),
    createdAt: z.iso.datetime(),
  })
  .strict();
export type MachineToken = z.infer<typeof machineTokenSchema>;

export async function createMachineIdentity(
  client: KeyholdClient,
  options: { username: string; displayName: string; server: string; kdf?: KdfParamsInput },
): Promise<{ principal: Principal; token: MachineToken }> {
  const secret = toBase64(randomSalt()) + toBase64(randomSalt());
  const keys = generateUserKeyPair();
  try {
    const { credentials } = await makeCredentials(secret, options.kdf ?? MACHINE_KDF, keys);
    const principal = await client.request('createMachineIdentity', {
      username: options.username,
      displayName: options.displayName,
      credentials,
    });
    const token: MachineToken = {
      kind: 'keyhold-machine-identity',
      version: 1,
      server: options.server,
      userId: principal.userId,
      username: principal.username,
      secret,
      privateKey: toBase64(keys.privateKey),
      fingerprint: fingerprint(keys.publicKey),
      createdAt: new Date().toISOString(),
    };
    return { principal, token };
  } finally {
    keys.privateKey.fill(0);
  }
}

/** Reads a token file's text; a malformed one is refused with the field that is wrong. */
export function parseMachineToken(text: string): MachineToken {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('the token file is not JSON');
  }
  const parsed = machineTokenSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `the token file is not valid: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}
