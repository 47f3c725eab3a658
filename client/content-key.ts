// A secret's content key as this user holds it: fetched wrapped, unwrapped here. The caller wipes it.
import { unwrapContentKey } from './crypto/index.ts';
import type { KeyholdClient } from './keyhold-client.ts';

export async function fetchContentKey(
  client: KeyholdClient,
  privateKey: Uint8Array,
  secretId: string,
): Promise<Uint8Array> {
  const { wrappedKey } = await client.request('readSecret', { id: secretId });
  return unwrapContentKey(wrappedKey, privateKey, secretId);
}
