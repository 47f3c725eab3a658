// Gathers the user's vault for an export: every live secret they own, decrypted here on the client.
import { READ_BATCH_LIMIT, type SecretSummary } from '../../contract/index.ts';
import type { StoredItem } from '../bulk-types.ts';
import type { ImportRecord, OnProgress } from '../import/import-types.ts';
import type { VaultSession } from '../vault-session.ts';
import type { ParallelBulk } from '../workers/bulk-pool.ts';
import { olderVersions } from './collect-history.ts';

/** Lets the window paint and answer input between slices of decryption. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Items opened between two breaths: a slice stays well under a 50 ms task on a slow machine. */
const SLICE = 100;

/** One listed page and the read of its values, started as soon as the page arrived. */
interface Batch {
  part: SecretSummary[];
  read: Promise<StoredItem[]>;
}

/**
 * Every non-deleted secret the user owns (optionally under one folder, recursively), as import records:
 * what an exporter writes and what an import of that file reads back. A secret whose current version
 * was destroyed has no value left to export and is left out. With `history` each record also carries its
 * secret's older versions (the archive keeps a vault whole).
 *
 * Pipelined: while this client opens one page of values, the server already lists and reads the next,
 * so the two sides' work overlaps instead of adding up. With `parallel` the values are opened on workers.
 */
export async function collectVault(
  session: VaultSession,
  options: {
    folder?: string;
    onProgress?: OnProgress;
    history?: boolean;
    parallel?: ParallelBulk;
    /** Filled with each record's secret id, in the records' order (an archive looks up their files). */
    ids?: string[];
    /** Filled with how many files each record's secret carries, in the records' order (beside `ids`). */
    fileCounts?: number[];
  } = {},
): Promise<ImportRecord[]> {
  const { onProgress, parallel } = options;
  const folder = options.folder ?? '/';
  const records: ImportRecord[] = [];
  const opener = session.bulk.opener();
  let listed = 0;
  let total = 0;
  let opened = 0;
  /** Files per secret, as the batch reads report them. */
  const filesOf = new Map<string, number>();

  const readValues = (part: SecretSummary[]): Batch => {
    const read = session.client.request('readSecretBatch', { ids: part.map((s) => s.id) }).then(({ items }) =>
      items.flatMap((item) => {
        if (item.files > 0) filesOf.set(item.id, item.files);
        return item.value === null
          ? []
          : [{ id: item.id, valueVersion: item.version, value: item.value, wrappedKey: item.wrappedKey }];
      }),
    );
    // Awaited in turn below; until then a failure must not count as unhandled.
    read.catch(() => undefined);
    return { part, read };
  };

  const openBatch = async ({ part, read }: Batch) => {
    const present = await read;
    const byId = new Map(part.map((s) => [s.id, s]));
    // On workers a whole page goes at once; here it goes a slice at a time, breathing in between.
    const sliceSize = parallel ? Math.max(1, present.length) : SLICE;
    for (let start = 0; start < present.length; start += sliceSize) {
      const slice = present.slice(start, start + sliceSize);
      const payloads = parallel ? await parallel.open(slice) : opener.open(slice);
      for (const [i, item] of slice.entries()) {
        const summary = byId.get(item.id);
        if (!summary) continue;
        // A first version has nothing older: no request for it.
        const history =
          options.history && item.valueVersion > 1
            ? await olderVersions(session, item.id, item.valueVersion)
            : [];
        records.push({
          path: summary.path,
          name: summary.name,
          type: summary.type,
          tags: summary.tags,
          payload: payloads[i] as ImportRecord['payload'],
          source: `${summary.path === '/' ? '' : summary.path}/${summary.name}`,
          ...(history.length > 0 && { history }),
        });
        options.ids?.push(item.id);
        options.fileCounts?.push(filesOf.get(item.id) ?? 0);
      }
      if (!parallel) await breathe();
    }
    opened += part.length;
    onProgress?.({ phase: 'decrypting', done: opened, total });
  };

  try {
    let cursor: string | undefined;
    let previous: Batch | null = null;
    for (;;) {
      // A listed page is read whole, so it is no larger than one readSecretBatch.
      const page = await session.client.request('listSecrets', {
        path: folder,
        recursive: true,
        limit: READ_BATCH_LIMIT,
        ...(cursor !== undefined && { cursor }),
      });
      listed += page.items.length;
      total = page.total;
      // Reading is reported until the first values are open; from then on one bar of decrypting.
      if (opened === 0) onProgress?.({ phase: 'reading', done: listed, total });
      const current = page.items.length > 0 ? readValues(page.items) : null;
      if (previous) await openBatch(previous);
      previous = current;
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    if (previous) await openBatch(previous);
  } finally {
    opener.forget();
  }
  onProgress?.({ phase: 'done', done: total, total });
  return records;
}
