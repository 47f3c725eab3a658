// Headless administration with the keyhold command alone: init (passphrase or key shares), seal and unseal,
// backups, machine identities (token file 0600, usable by KEYHOLD_TOKEN) and users. Real keyhold processes
// against a real, fresh server.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer, UNSEAL_PASSPHRASE } from '../support/test-server.ts';
import { type CliUser, cliUser } from './cli-harness.ts';

vi.setConfig({ testTimeout: 300_000 });

const PASSWORD = 'Quartz-Harbor-91-Lantern';

let t: TestServer;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

async function freshServer(): Promise<CliUser> {
  t = await startTestServer();
  const cli = cliUser(t);
  users.push(cli);
  return cli;
}

describe('keyhold init, seal and unseal', () => {
  it('initialises with a passphrase, signs the admin in, seals, and unseals with the passphrase from stdin', async () => {
    const cli = await freshServer();
    const init = await cli.run(
      ['init', '--server', t.server.url, '--ca', cli.caFile, '--admin', 'ops-admin', '--json'],
      { input: `${UNSEAL_PASSPHRASE}\n${PASSWORD}\n` },
    );
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ server: t.server.url, sealed: false, shares: null });
    expect(init.stderr).not.toContain(PASSWORD);
    expect(statSync(path.join(cli.configDir, 'session.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse((await cli.run(['whoami', '--json'])).stdout)).toMatchObject({
      username: 'ops-admin',
      role: 'admin',
    });

    const again = await cli.run(['init', '--admin', 'someone'], {
      input: `${UNSEAL_PASSPHRASE}\n${PASSWORD}\n`,
    });
    expect(again).toMatchObject({
      code: 1,
      stderr: `keyhold: ${t.server.url} is initialised already; nothing was done\n`,
    });

    expect(await cli.run(['seal', '--yes'])).toMatchObject({ code: 0 });
    const sealed = JSON.parse((await cli.run(['status', '--json'])).stdout);
    expect(sealed.sealed).toBe(true);

    const wrong = await cli.run(['unseal'], { input: 'not the passphrase at all\n' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).not.toContain('not the passphrase at all');
    const opened = await cli.run(['unseal', '--json'], { input: `${UNSEAL_PASSPHRASE}\n` });
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.stdout)).toMatchObject({ sealed: false });
  });

  it('with --shares prints the shares once, and unseals from any threshold of them, one per line', async () => {
    const cli = await freshServer();
    const init = await cli.run(
      [
        'init',
        '--server',
        t.server.url,
        '--ca',
        cli.caFile,
        '--admin',
        'ops-admin',
        '--shares',
        '3',
        '--threshold',
        '2',
      ],
      { input: `${PASSWORD}\n` },
    );
    expect(init.code).toBe(0);
    const shares = init.stdout.trim().split('\n');
    expect(shares).toHaveLength(3);
    for (const share of shares) expect(share).toMatch(/^[0-9a-f]+$/);
    expect(init.stderr).toContain('shown once');

    expect((await cli.run(['seal', '--yes'])).code).toBe(0);
    const notHex = await cli.run(['unseal'], { input: 'zz-not-hex\n' });
    expect(notHex).toMatchObject({
      code: 2,
      stderr: 'keyhold: key share: must be the hex text keyhold init printed (it is not repeated here)\n',
    });
    const one = await cli.run(['unseal'], { input: `${shares[2]}\n` });
    expect(one).toMatchObject({
      code: 0,
      stderr: '1 of 2 key shares in; still sealed until 1 more is given.\n',
    });
    const two = await cli.run(['unseal'], { input: `${shares[0]}\n` });
    expect(two).toMatchObject({ code: 0, stderr: 'Unsealed.\n' });
  });

  it('refuses a weak admin password and a bad --threshold before touching the server', async () => {
    const cli = await freshServer();
    const weak = await cli.run(
      ['init', '--server', t.server.url, '--ca', cli.caFile, '--admin', 'ops-admin'],
      {
        input: `${UNSEAL_PASSPHRASE}\npassword\n`,
      },
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^keyhold: the password must be at least 10 characters; nothing was done\n$/);
    const threshold = await cli.run([
      'init',
      '--server',
      t.server.url,
      '--ca',
      cli.caFile,
      '--admin',
      'ops-admin',
      '--shares',
      '2',
      '--threshold',
      '3',
    ]);
    expect(threshold).toMatchObject({
      code: 2,
      stderr: 'keyhold: --threshold 3: must not exceed --shares 2\n',
    });
    expect((await t.client().request('status', {})).initialized).toBe(false);
  });
});

