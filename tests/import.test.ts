// Imports against a real server: the preview, all-or-nothing commits, replacements, expiry, other users, export.

import { x25519 } from '@noble/curves/ed25519.js';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectVault } from '../client/export/collect-vault.ts';
import type { ImportRecord, Progress } from '../client/import/import-types.ts';
import { ImportRunError, planImport, runImport } from '../client/import/importer.ts';
import { e2e, VaultSession } from '../client/index.ts';
import { KeyholdError } from '../client/keyhold-client.ts';
import type { InputOf } from '../server/contract/index.ts';
import {
  addUser,
  initAndLoginAdmin,
  openDatabase,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

let t: TestServer;
let admin: VaultSession;
let db: BetterSqlite3.Database;
let clock = Date.parse('2026-03-01T10:00:00.000Z');
let users = 0;

beforeAll(async () => {
  t = await startTestServer({ now: () => new Date(clock) });
  admin = await initAndLoginAdmin(t);
  db = openDatabase(t);
}, 60_000);

afterAll(async () => {
  db?.close();
  await t?.stop();
});

/** A user of their own for each test, so vaults never mix. */
async function freshUser(): Promise<{ session: VaultSession; userId: string; password: string }> {
  return addUser(t, admin, `importer-${++users}`);
}

const record = (
  path: string,
  name: string,
  value: string,
  extra: Partial<ImportRecord> = {},
): ImportRecord => ({
  path,
  name,
  type: 'login',
  tags: [],
  payload: { value, notes: '', fields: [] },
  source: `entry ${name}`,
  ...extra,
});

const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;

/** Every row an import could leave behind or change, per owner. */
function footprint(userId: string) {
  return {
    secrets: count('select count(*) as n from secrets where owner_id = ?', userId),
    versions: count(
      'select count(*) as n from secret_versions where secret_id in (select id from secrets where owner_id = ?)',
      userId,
    ),
    shares: count('select count(*) as n from shares where principal_id = ?', userId),
    imports: count('select count(*) as n from imports where owner_id = ?', userId),
    staged: count(
      'select count(*) as n from import_items where import_id in (select id from imports where owner_id = ?)',
      userId,
    ),
  };
}

const lastAudit = (operation: string) =>
  db
    .prepare(
      'select operation, status, code, target, user_id as userId from audit where operation = ? order by seq desc limit 1',
    )
    .get(operation) as {
    operation: string;
    status: string;
    code: string | null;
    target: string | null;
    userId: string;
  };

async function liveNames(session: VaultSession, path = '/'): Promise<string[]> {
  const page = await session.client.request('listSecrets', { path, recursive: true, limit: 500 });
  return page.items.map((s) => `${s.path}|${s.name}`).sort();
}

/** Stages new items by hand, as a client would, for the tests that need to act between staging and commit. */
async function stageNew(session: VaultSession, importId: string, records: ImportRecord[]) {
  const items = session.bulk.sealNew(records.map((r) => ({ ...r })));
  await session.client.request('stageImport', { importId, items });
  return items;
}

describe('bulk key wrapping', () => {
  it('keys wrapped in one batch open with the ordinary unwrap, each only as its own secret', () => {
    const privateKey = x25519.utils.randomSecretKey();
    const publicKey = x25519.getPublicKey(privateKey);
    const entries = [0, 1, 2].map(() => ({ contentKey: e2e.newContentKey(), secretId: crypto.randomUUID() }));
    const wrapped = e2e.wrapContentKeys(entries, publicKey);
    entries.forEach(({ contentKey, secretId }, i) => {
      expect(e2e.unwrapContentKey(wrapped[i] as string, privateKey, secretId)).toEqual(contentKey);
    });
    const opener = e2e.contentKeyOpener(privateKey);
    expect(opener.unwrap(wrapped[1] as string, entries[1]?.secretId ?? '')).toEqual(entries[1]?.contentKey);
    // Presented as another secret of the same batch, it does not open.
    expect(() => opener.unwrap(wrapped[1] as string, entries[0]?.secretId ?? '')).toThrow(/does not open/);
    expect(() =>
      e2e.unwrapContentKey(wrapped[1] as string, x25519.utils.randomSecretKey(), entries[1]?.secretId ?? ''),
    ).toThrow();
    opener.forget();
  });
});

describe('the import preview', () => {
  it('counts skip, replace and keep-both with duplicates in the vault and inside the file, writing nothing', async () => {
    const { session } = await freshUser();
    const github = await session.createSecret({
      name: 'github',
      path: '/Work',
      type: 'login',
      payload: { value: 'old' },
    });
    await session.createSecret({ name: 'gitlab', path: '/Work', type: 'login', payload: { value: 'gl' } });
    const file = [
      record('/Work', 'github', 'first github'), // duplicate of the vault
      record('/Work', 'jira', 'jira 1'),
      record('/Work', 'jira', 'jira 2'), // duplicate inside the file
      record('/', 'github', 'root github'), // another folder: not a duplicate
      record('/Work', 'github', 'last github'), // duplicate of both
    ];
    const before = await liveNames(session);

    const skip = await planImport(session, file, 'skip');
    expect(skip.counts).toEqual({ create: 2, replace: 0, skip: 3, duplicates: 3 });
    expect(skip.rows.map((r) => r.action)).toEqual(['skip', 'create', 'skip', 'create', 'skip']);
    expect(skip.rows[0]?.existingId).toBe(github.id);

    const replace = await planImport(session, file, 'replace');
    expect(replace.counts).toEqual({ create: 2, replace: 1, skip: 2, duplicates: 3 });
    expect(replace.rows.map((r) => r.action)).toEqual(['skip', 'skip', 'create', 'create', 'replace']);
    expect(replace.rows[4]).toMatchObject({ existingId: github.id, name: 'github' });

    const keepBoth = await planImport(session, file, 'keep-both');
    expect(keepBoth.counts).toEqual({ create: 5, replace: 0, skip: 0, duplicates: 3 });
    expect(keepBoth.rows.map((r) => r.name)).toEqual([
      'github (2)',
      'jira',
      'jira (2)',
      'github',
      'github (3)',
    ]);

    expect(await liveNames(session)).toEqual(before);

    const result = await runImport(session, keepBoth);
    expect(result).toEqual({ created: 5, replaced: 0, skipped: 0 });
    expect(await liveNames(session)).toEqual(
      [
        '/|github',
        '/Work|github',
        '/Work|github (2)',
        '/Work|github (3)',
        '/Work|gitlab',
        '/Work|jira',
        '/Work|jira (2)',
      ].sort(),
    );
  });
});

describe('committing an import', () => {
  it('creates secrets that decrypt to what the file held, with progress and an audit entry', async () => {
    const { session, userId } = await freshUser();
    const file = Array.from({ length: 1203 }, (_, i) =>
      record(`/Import/g${i % 7}`, `entry ${i}`, `value-${i}`, {
        type: i % 2 ? 'api_key' : 'login',
        tags: i % 3 ? [] : ['imported'],
        payload: {
          value: `value-${i}`,
          notes: `notes ${i}`,
          fields: [{ name: 'user', value: `u${i}`, hidden: false }],
        },
      }),
    );
    const plan = await planImport(session, file, 'skip');
    const phases = new Set<Progress['phase']>();
    const result = await runImport(session, plan, (p) => phases.add(p.phase));
    expect(result).toEqual({ created: 1203, replaced: 0, skipped: 0 });
    expect([...phases]).toEqual(expect.arrayContaining(['encrypting', 'uploading', 'committing', 'done']));
    expect(lastAudit('commitImport')).toMatchObject({ status: 'ok', userId });
    expect(footprint(userId)).toMatchObject({
      secrets: 1203,
      versions: 1203,
      shares: 1203,
      imports: 0,
      staged: 0,
    });

    const listed = await session.client.request('listSecrets', { path: '/Import/g3', limit: 500 });
    expect(listed.total).toBe(file.filter((r) => r.path === '/Import/g3').length);
    for (const summary of listed.items.slice(0, 20)) {
      const opened = await session.readSecret(summary.id);
      const original = file.find((r) => r.name === summary.name);
      expect(opened).toMatchObject({ path: original?.path, type: original?.type, tags: original?.tags });
      expect(opened.payload).toEqual(original?.payload);
    }
  });

  it('replace makes a new version and keeps the old one in history', async () => {
    const { session } = await freshUser();
    const { id } = await session.createSecret({
      name: 'db',
      path: '/prod',
      type: 'login',
      tags: ['old'],
      payload: { value: 'old password' },
    });
    const plan = await planImport(
      session,
      [record('/prod', 'db', 'new password', { tags: ['new'], type: 'api_key' })],
      'replace',
    );
    expect(await runImport(session, plan)).toEqual({ created: 0, replaced: 1, skipped: 0 });
    const now = await session.readSecret(id);
    expect(now).toMatchObject({ version: 2, tags: ['new'], type: 'api_key' });
    expect(now.payload.value).toBe('new password');
    expect((await session.readSecret(id, 1)).payload.value).toBe('old password');
    const { versions } = await session.client.request('listSecretVersions', { id });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('a secret changed after staging fails the commit and leaves the vault exactly as it was', async () => {
    const { session, userId } = await freshUser();
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
    const before = footprint(userId);
    const namesBefore = await liveNames(session);

    const refused = await session.client.request('commitImport', { importId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KeyholdError);
    expect(refused).toMatchObject({ code: 'conflict' });
    expect((refused as Error).message).toMatch(
      /item 3 \(\/prod\/db\).*version 1 \(it is at 2\).*nothing was imported/,
    );
    expect(lastAudit('commitImport')).toMatchObject({ status: 'denied', code: 'conflict', target: importId });
    expect(footprint(userId)).toEqual(before);
    expect(await liveNames(session)).toEqual(namesBefore);
    expect((await session.readSecret(id)).payload.value).toBe('changed meanwhile');
  });

  it('a failure while staging aborts the whole import and names the entry of the file', async () => {
    const { session, userId } = await freshUser();
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
    expect(footprint(userId)).toEqual({ secrets: 1, versions: 1, shares: 1, imports: 0, staged: 0 });
  });
});

describe('entries the server refuses', () => {
  it('a bad entry fails the import with its place in the file and the field, and nothing is written', async () => {
    const { session, userId } = await freshUser();
    const file = [
      ...Array.from({ length: 700 }, (_, i) => record('/ok', `fine ${i}`, 'v')),
      record('/bad//folder', 'broken', 'v', { source: 'line 4242' }),
    ];
    const failed = await runImport(session, await planImport(session, file, 'skip')).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ImportRunError);
    expect(failed).toMatchObject({ code: 'bad_request', location: 'line 4242' });
    expect((failed as Error).message).toMatch(/^line 4242: .*path/);
    expect(footprint(userId)).toEqual({ secrets: 0, versions: 0, shares: 0, imports: 0, staged: 0 });
  });
});

describe('imports that end without a commit', () => {
  it('abort leaves nothing behind, and an aborted import cannot be committed', async () => {
    const { session, userId } = await freshUser();
    const { importId } = await session.client.request('beginImport', {});
    await stageNew(session, importId, [record('/', 'a', '1'), record('/', 'b', '2')]);
    expect(footprint(userId)).toMatchObject({ imports: 1, staged: 2 });
    await session.client.request('abortImport', { importId });
    expect(footprint(userId)).toEqual({ secrets: 0, versions: 0, shares: 0, imports: 0, staged: 0 });
    const late = await session.client.request('commitImport', { importId }).catch((e: unknown) => e);
    expect(late).toMatchObject({ code: 'not_found' });
  });

  it('an import expires an hour after its last use, and expired staging is cleaned', async () => {
    const first = await freshUser();
    const second = await freshUser();
    const a = await first.session.client.request('beginImport', {});
    await stageNew(first.session, a.importId, [record('/', 'a', '1')]);
    const b = await second.session.client.request('beginImport', {});
    await stageNew(second.session, b.importId, [record('/', 'b', '2')]);
    clock += 61 * 60 * 1000;
    try {
      // Sessions idle out sooner than imports, so both users sign in again.
      const one = await VaultSession.login(t.client(), first.session.user.username, first.password, 'cli');
      const refused = await one.client
        .request('commitImport', { importId: a.importId })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'not_found', message: expect.stringMatching(/expired/) });
      expect(lastAudit('commitImport')).toMatchObject({
        status: 'denied',
        code: 'expired',
        target: a.importId,
      });
      expect(footprint(first.userId)).toEqual({ secrets: 0, versions: 0, shares: 0, imports: 0, staged: 0 });
      // The second user's expired import goes when anyone begins a new one.
      expect(footprint(second.userId)).toMatchObject({ imports: 1, staged: 1 });
      await one.client.request('beginImport', {});
      expect(footprint(second.userId)).toMatchObject({ imports: 0, staged: 0 });
    } finally {
      clock -= 61 * 60 * 1000;
    }
  });

  it('refuses more items than an import may hold, and more than one batch allows', async () => {
    const { session } = await freshUser();
    const { importId } = await session.client.request('beginImport', {});
    const tooMany = session.bulk.sealNew(Array.from({ length: 501 }, (_, i) => record('/', `x${i}`, 'v')));
    const big = await session.client
      .request('stageImport', { importId, items: tooMany })
      .catch((e: unknown) => e);
    expect(big).toMatchObject({ code: 'bad_request', field: 'items' });
    // As if 199,999 items were staged already.
    db.prepare('update imports set item_count = 199999 where id = ?').run(importId);
    const over = await stageNew(session, importId, [record('/', 'a', '1'), record('/', 'b', '2')]).catch(
      (e: unknown) => e,
    );
    expect(over).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/200,000/) });
    await session.client.request('abortImport', { importId });
  });
});

