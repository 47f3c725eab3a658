// Encrypted online backups against a real server: taken under load, restored into a new folder and started, refused
// when wrong, damaged or cut, admin-only, with names that cannot leave the folder, and on a schedule with retention.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { DATABASE_FILE } from '../server/app.ts';
import { BackupError } from '../server/backup/backup-error.ts';
import { restoreBackup } from '../server/backup/restore.ts';
import {
  ADMIN,
  addUser,
  initAndLoginAdmin,
  ON_POSTGRES,
  startTestServer,
  type TestServer,
  type TestServerOptions,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BACKUP_PASSPHRASE = 'backup passphrase for tests';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: TestServerOptions = {}): Promise<TestServer> {
  const t = await startTestServer(options);
  cleanups.push(() => t.stop());
  return t;
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `npm run restore` as a person runs it, with the passphrase piped in. */
function runRestore(
  from: string,
  data: string,
  passphrase: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'server/restore-main.ts'), '--from', from, '--data', data],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? -1, output }));
    child.stdin.end(`${passphrase}\n`);
  });
}

async function refusal(promise: Promise<unknown>): Promise<BackupError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BackupError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

// Keyhold's backups are SQLite's online backup of the data folder's database file, encrypted: on PostgreSQL
// the server refuses them (PostgreSQL's own tools back it up), so these run on SQLite only; the refusal is
// tested at the end.
describe('an online backup under load, restored as a new server', () => {
  it.skipIf(ON_POSTGRES)(
    'holds every acknowledged write, decrypts, verifies its audit chain, and leaks no plaintext',
    async () => {
      const t = await server();
      const admin = await initAndLoginAdmin(t);
      const bob = await addUser(t, admin, 'bob-the-backed-up');
      const knownValue = 'the-known-secret-value-7f3a91';
      const bobsSecret = await bob.session.createSecret({
        name: 'bob note',
        type: 'note',
        payload: { value: knownValue },
      });
      // Some bulk first, so the copy takes several steps of the backup API.
      const written = new Map<string, string>([[bobsSecret.id, knownValue]]);
      const filler = 'x'.repeat(3000);
      for (let batch = 0; batch < 10; batch++) {
        await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            const value = `bulk-${batch}-${i}-${filler}`;
            const { id } = await admin.createSecret({
              name: `bulk ${batch}.${i}`,
              type: 'note',
              payload: { value },
            });
            written.set(id, value);
          }),
        );
      }

      // Writers that keep creating secrets in their own sessions until told to stop.
      const events: string[] = [];
      let stop = false;
      const writers = await Promise.all(
        [0, 1, 2].map(() => VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli')),
      );
      const loops = writers.map(async (writer, w) => {
        for (let n = 0; !stop; n++) {
          const value = `live-${w}-${n}-${filler}`;
          const { id } = await writer.createSecret({
            name: `live ${w}.${n}`,
            type: 'note',
            payload: { value },
          });
          written.set(id, value);
          events.push(`ack:${id}`);
        }
      });
      await vi.waitFor(() => expect(events.length).toBeGreaterThan(5), { timeout: 20_000 });

      const before = new Map(written);
      events.push('backup-start');
      const made = await admin.client.request('createBackup', { passphrase: BACKUP_PASSPHRASE });
      events.push('backup-end');
      stop = true;
      await Promise.all(loops);
      const during = events.slice(events.indexOf('backup-start'), events.indexOf('backup-end'));
      expect(during.length, 'writes were acknowledged while the backup ran').toBeGreaterThan(1);
      expect(made).toMatchObject({
        kind: 'manual',
        name: expect.stringMatching(/^keyhold-.*-manual-.*\.khbak$/),
      });

      const folder = path.join(t.dataDir, 'backups');
      const file = path.join(folder, made.name);
      expect(statSync(file).size).toBe(made.size);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      // No plain snapshot or half-written file is left behind.
      expect(readdirSync(path.join(t.dataDir, 'backup-work'))).toEqual([]);
      expect(readdirSync(folder)).toEqual([made.name]);

      const bytes = readFileSync(file);
      for (const plain of [
        knownValue,
        'bob-the-backed-up',
        ADMIN.username,
        ADMIN.password,
        bob.password,
        UNSEAL_PASSPHRASE,
        BACKUP_PASSPHRASE,
        'bob note',
        'SQLite format 3',
        'BEGIN PRIVATE KEY',
      ]) {
        expect(bytes.includes(Buffer.from(plain, 'utf8')), `the backup holds "${plain}" in plaintext`).toBe(
          false,
        );
      }

      // Restored with the command a person runs, then started as a server of its own.
      const restored = path.join(tempDir('keyhold-restored-'), 'data');
      const cli = await runRestore(file, restored, BACKUP_PASSPHRASE);
      expect(cli.output).toMatch(/Restored 4 files/);
      expect(cli.code).toBe(0);
      expect(statSync(path.join(restored, 'tls', 'server-key.pem')).mode & 0o777).toBe(0o600);
      const check = new BetterSqlite3(path.join(restored, DATABASE_FILE), { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();

      const t2 = await server({ dataDir: restored });
      expect(t2.server.caCertPem).toBe(t.server.caCertPem);
      await t2.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
      const admin2 = await VaultSession.login(t2.client(), ADMIN.username, ADMIN.password, 'cli');
      for (const [id, value] of before) {
        if (id === bobsSecret.id) continue;
        expect((await admin2.readSecret(id)).payload.value).toBe(value);
      }
      // Whatever else made it in is whole: every secret listed decrypts to what was written.
      const listed = await admin2.client.request('listSecrets', { limit: 500 });
      expect(listed.total).toBeGreaterThanOrEqual(before.size - 1);
      for (const item of listed.items) {
        expect((await admin2.readSecret(item.id)).payload.value).toBe(written.get(item.id));
      }
      const bob2 = await VaultSession.login(t2.client(), 'bob-the-backed-up', bob.password, 'cli');
      expect((await bob2.readSecret(bobsSecret.id)).payload.value).toBe(knownValue);
      expect(await admin2.client.request('verifyAudit', {})).toMatchObject({ valid: true, brokenAt: null });
    },
    120_000,
  );
});

