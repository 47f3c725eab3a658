// keyhold attach / attachments / download: a file sealed by the CLI, listed by name and size, and saved
// back byte for byte; a missing name and a file past the limit are refused in one line.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser } from './cli-harness.ts';

vi.setConfig({ testTimeout: 180_000 });

let t: TestServer;
let dir = '';
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.stop();
});

describe('keyhold attach, attachments and download', () => {
  it('attaches a file, lists it by name and size, and downloads the same bytes to the file named', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const cli = cliUser(t);
    users.push(cli);
    await cliLogin(t, cli, ADMIN.username, ADMIN.password);
    await admin.createSecret({ name: 'prod', path: '/k8s', type: 'note', payload: { value: 'v' } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-attach-'));
    const source = path.join(dir, 'kubeconfig.yaml');
    const bytes = randomBytes(1024 * 1024 + 4321);
    writeFileSync(source, bytes);

    const attached = await cli.run(['attach', '/k8s/prod', source]);
    expect(attached.stderr).toBe('');
    expect(attached.code).toBe(0);
    expect(attached.stdout).toMatch(/attached kubeconfig\.yaml \(1\.0 MiB\) to \/k8s\/prod/);

    const listed = await cli.run(['attachments', '/k8s/prod', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'kubeconfig.yaml', size: bytes.length }]);
    const table = await cli.run(['attachments', '/k8s/prod']);
    expect(table.stdout).toMatch(/kubeconfig\.yaml\s+1\.0 MiB/);

    const target = path.join(dir, 'saved.yaml');
    const saved = await cli.run(['download', '/k8s/prod', 'kubeconfig.yaml', '-o', target]);
    expect(saved.code).toBe(0);
    expect(readFileSync(target).equals(bytes)).toBe(true);
    expect(statSync(target).mode & 0o777).toBe(0o600);

    const missing = await cli.run(['download', '/k8s/prod', 'nope.txt', '-o', target]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no file named “nope\.txt” on this item/);

    await admin.client.request('updateSettings', { patch: { attachments: { maxFileMiB: 1 } } });
    const refused = await cli.run(['attach', '/k8s/prod', source]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/per-file limit of 1 MiB \(attachments\.maxFileMiB\)/);
  });
});