describe('another user', () => {
  it('cannot stage into, commit or abort your import, nor replace or read your secrets (refused and audited)', async () => {
    const owner = await freshUser();
    const other = await freshUser();
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
      expect(lastAudit(operation)).toMatchObject({
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
    expect(lastAudit('stageImport')).toMatchObject({
      status: 'denied',
      code: 'not_owner',
      userId: other.userId,
    });
    const read = await other.session.client
      .request('readSecretBatch', { ids: [id] })
      .catch((e: unknown) => e);
    expect(read).toMatchObject({ code: 'not_found', field: 'ids.0' });
    expect(lastAudit('readSecretBatch')).toMatchObject({
      status: 'denied',
      code: 'not_owner',
      userId: other.userId,
    });

    // The owner's import is untouched and still commits.
    expect(await owner.session.client.request('commitImport', { importId })).toEqual({
      created: 1,
      replaced: 0,
    });
    expect(await liveNames(owner.session)).toEqual(['/|mine', '/|staged by owner']);
    expect((await owner.session.readSecret(id)).payload.value).toBe('v');
  });
});

describe('at rest and back out', () => {
  it('the database holds no plaintext of imported names or values, staged or committed', async () => {
    const { session } = await freshUser();
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
    const staged = t.databaseBytes();
    for (const marker of markers) expect(staged.includes(marker), `${marker} while staged`).toBe(false);
    await session.client.request('commitImport', { importId });
    expect(await liveNames(session)).toEqual(['/Vault|NAME-MARKER-7f3a']);
    const committed = t.databaseBytes();
    for (const marker of markers) expect(committed.includes(marker), `${marker} once committed`).toBe(false);
  });

  it('staged rows are bound to their secret: swapped in the database, the commit refuses and applies nothing', async () => {
    const { session, userId } = await freshUser();
    const { importId } = await session.client.request('beginImport', {});
    const [a, b] = await stageNew(session, importId, [record('/', 'first', '1'), record('/', 'second', '2')]);
    const metaOf = (id: string) =>
      (db.prepare('select meta_enc as m from import_items where secret_id = ?').get(id) as { m: Buffer }).m;
    const [metaA, metaB] = [metaOf(a?.id ?? ''), metaOf(b?.id ?? '')];
    const swap = db.prepare('update import_items set meta_enc = ? where secret_id = ?');
    swap.run(metaB, a?.id);
    swap.run(metaA, b?.id);
    const refused = await session.client.request('commitImport', { importId }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'integrity_error' });
    expect(footprint(userId)).toMatchObject({ secrets: 0, versions: 0, shares: 0 });
    expect(await liveNames(session)).toEqual([]);
    await session.client.request('abortImport', { importId });
  });

  it('collectVault returns what was imported, decrypted, optionally under one folder', async () => {
    const { session } = await freshUser();
    const file = [
      record('/Work', 'github', 'gh-token', { tags: ['code'], type: 'api_key' }),
      record('/Work/Servers', 'web-1', 'root pw', {
        payload: {
          value: 'root pw',
          notes: 'rack 4',
          fields: [{ name: 'ip', value: '10.0.0.1', hidden: false }],
        },
      }),
      record('/Home', 'wifi', 'hunter2', { type: 'note' }),
    ];
    await runImport(session, await planImport(session, file, 'skip'));
    const trashed = await session.createSecret({
      name: 'gone',
      path: '/Work',
      type: 'note',
      payload: { value: 'x' },
    });
    await session.client.request('deleteSecret', { id: trashed.id });

    const strip = (r: ImportRecord) => ({
      path: r.path,
      name: r.name,
      type: r.type,
      tags: r.tags,
      payload: r.payload,
    });
    const byPath = (a: { path: string; name: string }, b: { path: string; name: string }) =>
      `${a.path}/${a.name}`.localeCompare(`${b.path}/${b.name}`);
    const phases = new Set<Progress['phase']>();
    const all = await collectVault(session, { onProgress: (p) => phases.add(p.phase) });
    expect(all.map(strip).sort(byPath)).toEqual(file.map(strip).sort(byPath));
    expect([...phases]).toEqual(expect.arrayContaining(['reading', 'decrypting', 'done']));
    const work = await collectVault(session, { folder: '/Work' });
    expect(work.map((r) => r.name).sort()).toEqual(['github', 'web-1']);
  });
});
