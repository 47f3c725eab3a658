// The owner's own wrapped content key of a secret, replaced in place when their client re-wraps it under
// their vault key (vault-key migration). The key itself does not change, so neither does its generation.
import type { Keyring } from '../keyring/index.ts';
import type { Trx } from '../storage/database.ts';
import { wrappedKeyBinding } from './secret-meta.ts';

/**
 * Check-and-set: replaced only while the stored wrapped key is still `expected` (a rotation meanwhile
 * gave a new content key, which the old one's re-wrap must not overwrite). True when replaced.
 */
export async function replaceOwnWrappedKey(
  trx: Trx,
  keyring: Keyring,
  r: { secretId: string; ownerId: string; expected: string; wrappedKey: string },
): Promise<boolean> {
  const row = await trx
    .selectFrom('shares')
    .select(['wrapped_key_enc', 'key_generation'])
    .where('secret_id', '=', r.secretId)
    .where('principal_id', '=', r.ownerId)
    .where('permission', '=', 'owner')
    .executeTakeFirst();
  if (!row) return false;
  const binding = wrappedKeyBinding(r.secretId, r.ownerId, row.key_generation);
  if (keyring.decryptString(row.wrapped_key_enc, binding) !== r.expected) return false;
  const result = await trx
    .updateTable('shares')
    .set({ wrapped_key_enc: keyring.encrypt(r.wrappedKey, binding) })
    .where('secret_id', '=', r.secretId)
    .where('principal_id', '=', r.ownerId)
    .where('key_generation', '=', row.key_generation)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