describe('restore refuses what it must, and writes nothing then', () => {
  it.skipIf(ON_POSTGRES)(
    'a wrong passphrase, a flipped byte, a cut file, a non-empty target, not a backup',
    async () => {
      const t = await server();
      const admin = await initAndLoginAdmin(t);
      await admin.createSecret({ name: 'n', type: 'note', payload: { value: 'v'.repeat(200) } });
      const made = await admin.client.request('createBackup', { passphrase: BACKUP_PASSPHRASE });
      const file = path.join(t.dataDir, 'backups', made.name);
      const good = readFileSync(file);
      const work = tempDir('keyhold-restore-');
      const target = path.join(work, 'target');
      const restore = (from: string, passphrase = BACKUP_PASSPHRASE) =>
        restoreBackup({ from, dataDir: target, passphrase });

      expect((await refusal(restore(file, 'not the backup passphrase'))).code).toBe('wrong_passphrase');
      expect(existsSync(target)).toBe(false);

      const flipped = Buffer.from(good);
      const at = good.length - 200;
      flipped[at] = (flipped[at] as number) ^ 0x01;
      writeFileSync(path.join(work, 'flipped.khbak'), flipped);
      const flip = await refusal(restore(path.join(work, 'flipped.khbak')));
      expect(flip.code).toBe('integrity');
      expect(flip.message).toMatch(/altered or cut short/);
      expect(existsSync(target)).toBe(false);

      // A changed header (here: the recorded creation time) breaks every chunk's check.
      const header = Buffer.from(good);
      const stamp = header.indexOf(Buffer.from('"createdAt":"2', 'utf8')) + 14;
      header[stamp] = '1'.charCodeAt(0);
      writeFileSync(path.join(work, 'header.khbak'), header);
      expect((await refusal(restore(path.join(work, 'header.khbak')))).code).toBe('integrity');

      for (const cut of [1, 16, 1000]) {
        writeFileSync(path.join(work, 'cut.khbak'), good.subarray(0, good.length - cut));
        expect((await refusal(restore(path.join(work, 'cut.khbak')))).code).toBe('integrity');
      }
      writeFileSync(path.join(work, 'longer.khbak'), Buffer.concat([good, Buffer.from('more')]));
      expect((await refusal(restore(path.join(work, 'longer.khbak')))).code).toBe('integrity');
      writeFileSync(path.join(work, 'other.khbak'), 'SQLite format 3\u0000 and so on');
      expect((await refusal(restore(path.join(work, 'other.khbak')))).code).toBe('not_a_backup');
      expect(existsSync(target)).toBe(false);

      mkdirSync(target);
      writeFileSync(path.join(target, 'keep.txt'), 'mine');
      expect((await refusal(restore(file))).code).toBe('target_not_empty');
      expect(readdirSync(target)).toEqual(['keep.txt']);
      expect(readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('mine');

      // The command says so clearly and leaves an empty target empty.
      const empty = path.join(work, 'empty');
      mkdirSync(empty);
      const wrong = await runRestore(file, empty, 'not the backup passphrase');
      expect(wrong.code).toBe(1);
      expect(wrong.output).toMatch(/passphrase does not open this backup/);
      expect(readdirSync(empty)).toEqual([]);

      // And the good file restores into an empty folder.
      const result = await restoreBackup({ from: file, dataDir: empty, passphrase: BACKUP_PASSPHRASE });
      expect(result.files).toEqual(['keyhold.db', 'tls/ca.pem', 'tls/server.pem', 'tls/server-key.pem']);
    },
    60_000,
  );
});

describe('the backup operations', () => {
  it.skipIf(ON_POSTGRES)(
    'are for administrators only, refusals audited; names cannot leave the folder; the passphrase is never kept',
    async () => {
      const t = await server();
      const admin = await initAndLoginAdmin(t);
      const user = await addUser(t, admin, 'plain-user');
      for (const [op, input] of [
        ['createBackup', { passphrase: BACKUP_PASSPHRASE }],
        ['listBackups', {}],
        ['setBackupPassphrase', { passphrase: BACKUP_PASSPHRASE }],
      ] as const) {
        expect(await user.session.client.call(op, input)).toMatchObject({
          ok: false,
          error: { code: 'forbidden' },
        });
        const { entries } = await admin.client.request('listAudit', { operation: op, limit: 1 });
        expect(entries[0]).toMatchObject({ status: 'denied', code: 'forbidden', userId: user.userId });
      }
      expect(existsSync(path.join(t.dataDir, 'backups'))).toBe(false);

      // Without a passphrase and none stored: refused, saying what to do.
      const none = await admin.client.call('createBackup', {});
      expect(none).toMatchObject({ ok: false, error: { code: 'conflict', field: 'passphrase' } });
      expect(await admin.client.call('createBackup', { passphrase: 'short' })).toMatchObject({
        ok: false,
        error: { code: 'bad_request', field: 'passphrase' },
      });

      await admin.client.request('setBackupPassphrase', { passphrase: BACKUP_PASSPHRASE });
      const listing = await admin.client.request('listBackups', {});
      expect(listing).toMatchObject({ backups: [], passphraseStored: true });
      expect(JSON.stringify(await admin.client.request('getSettings', {}))).not.toContain(BACKUP_PASSPHRASE);
      const scheduled = await admin.client.request('createBackup', {});
      const restored = path.join(tempDir('keyhold-restore-'), 'data');
      await restoreBackup({
        from: path.join(t.dataDir, 'backups', scheduled.name),
        dataDir: restored,
        passphrase: BACKUP_PASSPHRASE,
      });
      expect(existsSync(path.join(restored, DATABASE_FILE))).toBe(true);
      expect((await t.databaseBytes()).includes(Buffer.from(BACKUP_PASSPHRASE, 'utf8'))).toBe(false);
      expect(t.logText()).not.toContain(BACKUP_PASSPHRASE);

      // Names are checked before anything touches the disk.
      const outside = path.join(path.dirname(t.dataDir), 'x');
      for (const name of [
        '../x',
        '../keyhold-20260101T000000000Z-manual-0000.khbak',
        'keyhold.db',
        '/etc/passwd',
      ]) {
        expect(await admin.client.call('deleteBackup', { name })).toMatchObject({
          ok: false,
          error: { code: 'bad_request', field: 'name' },
        });
      }
      expect(existsSync(outside)).toBe(false);
      expect(
        await admin.client.call('deleteBackup', { name: 'keyhold-20260101T000000000Z-manual-0000.khbak' }),
      ).toMatchObject({ ok: false, error: { code: 'not_found' } });
      await admin.client.request('deleteBackup', { name: scheduled.name });
      expect((await admin.client.request('listBackups', {})).backups).toEqual([]);
      const { entries } = await admin.client.request('listAudit', { operation: 'deleteBackup', limit: 1 });
      expect(entries[0]).toMatchObject({ status: 'ok', target: scheduled.name });

      // The schedule's settings are validated like every other setting.
      expect(
        await admin.client.call('updateSettings', { patch: { backup: { folder: 'relative/folder' } } }),
      ).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(await admin.client.call('updateSettings', { patch: { backup: { keep: 0 } } })).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
      const changed = await admin.client.request('updateSettings', {
        patch: { backup: { intervalHours: 6 } },
      });
      expect(changed.backup).toEqual({ enabled: false, intervalHours: 6, keep: 7, folder: null });
    },
    60_000,
  );
});

describe('scheduled backups', () => {
  it.skipIf(ON_POSTGRES)(
    'run every N hours by the server clock, keep the newest K, and audit failures',
    async () => {
      let clock = Date.parse('2026-11-20T08:00:00.000Z');
      const t = await server({ now: () => new Date(clock), backupCheckMs: 20 });
      const dataDir = t.dataDir;
      const client = () => t.client();
      const admin = await initAndLoginAdmin(t);
      const folder = path.join(dataDir, 'backups');
      const files = () => (existsSync(folder) ? readdirSync(folder).sort() : []);
      const scheduledAt = () =>
        files()
          .filter((name) => name.includes('-scheduled-'))
          .map((name) => name.slice(8, 27));
      const stampOf = (hours: number) =>
        new Date(Date.parse('2026-11-20T08:00:00.000Z') + hours * 3_600_000)
          .toISOString()
          .replace(/[-:.]/g, '');
      const auditOf = async (operation: string) =>
        (await admin.client.request('listAudit', { operation, limit: 20 })).entries;

      // Turned on with no passphrase stored: the first run fails, is logged and audited, and writes nothing.
      await admin.client.request('updateSettings', {
        patch: { backup: { enabled: true, intervalHours: 1, keep: 2 } },
      });
      await vi.waitFor(async () => expect(await auditOf('scheduledBackup')).toHaveLength(1), {
        timeout: 10_000,
      });
      expect((await auditOf('scheduledBackup'))[0]).toMatchObject({ status: 'error', code: 'no_passphrase' });
      expect(t.logText()).toMatch(/scheduled backup failed/);
      expect(files()).toEqual([]);

      await admin.client.request('setBackupPassphrase', { passphrase: BACKUP_PASSPHRASE });
      const manual = await admin.client.request('createBackup', {});
      for (let hour = 1; hour <= 4; hour++) {
        clock += 3_600_000;
        const expected = [stampOf(hour - 1), stampOf(hour)].filter((_, i) => hour > 1 || i === 1);
        await vi.waitFor(() => expect(scheduledAt()).toEqual(expected), { timeout: 10_000 });
      }
      // The manual backup is never the schedule's to delete.
      expect(files()).toContain(manual.name);
      expect(files()).toHaveLength(3);
      expect(t.logText()).not.toContain(BACKUP_PASSPHRASE);

      const again = await VaultSession.login(client(), ADMIN.username, ADMIN.password, 'cli');
      const runs = (await again.client.request('listAudit', { operation: 'scheduledBackup', limit: 20 }))
        .entries;
      expect(runs.map((e) => e.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'error']);
      const pruned = (
        await again.client.request('listAudit', { operation: 'scheduledBackupRetention', limit: 20 })
      ).entries;
      expect(pruned).toHaveLength(2);
      expect(await again.client.request('verifyAudit', {})).toMatchObject({ valid: true });

      // Sealed, the schedule cannot run (it needs the stored recipient); unsealed, it picks up where it was.
      await again.client.request('seal', {});
      clock += 5 * 3_600_000;
      await client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
      await vi.waitFor(() => expect(scheduledAt()).toEqual([stampOf(4), stampOf(9)]), { timeout: 10_000 });
      const back = await VaultSession.login(client(), ADMIN.username, ADMIN.password, 'cli');
      const after = (await back.client.request('listAudit', { operation: 'scheduledBackup', limit: 20 }))
        .entries;
      expect(after.map((e) => e.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'error']);
    },
    60_000,
  );
});

describe('backups of a PostgreSQL store', () => {
  it.runIf(ON_POSTGRES)(
    "are refused, naming PostgreSQL's own tools; the refusal is audited and nothing is written",
    async () => {
      const t = await server();
      const admin = await initAndLoginAdmin(t);
      const refused = await admin.client.call('createBackup', { passphrase: BACKUP_PASSPHRASE });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringMatching(/PostgreSQL.*pg_dump/) },
      });
      const { entries } = await admin.client.request('listAudit', { operation: 'createBackup', limit: 1 });
      expect(entries[0]).toMatchObject({ code: 'unsupported_store', userId: admin.user.id });
      expect(entries[0]?.status).not.toBe('ok');
      // The console is told why before anyone tries.
      expect((await admin.client.request('listBackups', {})).unavailable).toMatch(/pg_dump/);
      expect(existsSync(path.join(t.dataDir, 'backups'))).toBe(false);
      expect(t.logText()).not.toContain(BACKUP_PASSPHRASE);
    },
  );
});
