// The keyhold command between people and machines: sharing to another user's own CLI, `run` handing a
// folder's secrets to a child process, and a machine identity that reads only what is granted to it.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMachineIdentity } from '../../client/index.ts';
import type { TestServer } from '../support/test-server.ts';
import { aliceAndBob, type CliUser, cliUser } from './cli-harness.ts';

// Each test starts several keyhold processes (each compiles its TypeScript through tsx) on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

const VALUE = 'cli-shared-marker-3c9d0e';
const FAST_KDF = { algorithm: 'argon2id', memoryKiB: 1024, iterations: 1, parallelism: 1 } as const;

let t: TestServer;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

async function people() {
  const world = await aliceAndBob(users);
  t = world.t;
  return world;
}

/** A node child that checks its environment and exits with a code of our choosing. */
const checkEnv = (checks: string, code: number) => [
  'run',
  '--folder',
  '/ci',
  '--',
  process.execPath,
  '-e',
  `const ok = ${checks}; console.log(ok ? 'env ok' : 'env wrong'); process.exit(ok ? ${code} : 99)`,
];

describe('keyhold share', () => {
  it('shares with another user, who then gets it with their own CLI session', async () => {
    const { aliceCli, bobCli } = await people();
    expect((await aliceCli.run(['put', '/team/api-key'], { input: VALUE })).code).toBe(0);
    expect((await bobCli.run(['get', '/team/api-key'])).stderr).toBe('keyhold: no secret at /team/api-key\n');

    // Bob is not Alice's contact: without a terminal and without --yes, nothing is shared.
    const refused = await aliceCli.run(['share', '/team/api-key', '--with', 'bob']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Their key fingerprint: [0-9a-f]/i);
    expect(refused.stderr).toMatch(/pass --yes/);
    expect((await bobCli.run(['get', '/team/api-key'])).code).toBe(1);

    const shared = await aliceCli.run(['share', '/team/api-key', '--with', 'bob', '--yes']);
    expect(shared.code).toBe(0);
    expect(shared.stderr).toContain('Shared /team/api-key with bob (read-only)');
    expect(await bobCli.run(['get', '/team/api-key'])).toMatchObject({ code: 0, stdout: VALUE });
    const listed = JSON.parse((await bobCli.run(['ls', '/team', '--json'])).stdout) as { secrets: unknown[] };
    expect(listed.secrets).toMatchObject([{ name: 'api-key', owner: 'alice', access: 'read' }]);
    // Read-only: Bob's put is refused and the value stays.
    const put = await bobCli.run(['put', '/team/api-key'], { input: 'bob was here' });
    expect(put.code).toBe(1);
    expect(put.stderr).toContain('read-only');
    expect((await aliceCli.run(['get', '/team/api-key'])).stdout).toBe(VALUE);
    // Nor can Bob pass it on.
    const reshare = await bobCli.run(['share', '/team/api-key', '--with', 'root-admin', '--yes']);
    expect(reshare.code).toBe(1);
    expect(reshare.stderr).toMatch(/shared with you read-only by alice/);
  });
});

