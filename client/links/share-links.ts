// Making and opening one-time share links through the contract: the crypto of share-link-crypto.ts plus the
// calls, shared by the window, the public page and the `keyhold send` command.

import type { InputOf, OutputOf } from '../../contract/index.ts';
import { kdfBelowFloor, kdfFloor } from '../../contract/kdf-floor.ts';
import { CryptoError } from '../crypto/errors.ts';
import { DEFAULT_KDF_PARAMS, type KdfParams } from '../crypto/kdf.ts';
import type { KeyholdClient } from '../keyhold-client.ts';
import {
  derivePasswordProof,
  openSharePayload,
  type SharePayload,
  sealSharePayload,
  shareLinkUrl,
} from './share-link-crypto.ts';

export interface NewShareLink {
  payload: SharePayload;
  expiresInHours: number;
  maxViews: number;
  /** Asked for on the page before anything is shown; null for none. */
  password: string | null;
}

/** Argon2id at the floor (64 MiB, 3 passes): what every client derives a link's password with. */
export function shareLinkKdf(): KdfParams {
  const floor = kdfFloor();
  return { ...DEFAULT_KDF_PARAMS, memoryKiB: floor.memoryKiB, iterations: floor.iterations };
}

/** Encrypts, uploads the ciphertext, and answers the full link (its key only in the fragment). */
export async function createShareLink(
  client: KeyholdClient,
  serverUrl: string,
  link: NewShareLink,
): Promise<{ url: string; id: string; expiresAt: string }> {
  const sealed = await sealSharePayload(
    link.payload,
    link.password ? { password: link.password, kdf: shareLinkKdf() } : null,
  );
  const made = await client.request('createShareLink', {
    ciphertext: sealed.ciphertext,
    expiresInHours: link.expiresInHours,
    maxViews: link.maxViews,
    password: sealed.password,
  });
  return {
    url: shareLinkUrl(serverUrl, made.path, sealed.fragmentKey),
    id: made.id,
    expiresAt: made.expiresAt,
  };
}

type Open = (input: InputOf<'openShareLink'>) => Promise<OutputOf<'openShareLink'>>;

/**
 * Opens a link: asks for the password when the link has one (`askPassword` answers null to give up, and is
 * told whether the last one was wrong). Counts a view only once the content is served.
 */
export async function openShareLink(
  open: Open,
  id: string,
  fragmentKey: string,
  askPassword: (wrong: boolean) => Promise<string | null>,
): Promise<SharePayload | null> {
  let answer = await open({ id });
  let passwordKey: Uint8Array | null = null;
  while (answer.state === 'password') {
    const weak = kdfBelowFloor(answer.kdf);
    if (weak) throw new CryptoError('bad_key', weak);
    const password = await askPassword(answer.wrong);
    if (password === null) return null;
    const derived = await derivePasswordProof(password, answer.salt, answer.kdf);
    passwordKey = derived.passwordKey;
    answer = await open({ id, proof: derived.proof });
  }
  return openSharePayload(answer.ciphertext, fragmentKey, passwordKey);
}