describe('keyhold machine, user and backup', () => {
  it('creates a machine identity whose 0600 token reads what is shared with it, lists and revokes it', async () => {
    const cli = await freshServer();
    expect(
      (
        await cli.run(['init', '--server', t.server.url, '--ca', cli.caFile, '--admin', 'ops-admin'], {
          input: `${UNSEAL_PASSPHRASE}\n${PASSWORD}\n`,
        })
      ).code,
    ).toBe(0);
    const tokenFile = path.join(path.dirname(cli.configDir), 'deploy.token.json');
    const made = await cli.run(['machine', 'create', 'ci-deploy', '--out', tokenFile]);
    expect(made.code).toBe(0);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const again = await cli.run(['machine', 'create', 'ci-other', '--out', tokenFile]);
    expect(again).toMatchObject({
      code: 1,
      stderr: `keyhold: --out ${tokenFile}: a file is there already; pass --force to replace it\n`,
    });

    expect((await cli.run(['put', '/ci/db'], { input: 'machine-visible-1' })).code).toBe(0);
    expect((await cli.run(['share', '/ci/db', '--with', 'ci-deploy', '--yes'])).code).toBe(0);
    const env = { KEYHOLD_TOKEN: readFileSync(tokenFile, 'utf8') };
    expect(await cli.run(['get', '/ci/db'], { env })).toMatchObject({ code: 0, stdout: 'machine-visible-1' });

    const listed = JSON.parse((await cli.run(['machine', 'list', '--json'])).stdout);
    expect(listed).toMatchObject([{ username: 'ci-deploy', active: true }]);
    expect((await cli.run(['machine', 'revoke', 'ci-deploy'])).code).toBe(0);
    const refused = await cli.run(['get', '/ci/db'], { env });
    expect(refused.code).toBe(1);
    expect(JSON.parse((await cli.run(['machine', 'list', '--json'])).stdout)).toMatchObject([
      { username: 'ci-deploy', active: false },
    ]);
  });

  it('creates, lists, changes the role of and disables users; backs the server up and lists the backup', async () => {
    const cli = await freshServer();
    expect(
      (
        await cli.run(['init', '--server', t.server.url, '--ca', cli.caFile, '--admin', 'ops-admin'], {
          input: `${UNSEAL_PASSPHRASE}\n${PASSWORD}\n`,
        })
      ).code,
    ).toBe(0);
    const created = await cli.run(['user', 'create', 'bob', '--role', 'moderator', '--json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ username: 'bob', role: 'moderator' });
    expect(JSON.parse(created.stdout).enrollmentCode).toEqual(expect.any(String));
    expect(await cli.run(['user', 'create', 'carol', '--role', 'root'])).toMatchObject({
      code: 2,
      stderr: 'keyhold: ROLE "root": must be one of admin, moderator, user\n',
    });
    expect((await cli.run(['user', 'role', 'bob', 'admin'])).code).toBe(0);
    expect((await cli.run(['user', 'disable', 'bob'])).code).toBe(0);
    const listed = JSON.parse((await cli.run(['user', 'list', '--json'])).stdout);
    expect(listed.users ?? listed).toEqual(
      expect.arrayContaining([expect.objectContaining({ username: 'bob', role: 'admin', isActive: false })]),
    );
    expect(await cli.run(['user', 'disable', 'nobody'])).toMatchObject({
      code: 1,
      stderr: 'keyhold: no user named nobody\n',
    });

    const backup = await cli.run(['backup', 'create', '--passphrase', '--json'], {
      input: 'backup passphrase 1234\n',
    });
    expect(backup.code).toBe(0);
    const { name } = JSON.parse(backup.stdout);
    expect(name).toMatch(/^keyhold-.*-manual-[0-9a-f]{4}\.khbak$/);
    const list = JSON.parse((await cli.run(['backup', 'list', '--json'])).stdout);
    expect(list.backups.map((b: { name: string }) => b.name)).toContain(name);
    const tooShort = await cli.run(['backup', 'create', '--passphrase'], { input: 'short\n' });
    expect(tooShort).toMatchObject({
      code: 1,
      stderr: 'keyhold: the backup passphrase must be at least 12 characters\n',
    });
  });
});
