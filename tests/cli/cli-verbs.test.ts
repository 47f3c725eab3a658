// The basic verbs a vault user expects on the command line: delete/restore (trash), get --version, rollback,
// generate, and share --revoke. Real keyhold processes against a real server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { aliceAndBob, type CliUser, cliLogin, cliUser, runKeyhold } from './cli-harness.ts';

vi.setConfig({ testTimeout: 180_000 });

let t: TestServer | undefined;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
  t = undefined;
});

async function signedInAdmin() {
  const server = await startTestServer();
  t = server;
  const admin = await initAndLoginAdmin(server);
  const cli = cliUser(server);
  users.push(cli);
  await cliLogin(server, cli, ADMIN.username, ADMIN.password);
  return { admin, cli };
}

describe('delete, restore and trash', () => {
  it('moves a secret to the trash, lists it there, and brings it back with its value', async () => {
    const { admin, cli } = await signedInAdmin();
    await admin.createSecret({ name: 'old', path: '/ci', type: 'custom', payload: { value: 'old-value-1' } });
    expect(await cli.run(['delete', '/ci/old'])).toMatchObject({ code: 0, stdout: '' });
    const gone = await cli.run(['get', '/ci/old']);
    expect(gone).toMatchObject({ code: 1, stderr: 'keyhold: no secret at /ci/old\n' });
    const trash = await cli.run(['trash', '--json']);
    expect(JSON.parse(trash.stdout)).toMatchObject([{ path: '/ci/old', version: 1 }]);

    expect(await cli.run(['restore', '/ci/old'])).toMatchObject({ code: 0 });
    expect(await cli.run(['get', '/ci/old'])).toMatchObject({ code: 0, stdout: 'old-value-1' });
    expect(await cli.run(['restore', '/ci/old'])).toMatchObject({
      code: 1,
      stderr: 'keyhold: no secret at /ci/old in the trash\n',
    });
  });
});

describe('versions: get --version and rollback', () => {
  it('reads an older version, and rollback makes a new version with its content while keeping history', async () => {
    const { cli } = await signedInAdmin();
    for (const value of ['first-v1', 'second-v2', 'third-v3']) {
      expect((await cli.run(['put', '/ci/rotating', '--field', `n=${value}`], { input: value })).code).toBe(
        0,
      );
    }
    expect(await cli.run(['get', '/ci/rotating', '--version', '1'])).toMatchObject({
      code: 0,
      stdout: 'first-v1',
    });
    const badVersion = await cli.run(['get', '/ci/rotating', '--version', '0']);
    expect(badVersion).toMatchObject({
      code: 2,
      stderr: 'keyhold: --version "0": must be a version number (1, 2, …)\n',
    });
    const noVersion = await cli.run(['rollback', '/ci/rotating', '--to', '9']);
    expect(noVersion).toMatchObject({
      code: 1,
      stderr: 'keyhold: /ci/rotating has no version 9 (its newest is 3)\n',
    });

    const rolled = await cli.run(['rollback', '/ci/rotating', '--to', '1', '--json']);
    expect(rolled.code).toBe(0);
    expect(JSON.parse(rolled.stdout)).toMatchObject({ path: '/ci/rotating', from: 1, version: 4 });
    const now = JSON.parse((await cli.run(['get', '/ci/rotating', '--json'])).stdout);
    expect(now).toMatchObject({ version: 4, value: 'first-v1', fields: [{ name: 'n', value: 'first-v1' }] });
    const history = JSON.parse((await cli.run(['history', '/ci/rotating', '--json'])).stdout);
    expect(history.versions.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
  });
});

describe('keyhold generate', () => {
  it("draws passwords of the asked length and classes from the window's generator, without a server", async () => {
    const out = { run: (args: string[]) => runKeyhold(args) };
    const one = await out.run(['generate', '--length', '40', '--no-symbols', '--avoid-ambiguous']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(one.stdout).not.toMatch(/[Il1O0o]/);
    expect(one.stdout).toMatch(/[a-z]/);
    expect(one.stdout).toMatch(/[A-Z]/);
    expect(one.stdout).toMatch(/[0-9]/);
    const many = JSON.parse((await out.run(['generate', '--count', '3', '--json'])).stdout);
    expect(many.passwords).toHaveLength(3);
    expect(new Set(many.passwords).size).toBe(3);
    for (const p of many.passwords) expect(p).toHaveLength(24);
    expect(await out.run(['generate', '--length', '7'])).toMatchObject({
      code: 2,
      stderr: 'keyhold: --length "7": must be a whole number from 8 to 128\n',
    });
    const none = await out.run(['generate', '--no-lower', '--no-upper', '--no-digits', '--no-symbols']);
    expect(none.code).toBe(2);
  });
});

describe('share --revoke', () => {
  it("takes a contact's access away: bob can read the secret before and not after", async () => {
    const started = await aliceAndBob(users);
    t = started.t;
    const { aliceCli, bobCli } = started;
    expect((await aliceCli.run(['put', '/team/db'], { input: 'team-db-secret' })).code).toBe(0);
    expect((await aliceCli.run(['share', '/team/db', '--with', 'bob', '--yes'])).code).toBe(0);
    expect(await bobCli.run(['get', '/team/db'])).toMatchObject({ code: 0, stdout: 'team-db-secret' });

    const revoked = await aliceCli.run(['share', '/team/db', '--with', 'bob', '--revoke']);
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toMatch(/^Revoked bob's access to \/team\/db; its key was replaced/);
    expect(await bobCli.run(['get', '/team/db'])).toMatchObject({
      code: 1,
      stderr: 'keyhold: no secret at /team/db\n',
    });
    expect(await aliceCli.run(['share', '/team/db', '--with', 'bob', '--revoke'])).toMatchObject({
      code: 1,
      stderr: 'keyhold: /team/db is not shared with bob; nothing was changed\n',
    });
  });
});
