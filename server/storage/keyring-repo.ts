// Persists the keyring's seal record and wrapped terms (the keyring module itself knows no storage).
import { z } from 'zod';
import type { SealRecord, TermRecord } from '../keyring/index.ts';
import type { Db, Trx } from './database.ts';

const kdfSchema = z.object({
  salt: z.string(),
  memoryKiB: z.int(),
  iterations: z.int(),
  parallelism: z.int(),
});

export async function loadSealRecord(db: Db): Promise<{ seal: SealRecord; terms: TermRecord[] } | null> {
  const row = await db.selectFrom('keyring_seal').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return null;
  const terms = await db.selectFrom('keyring_terms').selectAll().orderBy('term').execute();
  return {
    seal: {
      method: row.method === 'shares' ? 'shares' : 'passphrase',
      kdf: row.kdf === null ? null : kdfSchema.parse(JSON.parse(row.kdf)),
      shares: row.shares,
      threshold: row.threshold,
      wrappedRootKey: row.wrapped_root_key,
    },
    terms: terms.map((t) => ({ term: t.term, wrappedKey: t.wrapped_key, createdAt: t.created_at })),
  };
}

export async function saveSealRecord(
  trx: Trx,
  seal: SealRecord,
  terms: TermRecord[],
  now: string,
): Promise<void> {
  await trx
    .insertInto('keyring_seal')
    .values({
      id: 1,
      method: seal.method,
      kdf: seal.kdf === null ? null : JSON.stringify(seal.kdf),
      shares: seal.shares,
      threshold: seal.threshold,
      wrapped_root_key: seal.wrappedRootKey,
      created_at: now,
    })
    .execute();
  for (const term of terms) await saveTerm(trx, term);
}

export async function saveTerm(trx: Trx, term: TermRecord): Promise<void> {
  await trx
    .insertInto('keyring_terms')
    .values({ term: term.term, wrapped_key: term.wrappedKey, created_at: term.createdAt })
    .execute();
}
