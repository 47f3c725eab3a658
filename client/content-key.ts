// A secret's content key as this user holds it: fetched wrapped, unwrapped here. The caller wipes it.
import { type KeySet, unwrapForUser } from './crypto/index.ts';
import type { KeyholdClient } from './keyhold-client.ts';

export async function fetchContentKey(
  client: KeyholdClient,
  keys: KeySet,
  secretId: string,
): Promise<Uint8Array> {
  const { wrappedKey } = await client.request('readSecret', { id: secretId });
  return unwrapForUser(wrappedKey, keys, secretId);
}
