// keyhold export and import through the real command: .env and JSON for scripts, a password-protected
// archive carried from one user to another, plain-text exports only when asked for in so many words.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestServer } from '../support/test-server.ts';
import { aliceAndBob, type CliUser } from './cli-harness.ts';

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
    expect(env).toMatchObject({ code: 0, stdout: 'DB_PASSWORD="cli-transfer-marker-5a81f3 \\"quoted\\""\n' });
    const json = await aliceCli.run(['export', '--format', 'json', '--folder', '/ci']);
    expect(JSON.parse(json.stdout)).toEqual({ DB_PASSWORD: VALUE });
    const bad = await aliceCli.run(['export', '--format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^keyhold: --format "yaml": must be env, json, plain-json or csv/);
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
});
