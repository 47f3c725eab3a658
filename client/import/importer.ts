// Imports parsed records: a preview that writes nothing, then every entry encrypted here and applied all at once.
import {
  type ErrorCode,
  IMPORT_HISTORY_LIMIT,
  type InputOf,
  READ_BATCH_LIMIT,
  type SecretSummary,
  STAGE_BATCH_LIMIT,
  STAGE_VALUE_LIMIT,
} from '../../contract/index.ts';
import type { NewItem } from '../bulk-types.ts';
import { KeyholdError } from '../keyhold-client.ts';
import type { VaultSession } from '../vault-session.ts';
import type { ParallelBulk } from '../workers/bulk-pool.ts';
import type { DuplicatePolicy, ImportRecord, OnProgress, RecordVersion } from './import-types.ts';

export interface ImportPlanRow {
  record: ImportRecord;
  action: 'create' | 'replace' | 'skip';
  /** the name it will get (keep-both renames "x" to "x (2)") */
  name: string;
  /** existing secret it replaces or duplicates */
  existingId: string | null;
}

export interface ImportPlan {
  rows: ImportPlanRow[];
  /** `versions`: the earlier versions that come along with the new secrets. */
  counts: { create: number; replace: number; skip: number; duplicates: number; versions: number };
  policy: DuplicatePolicy;
}

/** An import that failed: nothing of it was applied. `location` names the entry of the file when known. */
export class ImportRunError extends Error {
  readonly code: ErrorCode | 'aborted';
  readonly location: string | null;
  constructor(code: ErrorCode | 'aborted', message: string, location: string | null) {
    super(location ? `${location}: ${message}` : message);
    this.name = 'ImportRunError';
    this.code = code;
    this.location = location;
  }
}

type StagedItem = InputOf<'stageImport'>['items'][number];

const PAGE = 500;
const keyOf = (path: string, name: string) => `${path}\u0000${name}`;
/** The server trims names, so "x " and "x" are the same entry to it and to the duplicate check. */
const cleanName = (name: string) => name.trim();
/** Lets the window paint and answer input between slices of encryption. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Items sealed between two breaths: a slice stays well under a 50 ms task on a slow machine. */
const SEAL_SLICE = 100;

/** Every live secret of the user under a folder (recursively), a page at a time. */
export async function listOwnSecrets(
  session: VaultSession,
  folder: string,
  onPage?: (done: number, total: number) => void,
): Promise<SecretSummary[]> {
  const all: SecretSummary[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await session.client.request('listSecrets', {
      path: folder,
      recursive: true,
      limit: PAGE,
      ...(cursor !== undefined && { cursor }),
    });
    all.push(...page.items);
    onPage?.(all.length, page.total);
    if (page.nextCursor === null) return all;
    cursor = page.nextCursor;
  }
}

/**
 * The preview: nothing is written. A duplicate is a record whose folder and name match a live secret the
 * user owns or an earlier record of the file. skip keeps the first; replace lets the file's last one win
 * (replacing the vault's secret when there is one); keep-both renames the newcomer "x (2)", "x (3)"...
 */
export async function planImport(
  session: VaultSession,
  records: ImportRecord[],
  policy: DuplicatePolicy,
  onProgress?: OnProgress,
): Promise<ImportPlan> {
  const existing = new Map<string, SecretSummary>();
  const secrets = await listOwnSecrets(session, '/', (done, total) =>
    onProgress?.({ phase: 'reading', done, total }),
  );
  for (const s of secrets) if (!existing.has(keyOf(s.path, s.name))) existing.set(keyOf(s.path, s.name), s);

  // Names taken in each place: the vault's, then each planned row's, so keep-both never collides.
  const taken = new Set(existing.keys());
  const lastOfKey = new Map<string, number>();
  records.forEach((record, i) => {
    lastOfKey.set(keyOf(record.path, cleanName(record.name)), i);
  });
  const seen = new Set<string>();
  const counts = { create: 0, replace: 0, skip: 0, duplicates: 0, versions: 0 };
  const rows = records.map((record, i): ImportPlanRow => {
    const name = cleanName(record.name);
    const key = keyOf(record.path, name);
    const inVault = existing.get(key) ?? null;
    const duplicate = inVault !== null || seen.has(key);
    seen.add(key);
    if (duplicate) counts.duplicates++;
    const row = (action: ImportPlanRow['action'], rowName = name): ImportPlanRow => {
      counts[action]++;
      return { record, action, name: rowName, existingId: inVault?.id ?? null };
    };
    if (!duplicate) {
      taken.add(key);
      // Under replace a later record of the file with this name wins; this one is left out.
      return policy === 'replace' && lastOfKey.get(key) !== i ? row('skip') : row('create');
    }
    if (policy === 'skip') return row('skip');
    if (policy === 'replace') {
      if (lastOfKey.get(key) !== i) return row('skip');
      return inVault ? row('replace') : row('create');
    }
    let n = 2;
    while (taken.has(keyOf(record.path, `${name} (${n})`))) n++;
    const renamed = `${name} (${n})`;
    taken.add(keyOf(record.path, renamed));
    return row('create', renamed);
  });
  for (const row of rows) counts.versions += historyOf(row).length;
  onProgress?.({ phase: 'done', done: records.length, total: records.length });
  return { rows, counts, policy };
}

