// Imports that must not happen: conflicts, failures, aborts, expiry, limits, other users, tampering, plaintext.
import { describe, expect, it } from 'vitest';
import { ImportRunError, planImport, runImport } from '../client/import/importer.ts';
import { VaultSession } from '../client/index.ts';
import { KeyholdError } from '../client/keyhold-client.ts';
import type { InputOf, StagedItem } from '../contract/index.ts';
import { importHarness, liveNames, record, stageNew } from './support/import-fixtures.ts';

const h = importHarness();

describe('an import that fails', () => {
  it('a secret changed after staging fails the commit and leaves the vault exactly as it was', async () => {
    const { session, userId } = await h.freshUser();
    const { id } = await session.createSecret({
      name: 'db',
      path: '/prod',
      type: 'login',
      payload: { value: 'v1' },
    });
    const { importId } = await session.client.request('beginImport', {});
    await stageNew(session, importId, [record('/prod', 'new one', 'n1'), record('/prod', 'new two', 'n2')]);
    const [stored] = (await session.client.request('readSecretBatch', { ids: [id] })).items;
    const [value] = session.bulk.sealNextVersions([
      { id, wrappedKey: stored?.wrappedKey ?? '', nextVersion: 2, payload: { value: 'from the file' } },
    ]);
    await session.client.request('stageImport', {
      importId,
      items: [
        {
          id,
          name: 'db',
          path: '/prod',
          tags: [],
          type: 'login',
          value: value ?? '',
          replaces: { id, expectedVersion: 1 },
        },
      ],
    });
    // Someone changes the secret after it was staged.
    await session.updateSecret(id, 1, { payload: { value: 'changed meanwhile' } });
    const before = await h.footprint(userId);
    const namesBefore = await liveNames(session);

    const refused = await session.client.request('commitImport', { importId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KeyholdError);
    expect(refused).toMatchObject({ code: 'conflict' });
    expect((refused as Error).message).toMatch(
      /item 3 \(\/prod\/db\).*version 1 \(it is at 2\).*nothing was imported/,
    );
    expect(await h.lastAudit('commitImport')).toMatchObject({
      status: 'denied',
      code: 'conflict',
      target: importId,
    });
    expect(await h.footprint(userId)).toEqual(before);
    expect(await liveNames(session)).toEqual(namesBefore);
    expect((await session.readSecret(id)).payload.value).toBe('changed meanwhile');
  });

  it('a failure while staging aborts the whole import and names the entry of the file', async () => {
    const { session, userId } = await h.freshUser();
    const { id } = await session.createSecret({
      name: 'db',
      path: '/prod',
      type: 'login',
      payload: { value: 'v1' },
    });
    const file = [
      ...Array.from({ length: 600 }, (_, i) => record('/bulk', `e${i}`, `v${i}`)),
      record('/prod', 'db', 'v2', { source: 'line 77' }),
    ];
    const plan = await planImport(session, file, 'replace');
    // The secret goes to the trash between the preview and the import.
    await session.client.request('deleteSecret', { id });
    const failed = await runImport(session, plan).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ImportRunError);
    expect(failed).toMatchObject({ code: 'conflict', location: 'line 77' });
    expect(await h.footprint(userId)).toEqual({ secrets: 1, versions: 1, shares: 1, imports: 0, staged: 0 });
  });
});

describe('imports that end without a commit', () => {
  it('abort leaves nothing behind, and an aborted import cannot be committed', async () => {
    const { session, userId } = await h.freshUser();
    const { importId } = await session.client.request('beginImport', {});
    await stageNew(session, importId, [record('/', 'a', '1'), record('/', 'b', '2')]);
    expect(await h.footprint(userId)).toMatchObject({ imports: 1, staged: 2 });
    await session.client.request('abortImport', { importId });
    expect(await h.footprint(userId)).toEqual({ secrets: 0, versions: 0, shares: 0, imports: 0, staged: 0 });
    const late = await session.client.request('commitImport', { importId }).catch((e: unknown) => e);
    expect(late).toMatchObject({ code: 'not_found' });
  });

  it('an import expires an hour after its last use, and expired staging is cleaned', async () => {
    const first = await h.freshUser();
    const second = await h.freshUser();
    const a = await first.session.client.request('beginImport', {});
    await stageNew(first.session, a.importId, [record('/', 'a', '1')]);
    const b = await second.session.client.request('beginImport', {});
    await stageNew(second.session, b.importId, [record('/', 'b', '2')]);
    h.advanceClock(61 * 60 * 1000);
    try {
      // Sessions idle out sooner than imports, so both users sign in again.
      const one = await VaultSession.login(h.t.client(), first.session.user.username, first.password, 'cli');
      const refused = await one.client
        .request('commitImport', { importId: a.importId })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'not_found', message: expect.stringMatching(/expired/) });
      expect(await h.lastAudit('commitImport')).toMatchObject({
        status: 'denied',
        code: 'expired',
        target: a.importId,
      });
      expect(await h.footprint(first.userId)).toEqual({
        secrets: 0,
        versions: 0,
        shares: 0,
        imports: 0,
        staged: 0,
      });
      // The second user's expired import goes when anyone begins a new one.
      expect(await h.footprint(second.userId)).toMatchObject({ imports: 1, staged: 1 });
      await one.client.request('beginImport', {});
      expect(await h.footprint(second.userId)).toMatchObject({ imports: 0, staged: 0 });
    } finally {
      h.advanceClock(-61 * 60 * 1000);
    }
  });

  it('refuses more items than an import may hold, and more than one batch allows', async () => {
    const { session } = await h.freshUser();
    const { importId } = await session.client.request('beginImport', {});
    const tooMany = session.bulk.sealNew(Array.from({ length: 501 }, (_, i) => record('/', `x${i}`, 'v')));
    const big = await session.client
      .request('stageImport', { importId, items: tooMany })
      .catch((e: unknown) => e);
    expect(big).toMatchObject({ code: 'bad_request', field: 'items' });
    // As if 199,999 items were staged already.
    await h.t.sql('update imports set item_count = 199999 where id = ?', importId);
    const over = await stageNew(session, importId, [record('/', 'a', '1'), record('/', 'b', '2')]).catch(
      (e: unknown) => e,
    );
    expect(over).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/200,000/) });
    await session.client.request('abortImport', { importId });
  });
});

