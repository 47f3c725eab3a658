// Imports against a real server: the preview and its duplicate choices, commits that decrypt to the file, export.
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { collectVault } from '../client/export/collect-vault.ts';
import type { ImportRecord, Progress } from '../client/import/import-types.ts';
import { ImportRunError, planImport, runImport } from '../client/import/importer.ts';
import { e2e } from '../client/index.ts';
import { importHarness, liveNames, record } from './support/import-fixtures.ts';

const h = importHarness();

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
    const { session } = await h.freshUser();
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
    expect(skip.counts).toEqual({ create: 2, replace: 0, skip: 3, duplicates: 3, versions: 0 });
    expect(skip.rows.map((r) => r.action)).toEqual(['skip', 'create', 'skip', 'create', 'skip']);
    expect(skip.rows[0]?.existingId).toBe(github.id);

    const replace = await planImport(session, file, 'replace');
    expect(replace.counts).toEqual({ create: 2, replace: 1, skip: 2, duplicates: 3, versions: 0 });
    expect(replace.rows.map((r) => r.action)).toEqual(['skip', 'skip', 'create', 'create', 'replace']);
    expect(replace.rows[4]).toMatchObject({ existingId: github.id, name: 'github' });

    const keepBoth = await planImport(session, file, 'keep-both');
    expect(keepBoth.counts).toEqual({ create: 5, replace: 0, skip: 0, duplicates: 3, versions: 0 });
    expect(keepBoth.rows.map((r) => r.name)).toEqual([
      'github (2)',
      'jira',
      'jira (2)',
      'github',
      'github (3)',
    ]);

    expect(await liveNames(session)).toEqual(before);

    const result = await runImport(session, keepBoth);
    expect(result).toEqual({ created: 5, replaced: 0, skipped: 0, versions: 0 });
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
    const { session, userId } = await h.freshUser();
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
    expect(result).toEqual({ created: 1203, replaced: 0, skipped: 0, versions: 0 });
    expect([...phases]).toEqual(expect.arrayContaining(['encrypting', 'uploading', 'committing', 'done']));
    expect(await h.lastAudit('commitImport')).toMatchObject({ status: 'ok', userId });
    expect(await h.footprint(userId)).toMatchObject({
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
    const { session } = await h.freshUser();
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
    expect(await runImport(session, plan)).toEqual({ created: 0, replaced: 1, skipped: 0, versions: 0 });
    const now = await session.readSecret(id);
    expect(now).toMatchObject({ version: 2, tags: ['new'], type: 'api_key' });
    expect(now.payload.value).toBe('new password');
    expect((await session.readSecret(id, 1)).payload.value).toBe('old password');
    const { versions } = await session.client.request('listSecretVersions', { id });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
  });
});

describe('entries the server refuses', () => {
  it('a bad entry fails the import with its place in the file and the field, and nothing is written', async () => {
    const { session, userId } = await h.freshUser();
    const file = [
      ...Array.from({ length: 700 }, (_, i) => record('/ok', `fine ${i}`, 'v')),
      record('/bad//folder', 'broken', 'v', { source: 'line 4242' }),
    ];
    const failed = await runImport(session, await planImport(session, file, 'skip')).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ImportRunError);
    expect(failed).toMatchObject({ code: 'bad_request', location: 'line 4242' });
    expect((failed as Error).message).toMatch(/^line 4242: .*path/);
    expect(await h.footprint(userId)).toEqual({ secrets: 0, versions: 0, shares: 0, imports: 0, staged: 0 });
  });
});

describe('export', () => {
  it('collectVault returns what was imported, decrypted, optionally under one folder', async () => {
    const { session } = await h.freshUser();
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
