// Machine identities: the user's client makes the identity's secret and key pair; the token file that
// carries them is shown once and is all a CI job needs to sign in and decrypt what is granted to it.
import { z } from 'zod';
import type { KdfParamsInput, Principal } from '../contract/index.ts';
import { makeCredentials } from './credentials.ts';
import { fingerprint, generateUserKeyPair, randomSalt, toBase64 } from './crypto/index.ts';
import type { KeyholdClient } from './keyhold-client.ts';

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
    /**
     * SHA-256 of the server's CA, as its creator's client saw it: the CLI trusts that CA (and no other)
     * without --ca. Absent in tokens made before it was added.
     */
    caFingerprint: z.string().optional(),
    createdAt: z.iso.datetime(),
  })
  .strict();
export type MachineToken = z.infer<typeof machineTokenSchema>;

export async function createMachineIdentity(
  client: KeyholdClient,
  /**
   * `kdf` defaults to the server's current setting, the parameters people enroll with: a machine's
   * pre-login answer must not tell it apart from a person's (the secret's 256 bits would need less).
   */
  options: { username: string; displayName: string; server: string; kdf?: KdfParamsInput },
): Promise<{ principal: Principal; token: MachineToken }> {
  const secret = toBase64(randomSalt()) + toBase64(randomSalt());
  const keys = generateUserKeyPair();
  try {
    const kdf = options.kdf ?? (await client.request('getPasswordRules', {})).kdf;
    // Asked over the connection that created the identity, which already trusts this server.
    const { caFingerprint } = await client.request('getServerCa', {});
    const { credentials } = await makeCredentials(secret, kdf, keys);
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
      caFingerprint,
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
