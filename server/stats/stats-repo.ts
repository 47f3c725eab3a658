// Storage of statistics: minute rows in and out, retention, and the counts the gauges sample once a minute.
import type { ClientKind } from '../../contract/roles.ts';
import { clientKinds } from '../../contract/roles.ts';
import type { Store } from '../storage/database.ts';
import { type MinuteData, minuteDataSchema } from './minute-stats.ts';

export interface StoredMinute {
  minute: number;
  data: MinuteData;
  /** The node that counted it (its name and a per-process tag, `name~tag`). */
  node: string;
}

/**
 * Scope 'audit': these rows change nothing a cache holds (sessions, users, secrets), so the flush must
 * not empty the session cache the way an 'any' write does.
 */
const statsOnly = { scope: 'audit' } as const;

export async function insertMinutes(store: Store, node: string, minutes: StoredMinute[]): Promise<void> {
  if (minutes.length === 0) return;
  await store.transaction(async (trx) => {
    for (const { minute, data } of minutes) {
      await trx
        .insertInto('stats_minutes')
        .values({ minute, node, data: JSON.stringify(data) })
        // A node writes a minute once; a repeat (a clock stepped back) keeps the first rather than failing.
        .onConflict((oc) => oc.columns(['minute', 'node']).doNothing())
        .execute();
    }
  }, statsOnly);
}

const YIELD_EVERY = 1_000;

/** Rows with from <= minute < to; a row that does not read back as statistics is skipped, not fatal. */
export async function loadMinutes(
  store: Store,
  from: number,
  to: number,
): Promise<{ minutes: StoredMinute[]; skipped: number }> {
  const rows = await store.read(
    store.db
      .selectFrom('stats_minutes')
      .select(['minute', 'node', 'data'])
      .where('minute', '>=', from)
      .where('minute', '<', to)
      .orderBy('minute'),
  );
  const minutes: StoredMinute[] = [];
  let skipped = 0;
  for (const [i, row] of rows.entries()) {
    // 30 days is tens of thousands of rows: let other requests in between chunks rather than wait seconds.
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const parsed = minuteDataSchema.safeParse(safeJson(row.data));
    if (parsed.success) minutes.push({ minute: row.minute, node: row.node, data: parsed.data });
    else skipped++;
  }
  return { minutes, skipped };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function pruneMinutesBefore(store: Store, minute: number): Promise<void> {
  await store.transaction(
    (trx) => trx.deleteFrom('stats_minutes').where('minute', '<', minute).execute(),
    statsOnly,
  );
}

/** The client kind each session signed in with; sessions not found are left out. */
export async function sessionKinds(store: Store, ids: string[]): Promise<Map<string, ClientKind>> {
  const kinds = new Map<string, ClientKind>();
  // Bounded batches keep under SQLite's parameter limit.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.read(
      store.db
        .selectFrom('sessions')
        .select(['id', 'client_kind'])
        .where('id', 'in', ids.slice(i, i + 500)),
    );
    for (const row of rows) {
      const kind = clientKinds.find((k) => k === row.client_kind);
      if (kind) kinds.set(row.id, kind);
    }
  }
  return kinds;
}

/** Sessions neither ended, expired nor idle past the idle timeout at `now`. */
export async function countActiveSessions(store: Store, now: Date, idleMinutes: number): Promise<number> {
  const row = await store.readFirst(
    store.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .where('last_seen_at', '>', new Date(now.getTime() - idleMinutes * 60_000).toISOString()),
  );
  return Number(row?.n ?? 0);
}

/** Grants to someone other than the secret's owner (the owner's own key row is not a share). */
export async function countShares(store: Store): Promise<number> {
  const row = await store.readFirst(
    store.db
      .selectFrom('shares')
      .innerJoin('secrets', 'secrets.id', 'shares.secret_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .whereRef('shares.principal_id', '!=', 'secrets.owner_id')
      .where('secrets.deleted_at', 'is', null),
  );
  return Number(row?.n ?? 0);
}

/** Secrets not in their owner's trash. */
export async function countSecrets(store: Store): Promise<number> {
  const row = await store.readFirst(
    store.db
      .selectFrom('secrets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('deleted_at', 'is', null),
  );
  return Number(row?.n ?? 0);
}