describe('keyhold run', () => {
  it("passes the folder's secrets (own and shared) to the child and returns its exit code, printing no value", async () => {
    const { alice, bob, aliceCli, bobCli } = await people();
    await alice.createSecret({ name: 'db password', path: '/ci', type: 'login', payload: { value: VALUE } });
    await alice.createSecret({
      name: 'not here',
      path: '/ci/deeper',
      type: 'note',
      payload: { value: 'deep' },
    });
    const token = await bob.createSecret({
      name: 'deploy-token',
      path: '/ci',
      type: 'api_key',
      payload: { value: 'bobs' },
    });
    await bob.sharing.share(token.id, await bob.sharing.addContact(await bob.sharing.find('alice')), 'read');

    const checks = `process.env.DB_PASSWORD === ${JSON.stringify(VALUE)} && process.env.DEPLOY_TOKEN === 'bobs' && process.env.NOT_HERE === undefined`;
    const out = await aliceCli.run(checkEnv(checks, 7));
    expect(out.code).toBe(7);
    expect(out.stdout).toBe('env ok\n');
    expect(out.stdout + out.stderr).not.toContain(VALUE);
    // Bob sees only his own secret in /ci.
    const bobs = await bobCli.run(
      checkEnv("process.env.DEPLOY_TOKEN === 'bobs' && !process.env.DB_PASSWORD", 0),
    );
    expect(bobs).toMatchObject({ code: 0, stdout: 'env ok\n' });
  });

  it('two secrets with the same environment name stop it before the command runs', async () => {
    const { alice, aliceCli } = await people();
    await alice.createSecret({ name: 'db password', path: '/ci', type: 'login', payload: { value: VALUE } });
    await alice.createSecret({ name: 'DB-PASSWORD', path: '/ci', type: 'login', payload: { value: VALUE } });
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'keyhold-run-')), 'ran');
    const out = await aliceCli.run([
      'run',
      '--folder',
      '/ci',
      '--',
      process.execPath,
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`,
    ]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^keyhold: "db password" and "DB-PASSWORD" would both be DB_PASSWORD/);
    expect(out.stderr).not.toContain(VALUE);
    expect(existsSync(marker)).toBe(false);
  });

  it('forwards a signal to the child, and a child killed by a signal gives 128 + the signal number', async () => {
    const { aliceCli } = await people();
    const child = `process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);`;
    // The root folder: it exists with nothing in it (a missing --folder would stop run before the child).
    const running = aliceCli.start(['run', '--', process.execPath, '-e', child]);
    await running.stdoutIncludes('ready');
    running.child.kill('SIGTERM');
    expect(await running.result).toMatchObject({ code: 42, stdout: 'ready\nchild got SIGTERM\n' });

    const out = await aliceCli.run([
      'run',
      '--',
      process.execPath,
      '-e',
      "process.kill(process.pid, 'SIGTERM')",
    ]);
    expect(out.code).toBe(128 + os.constants.signals.SIGTERM);
  });
});

describe('a machine identity', () => {
  it('with a grant can get and run; without one it is refused, and the refusal is audited', async () => {
    const { admin, alice, aliceCli } = await people();
    const { token, principal } = await createMachineIdentity(alice.client, {
      username: 'ci-bot',
      displayName: 'CI bot',
      server: t.server.url,
      kdf: FAST_KDF,
    });
    const machine = cliUser(t);
    users.push(machine);
    const tokenFile = path.join(path.dirname(machine.caFile), 'ci-bot.token.json');
    writeFileSync(tokenFile, JSON.stringify(token), { mode: 0o600 });
    const login = await machine.run(['login', '--token', tokenFile, '--ca', machine.caFile]);
    expect(login).toMatchObject({ code: 0, stdout: '' });
    expect(login.stderr).toContain('as ci-bot (machine identity)');

    expect((await aliceCli.run(['put', '/ci/db password'], { input: VALUE })).code).toBe(0);
    const secret = JSON.parse((await aliceCli.run(['ls', '/ci', '--json'])).stdout) as {
      secrets: { id: string }[];
    };
    const secretId = secret.secrets[0]!.id;

    // No grant yet: not found by path, refused by id, and the server audits the refusal.
    expect((await machine.run(['get', '/ci/db password'])).stderr).toBe(
      'keyhold: no secret at /ci/db password\n',
    );
    const byId = await machine.run(['get', `id:${secretId}`]);
    expect(byId.code).toBe(1);
    expect(byId.stdout).toBe('');
    const { entries } = await admin.client.request('listAudit', {
      userId: principal.userId,
      operation: 'readSecret',
    });
    expect(entries[0]).toMatchObject({ status: 'denied', target: secretId });

    expect((await aliceCli.run(['share', '/ci/db password', '--with', 'ci-bot', '--yes'])).code).toBe(0);
    expect(await machine.run(['get', '/ci/db password'])).toMatchObject({ code: 0, stdout: VALUE });
    const ran = await machine.run(checkEnv(`process.env.DB_PASSWORD === ${JSON.stringify(VALUE)}`, 3));
    expect(ran).toMatchObject({ code: 3, stdout: 'env ok\n' });
    expect(ran.stderr).not.toContain(VALUE);
  });
});

describe('a machine identity writing', () => {
  it('finds what it wrote with put: get, ls and a second put that makes version 2, not a duplicate', async () => {
    const { alice } = await people();
    const { token } = await createMachineIdentity(alice.client, {
      username: 'ci-writer',
      displayName: 'CI writer',
      server: t.server.url,
      kdf: FAST_KDF,
    });
    const machine = cliUser(t);
    users.push(machine);
    const tokenFile = path.join(path.dirname(machine.caFile), 'ci-writer.token.json');
    writeFileSync(tokenFile, JSON.stringify(token), { mode: 0o600 });
    expect((await machine.run(['login', '--token', tokenFile, '--ca', machine.caFile])).code).toBe(0);

    const created = await machine.run(['put', '/mach/s'], { input: 'first' });
    expect(created).toMatchObject({ code: 0, stderr: 'Created /mach/s (version 1).\n' });
    expect(await machine.run(['get', '/mach/s'])).toMatchObject({ code: 0, stdout: 'first' });
    const updated = await machine.run(['put', '/mach/s'], { input: 'second' });
    expect(updated).toMatchObject({ code: 0, stderr: 'Updated /mach/s (version 2).\n' });
    expect(await machine.run(['get', '/mach/s'])).toMatchObject({ code: 0, stdout: 'second' });
    const listed = JSON.parse((await machine.run(['ls', '/mach', '--json'])).stdout) as {
      secrets: { name: string; version: number; owner: string }[];
    };
    expect(listed.secrets).toEqual([expect.objectContaining({ name: 's', version: 2, owner: 'ci-writer' })]);
    const found = JSON.parse((await machine.run(['search', 's', '--json'])).stdout) as unknown[];
    expect(found).toHaveLength(1);
  });
});
