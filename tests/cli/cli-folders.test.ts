// keyhold mkdir, rmdir and mv-folder: real keyhold processes against a real server, checked through the
// server's own folder tree afterwards.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser } from './cli-harness.ts';

vi.setConfig({ testTimeout: 180_000 });

let t: TestServer | undefined;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
  t = undefined;
});

describe('folders from the command line', () => {
  it('makes an empty folder, moves it with a secret-holding one, and deletes it only once empty', async () => {
    const server = await startTestServer();
    t = server;
    const admin = await initAndLoginAdmin(server);
    const cli = cliUser(server);
    users.push(cli);
    await cliLogin(server, cli, ADMIN.username, ADMIN.password);
    const tree = async () =>
      (await admin.client.request('listFolders', {})).folders.map((f) => `${f.path} ${f.count}`);

    expect(JSON.parse((await cli.run(['mkdir', '/ci/staging', '--json'])).stdout)).toEqual({
      path: '/ci/staging',
      created: true,
    });
    expect(await cli.run(['mkdir', 'ci/staging/'])).toMatchObject({
      code: 0,
      stderr: 'Folder /ci/staging exists already.\n',
    });
    await admin.createSecret({ name: 'db', path: '/ci', type: 'note', payload: { value: 'v' } });
    expect(await tree()).toEqual(['/ci 1', '/ci/staging 0']);

    const moved = await cli.run(['mv-folder', '/ci', '/build/ci', '--json']);
    expect(moved.code).toBe(0);
    expect(JSON.parse(moved.stdout)).toEqual({ from: '/ci', to: '/build/ci', moved: 1 });
    expect(await tree()).toEqual(['/build/ci 1', '/build/ci/staging 0']);

    const refused = await cli.run(['rmdir', '/build/ci']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('/build/ci is not empty: it holds 1 secret');
    expect(JSON.parse((await cli.run(['rmdir', '/build/ci/staging', '--json'])).stdout)).toEqual({
      path: '/build/ci/staging',
      deleted: 1,
    });
    expect(await tree()).toEqual(['/build/ci 1']);

    expect(await cli.run(['rmdir', '/'])).toMatchObject({ code: 2 });
    expect(await cli.run(['mv-folder', '/build', '/build/inner'])).toMatchObject({ code: 2 });
    expect((await cli.run(['rmdir', '/nowhere'])).code).toBe(1);
  });
});
