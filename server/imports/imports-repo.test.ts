import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { StagedItem } from '../../contract/index.ts';
import { initKeyring } from '../keyring/index.ts';
import { Store } from '../storage/database.ts';
import {
  findImport,
  insertImport,
  loadStagedCreates,
  loadStagedReplacements,
  stageItems,
} from './imports-repo.ts';

describe('staging an import', async () => {
  const store = await Store.open({ path: ':memory:' });
  afterAll(() => store.close());
  const { keyring } = await initKeyring(
    { method: 'passphrase', passphrase: 'a long unseal passphrase' },
    { kdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 } },
  );

  it('takes new items and replacements in one batch (SQLite once refused the mix: a null current_version)', async () => {
    const importId = randomUUID();
    const now = new Date().toISOString();
    await store.transaction((trx) =>
      insertImport(trx, { id: importId, ownerId: 'owner', now, expiresAt: '2999-01-01T00:00:00.000Z' }),
    );
    const item = (name: string): StagedItem => ({
      id: randomUUID(),
      name,
      path: '/',
      tags: [],
      type: 'login',
      value: 'dmFsdWU=',
      wrappedKey: 'a2V5',
    });
    const created = { ...item('new'), history: [{ value: 'b2xk', createdAt: '2020-01-01T00:00:00.000Z' }] };
    const replacement = { ...item('old'), replaces: { id: randomUUID(), expectedVersion: 3 } };
    // More than one statement's worth of rows (see rowsStatementFor), in an odd number.
    const many = Array.from({ length: 300 }, (_, i) => item(`item ${i}`));
    const batch = [created, replacement, ...many];
    const current = await findImport(store.db, importId);
    if (!current) throw new Error('no import');
    const total = await store.transaction((trx) =>
      stageItems(trx, keyring, current, batch, '2999-01-01T00:00:00.000Z'),
    );
    expect(total).toBe(batch.length);

    const creates = await loadStagedCreates(store.db, keyring, importId);
    expect(creates.map((c) => c.id)).toEqual([created.id, ...many.map((m) => m.id)]);
    expect(creates[0]).toMatchObject({ seq: 0, version: 2, meta: { name: 'new', path: '/', tags: [] } });
    expect(creates.at(-1)).toMatchObject({ seq: batch.length - 1, version: 1, meta: { name: 'item 299' } });
    const replacements = await loadStagedReplacements(store.db, keyring, importId);
    expect(replacements).toEqual([{ seq: 1, item: replacement }]);
    const history = await store.db
      .selectFrom('import_item_versions')
      .select(['seq', 'version', 'created_at'])
      .where('import_id', '=', importId)
      .execute();
    expect(history).toEqual([{ seq: 0, version: 1, created_at: '2020-01-01T00:00:00.000Z' }]);
  });
});