describe('earlier versions and dates from a file', () => {
  const withHistory = (dates: string[]) =>
    record('/', 'with history', 'now', {
      history: dates.map((createdAt, i) => ({
        payload: { value: `old ${i}`, notes: '', fields: [] },
        createdAt,
      })),
      createdAt: dates[0] ?? '2025-01-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
    });

  it("refuses a date in the server's future, naming it, audited, with nothing staged", async () => {
    const { session, userId } = await h.freshUser();
    const { importId } = await session.client.request('beginImport', {});
    // The harness's server clock stands at 2026-03-01.
    const refused = await stageNew(session, importId, [
      withHistory(['2025-01-01T00:00:00.000Z', '2027-05-01T00:00:00.000Z']),
    ]).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'bad_request', field: 'items.0.history.1.createdAt' });
    expect(await h.lastAudit('stageImport')).toMatchObject({ status: 'denied', userId });
    expect(await h.footprint(userId)).toMatchObject({ secrets: 0, versions: 0, staged: 0 });
    await session.client.request('abortImport', { importId });
  });

  it('refuses history on a replacement, and more values in one batch than it may carry', async () => {
    const { session } = await h.freshUser();
    const { id } = await session.createSecret({
      name: 'db',
      path: '/',
      type: 'login',
      payload: { value: 'v1' },
    });
    const { importId } = await session.client.request('beginImport', {});
    const [sealed] = session.bulk.sealNew([withHistory(['2025-01-01T00:00:00.000Z'])]);
    const replacing = await session.client
      .request('stageImport', {
        importId,
        items: [
          { ...(sealed as StagedItem), id, wrappedKey: undefined, replaces: { id, expectedVersion: 1 } },
        ],
      })
      .catch((e: unknown) => e);
    expect(replacing).toMatchObject({ code: 'bad_request', field: 'items.0.history' });
    // 20 items with 100 earlier versions each: 2,020 values, over the 2,000 a batch may carry.
    const dates = Array.from({ length: 100 }, () => '2025-01-01T00:00:00.000Z');
    const heavy = session.bulk.sealNew(Array.from({ length: 20 }, () => withHistory(dates)));
    const over = await session.client
      .request('stageImport', { importId, items: heavy })
      .catch((e: unknown) => e);
    expect(over).toMatchObject({ code: 'bad_request', field: 'items' });
    await session.client.request('abortImport', { importId });
  });

  it('keeps only the newest versions the server is set to keep', async () => {
    const { session, userId } = await h.freshUser();
    const dates = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString());
    const plan = await planImport(session, [withHistory(dates)], 'skip');
    expect(plan.counts.versions).toBe(14);
    // versionsToKeep is 10: the current value and the 9 newest earlier ones.
    expect(await runImport(session, plan)).toMatchObject({ created: 1, versions: 9 });
    expect(await h.footprint(userId)).toMatchObject({ secrets: 1, versions: 10, staged: 0 });
    const [summary] = (await session.client.request('listSecrets', { path: '/', limit: 5 })).items;
    const { versions } = await session.client.request('listSecretVersions', { id: summary?.id ?? '' });
    expect(versions.map((v) => v.version)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    expect(versions.at(-1)?.createdAt).toBe(dates[5]);
    expect((await session.readSecret(summary?.id ?? '', 6)).payload.value).toBe('old 5');
  });
});