/**
 * Applies a plan all or nothing: entries are encrypted here in batches (yielding between them) or on the
 * workers of `parallel`, staged on the server, and committed in one transaction. On any failure the
 * import is aborted and nothing changes.
 *
 * A new secret keeps the earlier versions its record carries (KeePass history, Bitwarden's password
 * history, Keyhold's archive) and its dates, in the same transaction; a replacement adds one version to a
 * secret that keeps its own history, so it brings only the current value. `versions` counts the earlier
 * versions written (the server keeps at most its versionsToKeep per secret).
 */
export async function runImport(
  session: VaultSession,
  plan: ImportPlan,
  onProgress?: OnProgress,
  options: {
    parallel?: ParallelBulk;
    /** Filled once committed: the secret each row that was not skipped became (an archive's files go there). */
    secretIds?: Map<ImportPlanRow, string>;
  } = {},
): Promise<{ created: number; replaced: number; skipped: number; versions: number }> {
  const skipped = plan.rows.filter((r) => r.action === 'skip').length;
  const send = plan.rows.filter((r) => r.action !== 'skip');
  if (send.length === 0) {
    onProgress?.({ phase: 'done', done: 0, total: 0 });
    return { created: 0, replaced: 0, skipped, versions: 0 };
  }
  const ids: string[] = [];
  const result = await applyRows(session, send, onProgress, options.parallel, ids);
  send.forEach((row, i) => {
    const id = ids[i];
    if (id !== undefined) options.secretIds?.set(row, id);
  });
  onProgress?.({ phase: 'done', done: send.length, total: send.length });
  return { ...result, skipped };
}

/** The earlier versions a row brings: a new secret's newest IMPORT_HISTORY_LIMIT, none for a replacement. */
export function historyOf(row: ImportPlanRow): RecordVersion[] {
  if (row.action !== 'create') return [];
  return (row.record.history ?? []).slice(-IMPORT_HISTORY_LIMIT);
}

/** Rows cut into batches the server takes: at most STAGE_BATCH_LIMIT items and STAGE_VALUE_LIMIT values each. */
function batchesOf(rows: ImportPlanRow[]): { start: number; rows: ImportPlanRow[] }[] {
  const batches: { start: number; rows: ImportPlanRow[] }[] = [];
  let current: ImportPlanRow[] = [];
  let values = 0;
  let start = 0;
  rows.forEach((row, i) => {
    const weight = 1 + historyOf(row).length;
    if (current.length === STAGE_BATCH_LIMIT || (current.length > 0 && values + weight > STAGE_VALUE_LIMIT)) {
      batches.push({ start, rows: current });
      current = [];
      values = 0;
      start = i;
    }
    current.push(row);
    values += weight;
  });
  if (current.length > 0) batches.push({ start, rows: current });
  return batches;
}

