// Server settings and server-wide secrets, each one sealed row in the settings table.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type Settings, settingsSchema } from '../../contract/index.ts';
import type { Binding, Keyring } from '../keyring/index.ts';
import { cachedRowsWritten } from '../storage/commit-effects.ts';
import type { Db, Trx } from '../storage/database.ts';
import { openJson, sealJson } from '../storage/sealed-json.ts';

const binding = (key: string, version: number): Binding => ({
  table: 'settings',
  id: key,
  column: 'value',
  version,
});

async function readSetting<S extends z.ZodType>(db: Db | Trx, keyring: Keyring, key: string, schema: S) {
  const row = await db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
  return row
    ? {
        value: openJson(keyring, row.value_enc, binding(key, row.row_version), schema),
        version: row.row_version,
      }
    : null;
}

async function writeSetting(
  trx: Trx,
  keyring: Keyring,
  key: string,
  value: unknown,
  now: string,
): Promise<void> {
  const current = await trx
    .selectFrom('settings')
    .select('row_version')
    .where('key', '=', key)
    .executeTakeFirst();
  const version = (current?.row_version ?? 0) + 1;
  const value_enc = sealJson(keyring, binding(key, version), value);
  cachedRowsWritten(trx);
  await trx
    .insertInto('settings')
    .values({ key, value_enc, row_version: version, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_enc, row_version: version, updated_at: now }))
    .execute();
}

export async function loadSettings(db: Db, keyring: Keyring): Promise<Settings> {
  return (await readSetting(db, keyring, 'server', settingsSchema))?.value ?? settingsSchema.parse({});
}

export function saveSettings(trx: Trx, keyring: Keyring, settings: Settings, now: string): Promise<void> {
  return writeSetting(trx, keyring, 'server', settings, now);
}

const secretKeySchema = z.string().regex(/^[0-9a-f]{64}$/);

/** A random server-wide key, created once: e.g. the key that makes decoy pre-login salts stable. */
export async function loadOrCreateServerKey(
  store: { db: Db; transaction: <T>(fn: (trx: Trx) => Promise<T>) => Promise<T> },
  keyring: Keyring,
  name: string,
  now: string,
): Promise<Buffer> {
  const key = `key:${name}`;
  const existing = await readSetting(store.db, keyring, key, secretKeySchema);
  if (existing) return Buffer.from(existing.value, 'hex');
  // Read again under the write lock: two nodes unsealing for the first time at once must not each make
  // their own key (the second would overwrite the first, which the first keeps using).
  return store.transaction(async (trx) => {
    const made = await readSetting(trx, keyring, key, secretKeySchema);
    if (made) return Buffer.from(made.value, 'hex');
    const value = randomBytes(32).toString('hex');
    await writeSetting(trx, keyring, key, value, now);
    return Buffer.from(value, 'hex');
  });
}

const scrapeTokenSchema = z
  .object({ hash: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string() })
  .nullable();
export type ScrapeTokenRecord = NonNullable<z.infer<typeof scrapeTokenSchema>>;

/** The Prometheus scrape token's SHA-256 and when it was made, sealed like every setting; null when none. */
export async function loadScrapeToken(db: Db, keyring: Keyring): Promise<ScrapeTokenRecord | null> {
  return (await readSetting(db, keyring, 'metrics-scrape-token', scrapeTokenSchema))?.value ?? null;
}

export function saveScrapeToken(trx: Trx, keyring: Keyring, record: ScrapeTokenRecord | null, now: string) {
  return writeSetting(trx, keyring, 'metrics-scrape-token', record, now);
}

const integrityStateSchema = z.object({
  /** Raised at every unseal and mirrored outside the database (integrity/generation-file.ts). */
  generation: z.int().min(1),
  /** When the rows first got their tags: until then rows without one were tagged at unseal. */
  sealedSince: z.string(),
});
export type IntegrityState = z.infer<typeof integrityStateSchema>;

/** The row-integrity state, sealed like every setting; null before the first unseal that tagged the rows. */
export async function loadIntegrityState(db: Db | Trx, keyring: Keyring): Promise<IntegrityState | null> {
  return (await readSetting(db, keyring, 'integrity', integrityStateSchema))?.value ?? null;
}

export function saveIntegrityState(trx: Trx, keyring: Keyring, state: IntegrityState, now: string) {
  return writeSetting(trx, keyring, 'integrity', state, now);
}
