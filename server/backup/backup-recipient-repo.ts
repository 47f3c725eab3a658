// The stored backup recipient (the public key derived from the backup passphrase), one sealed settings row.
import { z } from 'zod';
import type { Binding, Keyring } from '../keyring/index.ts';
import type { Db, Trx } from '../storage/database.ts';
import { openJson, sealJson } from '../storage/sealed-json.ts';
import { backupKdfSchema, type Recipient } from './backup-format.ts';

const KEY = 'backup-recipient';

const binding = (version: number): Binding => ({ table: 'settings', id: KEY, column: 'value', version });

const storedSchema = z.object({
  kdf: backupKdfSchema,
  publicKey: z.string().refine((s) => Buffer.from(s, 'base64').length === 32),
});

export async function loadRecipient(db: Db, keyring: Keyring): Promise<Recipient | null> {
  const row = await db.selectFrom('settings').selectAll().where('key', '=', KEY).executeTakeFirst();
  if (!row) return null;
  const stored = openJson(keyring, row.value_enc, binding(row.row_version), storedSchema);
  return { kdf: stored.kdf, publicKey: Buffer.from(stored.publicKey, 'base64') };
}

export async function saveRecipient(
  trx: Trx,
  keyring: Keyring,
  recipient: Recipient,
  now: string,
): Promise<void> {
  const current = await trx
    .selectFrom('settings')
    .select('row_version')
    .where('key', '=', KEY)
    .executeTakeFirst();
  const version = (current?.row_version ?? 0) + 1;
  const value_enc = sealJson(keyring, binding(version), {
    kdf: recipient.kdf,
    publicKey: recipient.publicKey.toString('base64'),
  });
  await trx
    .insertInto('settings')
    .values({ key: KEY, value_enc, row_version: version, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_enc, row_version: version, updated_at: now }))
    .execute();
}
