// Deletes secrets for good: every row that holds a secret's ciphertext or a key to it (versions, shares
// with their wrapped keys, the secret row). The audit log is another table and keeps its entries.
import type { Trx } from '../storage/database.ts';

/** Ids per statement: far under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

/** Removes the secrets with these ids (children first, for the foreign keys); answers how many went. */
export async function purgeSecrets(trx: Trx, ids: readonly string[]): Promise<number> {
  let purged = 0;
  for (let at = 0; at < ids.length; at += CHUNK) {
    const chunk = ids.slice(at, at + CHUNK);
    // Files on these secrets go with them: chunks first, then their rows (foreign keys).
    const files = trx.selectFrom('attachments').select('id').where('secret_id', 'in', chunk);
    await trx.deleteFrom('attachment_chunks').where('attachment_id', 'in', files).execute();
    await trx.deleteFrom('attachments').where('secret_id', 'in', chunk).execute();
    await trx.deleteFrom('secret_versions').where('secret_id', 'in', chunk).execute();
    await trx.deleteFrom('shares').where('secret_id', 'in', chunk).execute();
    const result = await trx.deleteFrom('secrets').where('id', 'in', chunk).executeTakeFirst();
    purged += Number(result.numDeletedRows);
  }
  return purged;
}
