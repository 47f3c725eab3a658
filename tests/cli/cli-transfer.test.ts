// keyhold export and import through the real command: .env and JSON for scripts, a password-protected
// archive carried from one user to another, plain-text exports only when asked for in so many words.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_KDF_PARAMS } from '../../client/crypto/kdf.ts';
import { createMachineIdentity } from '../../client/index.ts';
import type { TestServer } from '../support/test-server.ts';
import { aliceAndBob, type CliUser, cliUser } from './cli-harness.ts';

// Each test starts several keyhold processes (each compiles its TypeScript through tsx) on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

const VALUE = 'cli-transfer-marker-5a81f3 "quoted"';
const ARCHIVE_PASSWORD = 'archive password for the test';

let t: TestServer;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

async function twoPeople() {
  const world = await aliceAndBob(users);
  t = world.t;
  const { alice } = world;
  await alice.createSecret({
    name: 'db password',
    path: '/ci',
    type: 'login',
    payload: { value: VALUE },
  });
  await alice.createSecret({
    name: 'api',
    path: '/ci/deep',
    type: 'api_key',
    payload: { value: 'deep-value', notes: 'a note', fields: [{ name: 'user', value: 'u1', hidden: false }] },
  });
  return world;
}

const fileIn = (user: CliUser, name: string) => path.join(path.dirname(user.caFile), name);