/** One import (begin, stage in batches, commit) of rows. */
async function applyRows(
  session: VaultSession,
  send: ImportPlanRow[],
  onProgress?: OnProgress,
  parallel?: ParallelBulk,
  ids: string[] = [],
): Promise<{ created: number; replaced: number; versions: number }> {
  const { importId } = await session.client.request('beginImport', {}).catch((error: unknown) => {
    throw located(error, []);
  });
  try {
    let uploaded = 0;
    let pending: Promise<void> | null = null;
    for (const { start, rows: batch } of batchesOf(send)) {
      // The next batch is encrypted while the previous one travels; staging itself stays in order.
      const items = await sealBatch(session, batch, parallel);
      for (const item of items) ids.push(item.id);
      onProgress?.({ phase: 'encrypting', done: start + batch.length, total: send.length });
      await pending;
      pending = session.client
        .request('stageImport', { importId, items })
        .then(() => {
          uploaded += batch.length;
          onProgress?.({ phase: 'uploading', done: uploaded, total: send.length });
        })
        .catch((error: unknown) => {
          throw located(error, batch);
        });
      // A rejection is taken up by the next await; until then it must not count as unhandled.
      pending.catch(() => undefined);
      await breathe();
    }
    await pending;
    onProgress?.({ phase: 'committing', done: 0, total: send.length });
    const { created, replaced, versions } = await session.client
      .request('commitImport', { importId })
      .catch((error: unknown) => {
        throw located(error, []);
      });
    return { created, replaced, versions };
  } catch (error) {
    // The server drops it on its own within the hour; aborting now frees it at once.
    await session.client.request('abortImport', { importId }).catch(() => undefined);
    throw error instanceof ImportRunError ? error : located(error, []);
  }
}

/** Encrypts one batch: new entries under fresh content keys, replacements as the next version of the old. */
async function sealBatch(
  session: VaultSession,
  batch: ImportPlanRow[],
  parallel: ParallelBulk | undefined,
): Promise<StagedItem[]> {
  const bulk = session.bulk;
  const creates = batch.filter((r) => r.action === 'create');
  const byRow = new Map<ImportPlanRow, StagedItem>();
  const newItem = (r: ImportPlanRow): NewItem => {
    const history = historyOf(r);
    return {
      name: r.name,
      path: r.record.path,
      tags: r.record.tags,
      type: r.record.type,
      payload: r.record.payload,
      ...(history.length > 0 && { history }),
      ...(r.record.createdAt !== undefined && { createdAt: r.record.createdAt }),
      ...(r.record.updatedAt !== undefined && { updatedAt: r.record.updatedAt }),
    };
  };
  if (parallel) {
    const sealed = await parallel.sealNew(creates.map(newItem));
    creates.forEach((r, i) => {
      byRow.set(r, sealed[i] as StagedItem);
    });
  }
  // One key agreement for the batch, sealed a slice at a time so the window can paint in between.
  const sealer = parallel ? null : bulk.sealer();
  try {
    for (let start = 0; sealer && start < creates.length; start += SEAL_SLICE) {
      const slice = creates.slice(start, start + SEAL_SLICE);
      const sealed = sealer.sealNew(slice.map(newItem));
      slice.forEach((r, i) => {
        byRow.set(r, sealed[i] as StagedItem);
      });
      if (start + SEAL_SLICE < creates.length) await breathe();
    }
  } finally {
    sealer?.forget();
  }
  const replaces = batch.filter((r) => r.action === 'replace');
  for (let start = 0; start < replaces.length; start += READ_BATCH_LIMIT) {
    const part = replaces.slice(start, start + READ_BATCH_LIMIT);
    const { items: current } = await session.client
      .request('readSecretBatch', { ids: part.map((r) => r.existingId ?? '') })
      .catch((error: unknown) => {
        throw located(error, part);
      });
    const values = bulk.sealNextVersions(
      part.map((r, i) => {
        const stored = current[i] as (typeof current)[number];
        return {
          id: stored.id,
          wrappedKey: stored.wrappedKey,
          nextVersion: stored.version + 1,
          payload: r.record.payload,
        };
      }),
    );
    part.forEach((r, i) => {
      const stored = current[i] as (typeof current)[number];
      byRow.set(r, {
        id: stored.id,
        name: r.name,
        path: r.record.path,
        tags: r.record.tags,
        type: r.record.type,
        value: values[i] as string,
        replaces: { id: stored.id, expectedVersion: stored.version },
      });
    });
  }
  return batch.map((r) => byRow.get(r) as StagedItem);
}

/** Names the file's entry an error is about, from the `items.N` or `ids.N` field the server names. */
function located(error: unknown, batch: ImportPlanRow[]): ImportRunError {
  if (!(error instanceof KeyholdError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new ImportRunError('aborted', `the import stopped and nothing was imported: ${message}`, null);
  }
  const index = /^(?:items|ids)\.(\d+)/.exec(error.field ?? '')?.[1];
  const row = index === undefined ? undefined : batch[Number(index)];
  return new ImportRunError(error.code, error.message, row ? row.record.source : null);
}
