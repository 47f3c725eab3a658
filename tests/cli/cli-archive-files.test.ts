// keyhold export --archive carries the files on items: exported from one server, imported into a fresh
// one, downloaded back byte for byte; the archive shows neither the files' names nor their bytes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser } from './cli-harness.ts';

// Two servers, several keyhold processes and two Argon2id derivations of the archive password.
vi.setConfig({ testTimeout: 240_000 });

const ARCHIVE_PASSWORD = 'archive password with files';

const servers: TestServer[] = [];
const users: CliUser[] = [];
let dir = '';
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  for (const server of servers.splice(0)) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh server with its administrator signed in through the library and a keyhold CLI. */
async function freshServer() {
  const t = await startTestServer();
  servers.push(t);
  const admin = await initAndLoginAdmin(t);
  const cli = cliUser(t);
  users.push(cli);
  await cliLogin(t, cli, ADMIN.username, ADMIN.password);
  return { t, admin, cli };
}

describe('keyhold export --archive with files', () => {
  it('carries an item’s files to a fresh server, where download gives back the same bytes', async () => {
    const source = await freshServer();
    await source.admin.createSecret({ name: 'prod', path: '/k8s', type: 'note', payload: { value: 'v' } });
    await source.admin.createSecret({ name: 'plain', path: '/k8s', type: 'note', payload: { value: 'w' } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-archive-files-'));
    // More than one 1 MiB chunk, so it spans frames; and an empty file, the smallest there is.
    const big = randomBytes(1024 * 1024 + 54_321);
    const bigFile = path.join(dir, 'kubeconfig-prod.yaml');
    const emptyFile = path.join(dir, 'empty-marker.txt');
    writeFileSync(bigFile, big);
    writeFileSync(emptyFile, '');
    for (const file of [bigFile, emptyFile]) {
      const attached = await source.cli.run(['attach', '/k8s/prod', file]);
      expect(attached.stderr).toBe('');
      expect(attached.code).toBe(0);
    }

    const archive = path.join(dir, 'vault.keyhold');
    const exported = await source.cli.run(['export', '--archive', archive], {
      input: `${ARCHIVE_PASSWORD}\n`,
    });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('Wrote 2 secrets and 2 files');

    // Neither a name nor the bytes (raw or as base64) are in the file.
    const bytes = readFileSync(archive);
    for (const name of ['kubeconfig', 'empty-marker', '.yaml']) expect(bytes.includes(name)).toBe(false);
    for (const at of [0, 500_000, 1024 * 1024 + 100]) {
      const sample = big.subarray(at, at + 48);
      expect(bytes.includes(sample)).toBe(false);
      expect(bytes.includes(sample.toString('base64'))).toBe(false);
    }

    const target = await freshServer();
    const imported = await target.cli.run(['import', archive, '--yes'], { input: `${ARCHIVE_PASSWORD}\n` });
    expect(imported.stderr).toContain('Imported: 2 created, 0 replaced, 0 skipped.');
    expect(imported.stderr).toContain('Files: 2 attached, 0 skipped.');
    expect(imported.stdout).toMatch(/2 entries and 2 files — 2 to create/);
    expect(imported.code).toBe(0);

    const listed = await target.cli.run(['attachments', '/k8s/prod', '--json']);
    expect(
      (JSON.parse(listed.stdout) as { name: string; size: number }[])
        .map(({ name, size }) => ({ name, size }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { name: 'empty-marker.txt', size: 0 },
      { name: 'kubeconfig-prod.yaml', size: big.length },
    ]);
    expect(JSON.parse((await target.cli.run(['attachments', '/k8s/plain', '--json'])).stdout)).toEqual([]);
    const savedBig = path.join(dir, 'saved.yaml');
    const savedEmpty = path.join(dir, 'saved.txt');
    expect(
      (await target.cli.run(['download', '/k8s/prod', 'kubeconfig-prod.yaml', '-o', savedBig])).code,
    ).toBe(0);
    expect((await target.cli.run(['download', '/k8s/prod', 'empty-marker.txt', '-o', savedEmpty])).code).toBe(
      0,
    );
    expect(readFileSync(savedBig).equals(big)).toBe(true);
    expect(readFileSync(savedEmpty).length).toBe(0);

    // The same archive again over replace: the items get a new version, their files are not doubled.
    const again = await target.cli.run(['import', archive, '--yes', '--duplicates', 'replace'], {
      input: `${ARCHIVE_PASSWORD}\n`,
    });
    expect(again.stderr).toContain('Files: 0 attached, 2 skipped.');
    expect(again.code).toBe(0);
    expect(JSON.parse((await target.cli.run(['attachments', '/k8s/prod', '--json'])).stdout)).toHaveLength(2);
  });
});
