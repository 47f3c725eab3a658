// Gathers the user's vault for an export: every live secret they own, decrypted here on the client.
import { READ_BATCH_LIMIT } from '../../server/contract/index.ts';
import type { ImportRecord, OnProgress } from '../import/import-types.ts';
import { listOwnSecrets } from '../import/importer.ts';
import type { VaultSession } from '../vault-session.ts';

/** Lets the window paint and answer input between batches of decryption. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Every non-deleted secret the user owns (optionally under one folder, recursively), as import records:
 * what an exporter writes and what an import of that file reads back. A secret whose current version
 * was destroyed has no value left to export and is left out.
 */
export async function collectVault(
  session: VaultSession,
  options: { folder?: string; onProgress?: OnProgress } = {},
): Promise<ImportRecord[]> {
  const { onProgress } = options;
  const summaries = await listOwnSecrets(session, options.folder ?? '/', (done, total) =>
    onProgress?.({ phase: 'reading', done, total }),
  );
  const bulk = session.bulk;
  const records: ImportRecord[] = [];
  for (let start = 0; start < summaries.length; start += READ_BATCH_LIMIT) {
    const part = summaries.slice(start, start + READ_BATCH_LIMIT);
    const { items } = await session.client.request('readSecretBatch', { ids: part.map((s) => s.id) });
    const present = items.flatMap((item) =>
      item.value === null
        ? []
        : [{ id: item.id, valueVersion: item.version, value: item.value, wrappedKey: item.wrappedKey }],
    );
    const payloads = bulk.open(present);
    const byId = new Map(part.map((s) => [s.id, s]));
    present.forEach((item, i) => {
      const summary = byId.get(item.id);
      if (!summary) return;
      records.push({
        path: summary.path,
        name: summary.name,
        type: summary.type,
        tags: summary.tags,
        payload: payloads[i] as ImportRecord['payload'],
        source: `${summary.path === '/' ? '' : summary.path}/${summary.name}`,
      });
    });
    onProgress?.({ phase: 'decrypting', done: start + part.length, total: summaries.length });
    await breathe();
  }
  onProgress?.({ phase: 'done', done: summaries.length, total: summaries.length });
  return records;
}
