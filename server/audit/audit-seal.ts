// The audit chain's newest entry, sealed: a MAC under a keyring key over its number and hash, written in
// the same transaction as the entries. The chain alone is plain SHA-256, so someone who can write the
// database file could edit an entry and recompute every hash after it, or cut the newest entries off
// while the server is stopped; neither matches the seal, which they cannot make without the keyring.
import type { QueryCreator } from 'kysely';
import type { Keyring } from '../keyring/index.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { ChainHead } from './audit-log.ts';

export const macOf = (keyring: Keyring, head: ChainHead) =>
  keyring.blindIndex('audit-head', `${head.seq}:${head.hash}`);

/**
 * The upsert that seals `head`; run it in the transaction that wrote the entry. `db` may carry a CTE
 * (audit-writer appends the entries in the same statement on PostgreSQL).
 */
export const sealHeadQuery = (
  db: Pick<QueryCreator<Database>, 'insertInto'>,
  keyring: Keyring,
  head: ChainHead,
) => {
  const row = { seq: head.seq, hash: head.hash, mac: macOf(keyring, head) };
  return db
    .insertInto('audit_seal')
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row));
};

export type SealCheck = { ok: true; sealedSeq: number } | { ok: false; brokenAt: number; reason: string };

/**
 * Compares the chain's entries with the seal. Entries after the sealed one are fine (a sealed server
 * audits refusals it cannot seal yet; the next sealed write covers them through the chain).
 */
export async function checkSeal(db: Db, keyring: Keyring): Promise<SealCheck> {
  const seal = await db.selectFrom('audit_seal').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!seal) return { ok: true, sealedSeq: 0 };
  if (macOf(keyring, seal) !== seal.mac) {
    return {
      ok: false,
      brokenAt: seal.seq,
      reason: 'the seal of the newest entry was not made by this server',
    };
  }
  const entry = await db
    .selectFrom('audit')
    .select(['seq', 'hash'])
    .where('seq', '=', seal.seq)
    .executeTakeFirst();
  if (!entry) {
    return { ok: false, brokenAt: seal.seq, reason: 'entries up to the sealed newest one were removed' };
  }
  if (entry.hash !== seal.hash) {
    return {
      ok: false,
      brokenAt: seal.seq,
      reason: 'the chain no longer passes through its sealed newest entry: entries were rewritten or removed',
    };
  }
  return { ok: true, sealedSeq: seal.seq };
}