describe('keyhold export for scripts', () => {
  it("prints one folder's secrets as .env lines or a JSON object", async () => {
    const { aliceCli } = await twoPeople();
    const env = await aliceCli.run(['export', '--format', 'env', '--folder', '/ci']);
    expect(env).toMatchObject({ code: 0, stdout: `DB_PASSWORD='cli-transfer-marker-5a81f3 "quoted"'\n` });
    const json = await aliceCli.run(['export', '--format', 'json', '--folder', '/ci']);
    expect(JSON.parse(json.stdout)).toEqual({ DB_PASSWORD: VALUE });
    const bad = await aliceCli.run(['export', '--format', 'toml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^keyhold: --format "toml": must be dotenv, shell, env, json, yaml \(one folder, on stdout\) or plain-json, csv/,
    );
  });
});

describe('keyhold export --archive and import', () => {
  it('carries the vault to another user in a password-protected file', async () => {
    const { bob, aliceCli, bobCli } = await twoPeople();
    const archive = fileIn(aliceCli, 'vault.keyhold');
    const exported = await aliceCli.run(['export', '--archive', archive], { input: `${ARCHIVE_PASSWORD}\n` });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('Wrote 2 secrets');
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    expect(readFileSync(archive, 'utf8')).not.toContain('cli-transfer-marker');
    // Never overwritten.
    const again = await aliceCli.run(['export', '--archive', archive], { input: `${ARCHIVE_PASSWORD}\n` });
    expect(again.stderr).toMatch(/exists already/);

    const wrong = await bobCli.run(['import', archive, '--yes'], { input: 'not the password\n' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('keyhold: the password does not open this Keyhold archive\n');
    expect((await bob.client.request('listSecrets', {})).total).toBe(0);

    const imported = await bobCli.run(['import', archive, '--yes', '--folder', '/from-alice'], {
      input: `${ARCHIVE_PASSWORD}\n`,
    });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/2 entries — 2 to create, 0 to replace, 0 to skip/);
    expect(imported.stdout).toContain('/from-alice/ci/db password');
    expect(imported.stderr).toContain('Imported: 2 created, 0 replaced, 0 skipped.');
    expect((await bobCli.run(['get', '/from-alice/ci/db password'])).stdout).toBe(VALUE);
    expect((await bobCli.run(['get', '/from-alice/ci/deep/api', '--field', 'user'])).stdout).toBe('u1');
  });

  it('keeps every version of a secret: three versions exported are three versions imported', async () => {
    const { alice, bob, aliceCli, bobCli } = await twoPeople();
    const rotated = await alice.createSecret({
      name: 'rotated',
      path: '/ci',
      type: 'api_key',
      payload: { value: 'key v1', notes: 'first' },
    });
    await alice.updateSecret(rotated.id, 1, { payload: { value: 'key v2', notes: 'second', fields: [] } });
    await alice.updateSecret(rotated.id, 2, { payload: { value: 'key v3', notes: 'third', fields: [] } });
    const archive = fileIn(aliceCli, 'history.keyhold');
    const exported = await aliceCli.run(['export', '--archive', archive], { input: `${ARCHIVE_PASSWORD}\n` });
    expect(exported.stderr).toContain('Wrote 3 secrets and 2 older versions');

    const imported = await bobCli.run(['import', archive, '--yes'], { input: `${ARCHIVE_PASSWORD}\n` });
    expect(imported.code).toBe(0);
    const history = JSON.parse((await bobCli.run(['history', '/ci/rotated', '--json'])).stdout) as {
      id: string;
      current: number;
      versions: { version: number }[];
    };
    expect(history.current).toBe(3);
    expect(history.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    const opened = await Promise.all([1, 2, 3].map((v) => bob.readSecret(history.id, v)));
    expect(opened.map((o) => [o.payload.value, o.payload.notes])).toEqual([
      ['key v1', 'first'],
      ['key v2', 'second'],
      ['key v3', 'third'],
    ]);
    expect((await bobCli.run(['get', '/ci/rotated'])).stdout).toBe('key v3');
    // Secrets without history are still one version each.
    const single = JSON.parse((await bobCli.run(['history', '/ci/db password', '--json'])).stdout) as {
      versions: unknown[];
    };
    expect(single.versions).toHaveLength(1);
  });

  it('a machine identity is told it cannot export before any password is asked', async () => {
    const { alice } = await twoPeople();
    const { token } = await createMachineIdentity(alice.client, {
      username: 'ci-exporter',
      displayName: 'CI exporter',
      server: t.server.url,
      kdf: TEST_KDF_PARAMS,
    });
    const machine = cliUser(t);
    users.push(machine);
    const tokenFile = fileIn(machine, 'ci.token.json');
    writeFileSync(tokenFile, JSON.stringify(token), { mode: 0o600 });
    expect((await machine.run(['login', '--token', tokenFile, '--ca', machine.caFile])).code).toBe(0);
    const archive = fileIn(machine, 'machine.keyhold');
    // Nothing on stdin: a password prompt would fail with "nothing on stdin" instead.
    const out = await machine.run(['export', '--archive', archive]);
    expect(out).toMatchObject({ code: 1, stdout: '' });
    expect(out.stderr).toBe(
      'keyhold: a machine identity cannot export a vault to a file; use --format dotenv, shell or json\n',
    );
    expect(existsSync(archive)).toBe(false);
  });

  it('without --yes and without a terminal, the preview is shown and nothing is imported', async () => {
    const { bob, bobCli } = await twoPeople();
    const dotenv = fileIn(bobCli, 'app.env');
    writeFileSync(dotenv, 'API_TOKEN=abc123\nDB_URL=postgres://x\n');
    const out = await bobCli.run(['import', dotenv, '--folder', '/app']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/\(dotenv\): 2 entries — 2 to create/);
    expect(out.stdout).toContain('/app/API_TOKEN');
    expect(out.stderr).toMatch(/pass --yes/);
    expect((await bob.client.request('listSecrets', {})).total).toBe(0);
    expect((await bobCli.run(['import', dotenv, '--folder', '/app', '--yes'])).code).toBe(0);
    expect((await bobCli.run(['get', '/app/API_TOKEN'])).stdout).toBe('abc123');
    // Again, with skip: nothing new.
    const twice = await bobCli.run(['import', dotenv, '--folder', '/app', '--yes']);
    expect(twice.stdout).toMatch(/0 to create, 0 to replace, 2 to skip/);
  });
});

describe('plain-text exports', () => {
  it('need --output and the explicit flag, and are written 0600', async () => {
    const { aliceCli } = await twoPeople();
    const file = fileIn(aliceCli, 'vault.json');
    const refused = await aliceCli.run(['export', '--format', 'plain-json', '--output', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--i-understand-this-is-unencrypted/);
    expect(existsSync(file)).toBe(false);
    const ok = await aliceCli.run([
      'export',
      '--format',
      'plain-json',
      '--output',
      file,
      '--i-understand-this-is-unencrypted',
    ]);
    expect(ok.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('cli-transfer-marker');
    const csv = fileIn(aliceCli, 'vault.csv');
    expect(
      (
        await aliceCli.run([
          'export',
          '--format',
          'csv',
          '--output',
          csv,
          '--i-understand-this-is-unencrypted',
        ])
      ).code,
    ).toBe(0);
    expect(readFileSync(csv, 'utf8')).toContain('deep-value');
  });

  it("Keyhold's own CSV is recognised on import and gives back the same secrets", async () => {
    const { aliceCli, bobCli } = await twoPeople();
    const csv = fileIn(aliceCli, 'again.csv');
    const exported = await aliceCli.run([
      'export',
      '--format',
      'csv',
      '--output',
      csv,
      '--i-understand-this-is-unencrypted',
    ]);
    expect(exported.code).toBe(0);
    const imported = await bobCli.run(['import', csv, '--yes', '--folder', '/csv']);
    expect(imported.stderr).not.toContain('cannot tell');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/\(keyhold-csv\): 2 entries — 2 to create/);
    expect((await bobCli.run(['get', '/csv/ci/db password'])).stdout).toBe(VALUE);
    const api = JSON.parse((await bobCli.run(['get', '/csv/ci/deep/api', '--json'])).stdout) as {
      type: string;
      notes: string;
      fields: unknown[];
    };
    expect(api).toMatchObject({
      type: 'api_key',
      notes: 'a note',
      fields: [{ name: 'user', value: 'u1', hidden: false }],
    });
  });
});