describe('another user', () => {
  it('cannot stage into, commit or abort your import, nor replace or read your secrets (refused and audited)', async () => {
    const owner = await h.freshUser();
    const other = await h.freshUser();
    const { id } = await owner.session.createSecret({ name: 'mine', type: 'login', payload: { value: 'v' } });
    const { importId } = await owner.session.client.request('beginImport', {});
    await stageNew(owner.session, importId, [record('/', 'staged by owner', 'v')]);

    const items = other.session.bulk.sealNew([record('/', 'planted', 'evil')]);
    const attempts: [string, () => Promise<unknown>][] = [
      ['stageImport', () => other.session.client.request('stageImport', { importId, items })],
      ['commitImport', () => other.session.client.request('commitImport', { importId })],
      ['abortImport', () => other.session.client.request('abortImport', { importId })],
    ];
    for (const [operation, attempt] of attempts) {
      expect(await attempt().catch((e: unknown) => e)).toMatchObject({
        code: 'not_found',
        field: 'importId',
      });
      expect(await h.lastAudit(operation)).toMatchObject({
        status: 'denied',
        code: 'not_owner',
        target: importId,
        userId: other.userId,
      });
    }

    // Nor through an import of their own: a replacement of the owner's secret, or a batch read of it.
    const theirs = await other.session.client.request('beginImport', {});
    const { wrappedKey: _unused, ...planted } = items[0] as (typeof items)[number];
    const replacement: InputOf<'stageImport'>['items'][number] = {
      ...planted,
      id,
      replaces: { id, expectedVersion: 1 },
    };
    const replaced = await other.session.client
      .request('stageImport', { importId: theirs.importId, items: [replacement] })
      .catch((e: unknown) => e);
    expect(replaced).toMatchObject({ code: 'not_found', field: 'items.0.replaces.id' });
    expect(await h.lastAudit('stageImport')).toMatchObject({
      status: 'denied',
      code: 'not_owner',
      userId: other.userId,
    });
    const read = await other.session.client
      .request('readSecretBatch', { ids: [id] })
      .catch((e: unknown) => e);
    expect(read).toMatchObject({ code: 'not_found', field: 'ids.0' });
    expect(await h.lastAudit('readSecretBatch')).toMatchObject({
      status: 'denied',
      code: 'not_owner',
      userId: other.userId,
    });

    // The owner's import is untouched and still commits.
    expect(await owner.session.client.request('commitImport', { importId })).toEqual({
      created: 1,
      replaced: 0,
      versions: 0,
    });
    expect(await liveNames(owner.session)).toEqual(['/|mine', '/|staged by owner']);
    expect((await owner.session.readSecret(id)).payload.value).toBe('v');
  });
});

describe('at rest', () => {
  it('the database holds no plaintext of imported names or values, staged or committed', async () => {
    const { session } = await h.freshUser();
    const file = [
      record('/Vault', 'NAME-MARKER-7f3a', 'VALUE-MARKER-91bd', {
        payload: {
          value: 'VALUE-MARKER-91bd',
          notes: 'NOTES-MARKER-c2e0',
          fields: [{ name: 'pin', value: 'FIELD-MARKER-55aa', hidden: true }],
        },
      }),
    ];
    const markers = ['NAME-MARKER-7f3a', 'VALUE-MARKER-91bd', 'NOTES-MARKER-c2e0', 'FIELD-MARKER-55aa'];
    const { importId } = await session.client.request('beginImport', {});
    await stageNew(session, importId, file);
    const staged = await h.t.databaseBytes();
    for (const marker of markers) expect(staged.includes(marker), `${marker} while staged`).toBe(false);
    await session.client.request('commitImport', { importId });
    expect(await liveNames(session)).toEqual(['/Vault|NAME-MARKER-7f3a']);
    const committed = await h.t.databaseBytes();
    for (const marker of markers) expect(committed.includes(marker), `${marker} once committed`).toBe(false);
  });

  it('staged rows are bound to their secret: swapped in the database, the commit refuses and applies nothing', async () => {
    const { session, userId } = await h.freshUser();
    const { importId } = await session.client.request('beginImport', {});
    const [a, b] = await stageNew(session, importId, [record('/', 'first', '1'), record('/', 'second', '2')]);
    const metaOf = async (id: string) =>
      (await h.t.sqlRow<{ m: Buffer }>('select meta_enc as m from import_items where secret_id = ?', id)).m;
    const [metaA, metaB] = [await metaOf(a?.id ?? ''), await metaOf(b?.id ?? '')];
    const swap = (meta: Buffer, id: string | undefined) =>
      h.t.sql('update import_items set meta_enc = ? where secret_id = ?', meta, id);
    await swap(metaB, a?.id);
    await swap(metaA, b?.id);
    const refused = await session.client.request('commitImport', { importId }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'integrity_error' });
    expect(await h.footprint(userId)).toMatchObject({ secrets: 0, versions: 0, shares: 0 });
    expect(await liveNames(session)).toEqual([]);
    await session.client.request('abortImport', { importId });
  });
});
