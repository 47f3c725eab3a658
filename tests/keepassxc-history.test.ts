// Files made by the real keepassxc-cli, with history made by editing entries, imported into a real server:
// every earlier version arrives with its own date, and the item keeps its created and modified dates.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKeepassXml } from '../bench/make-keepass-xml.ts';
import { planImport, runImport } from '../client/import/importer.ts';
import { parseImport } from '../client/import/index.ts';
import type { VaultSession } from '../client/index.ts';
import { KEEPASSXC_CLI, keepassxcAvailable, keepassxcCli } from './support/keepassxc-cli.ts';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

const PW = 'history db password';

/** The <LastModificationTime> texts of the file in order: the entry's, then each of its history's. */
const modificationTimes = (xml: string) =>
  [...xml.matchAll(/<LastModificationTime>([^<]+)<\/LastModificationTime>/g)].map((m) =>
    new Date(m[1] as string).toISOString(),
  );

let dir = '';
let t: TestServer | undefined;
let admin: VaultSession | undefined;
const files = { edited: '', large: '' };

beforeAll(async () => {
  if (!keepassxcAvailable) return;
  dir = await mkdtemp(path.join(tmpdir(), 'keyhold-kp-history-'));
  // One entry edited twice with `keepassxc-cli edit`: KeePassXC keeps each earlier state in <History>.
  const edited = path.join(dir, 'edited.kdbx');
  await keepassxcCli(['db-create', '-q', '-p', '-t', '100', edited], [PW, PW]);
  await keepassxcCli(
    ['add', '-q', '-p', '-u', 'me@example.com', '--url', 'https://mail.example', edited, 'Mail'],
    [PW, 'first-pw'],
  );
  await keepassxcCli(['edit', '-q', '-p', edited, 'Mail'], [PW, 'second-pw']);
  await keepassxcCli(['edit', '-q', '-p', '-u', 'you@example.com', edited, 'Mail'], [PW, 'third-pw']);
  files.edited = await keepassxcCli(['export', '-q', '-f', 'xml', edited], [PW]);
  // 1,200 entries, every tenth with an earlier version: 120 in all, through KeePassXC's own import and export.
  const xml = path.join(dir, 'large.xml');
  const large = path.join(dir, 'large.kdbx');
  await writeFile(xml, makeKeepassXml(1200, 100));
  await keepassxcCli(['import', '-q', '-p', '-t', '100', xml, large], [PW, PW]);
  files.large = await keepassxcCli(['export', '-q', '-f', 'xml', large], [PW]);
  t = await startTestServer();
  admin = await initAndLoginAdmin(t);
}, 180_000);

afterAll(async () => {
  await t?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const server = () => {
  if (!t || !admin) throw new Error('the server did not start');
  return { t, admin };
};

describe.skipIf(!keepassxcAvailable)(
  `history and dates from keepassxc-cli exports${keepassxcAvailable ? '' : ` (skipped: ${KEEPASSXC_CLI} is not installed)`}`,
  () => {
    it('imports an entry edited twice as three versions, each with its own date, and keeps its created date', async () => {
      const { t, admin } = server();
      const { session } = await addUser(t, admin, 'kp-history-1');
      const { records } = await parseImport('keepass-xml', files.edited);
      const plan = await planImport(session, records, 'skip');
      expect(plan.counts).toMatchObject({ create: 1, versions: 2 });
      expect(await runImport(session, plan)).toEqual({ created: 1, replaced: 0, skipped: 0, versions: 2 });

      const [summary] = (await session.client.request('listSecrets', { path: '/', limit: 10 })).items;
      const id = summary?.id ?? '';
      const [entryModified, ...historyModified] = modificationTimes(
        files.edited.slice(files.edited.indexOf('<Entry>')),
      );
      const created = new Date(
        /<CreationTime>([^<]+)</.exec(files.edited.slice(files.edited.indexOf('<Entry>')))?.[1] ?? '',
      ).toISOString();
      const { versions } = await session.client.request('listSecretVersions', { id });
      expect(versions.map((v) => [v.version, v.createdAt])).toEqual([
        [3, entryModified],
        [2, historyModified[1]],
        [1, historyModified[0]],
      ]);
      const values = await Promise.all([1, 2, 3].map((v) => session.readSecret(id, v)));
      expect(values.map((v) => v.payload.value)).toEqual(['first-pw', 'second-pw', 'third-pw']);
      expect(values.map((v) => v.payload.fields.find((f) => f.name === 'username')?.value)).toEqual([
        'me@example.com',
        'me@example.com',
        'you@example.com',
      ]);
      const current = await session.readSecret(id);
      expect(current.secretCreatedAt).toBe(created);
      expect(current.updatedAt).toBe(entryModified);
      expect(current.valueCreatedAt).toBe(entryModified);
    });

    it('keeps all 120 earlier versions of a 1,200-entry export, with their dates', async () => {
      const { t, admin } = server();
      const { session, userId } = await addUser(t, admin, 'kp-history-2');
      const { records } = await parseImport('keepass-xml', files.large);
      expect(records).toHaveLength(1200);
      const plan = await planImport(session, records, 'skip');
      expect(plan.counts).toMatchObject({ create: 1200, versions: 120 });
      expect(await runImport(session, plan)).toEqual({
        created: 1200,
        replaced: 0,
        skipped: 0,
        versions: 120,
      });
      const rows = await t.sqlRow<{ n: number }>(
        'select count(*) as n from secret_versions v join secrets s on s.id = v.secret_id where s.owner_id = ?',
        userId,
      );
      expect(Number(rows.n)).toBe(1320);
      // The entries' own dates (2026-01-02 in the generated file), not the import's.
      const dated = await t.sqlRow<{ n: number }>(
        `select count(*) as n from secrets where owner_id = ? and created_at = '2026-01-02T03:04:05.000Z' and updated_at = '2026-01-02T03:04:05.000Z'`,
        userId,
      );
      expect(Number(dated.n)).toBe(1200);
      const withHistory = records.filter((r) => r.history?.length === 1);
      expect(withHistory).toHaveLength(120);
      const sample = withHistory[7];
      const found = await session.client.request('searchSecrets', { query: sample?.name ?? '', limit: 5 });
      const hit = found.items.find((s) => s.name === sample?.name && s.path === sample?.path);
      const older = await session.readSecret(hit?.id ?? '', 1);
      expect(older.payload.value).toBe(sample?.history?.[0]?.payload.value);
      expect(older.valueCreatedAt).toBe(sample?.history?.[0]?.createdAt);
    });
  },
);
