// The keyhold command as a person uses it: sign in and out, private files, put and get, listing, and the
// one-line errors with exit codes 1 and 2. Every run is a real child process against a real server.
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser } from './cli-harness.ts';

// Each test starts several keyhold processes (each compiles its TypeScript through tsx) on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

const VALUE = 'cli-marker-7b2e91-hunter2';

let t: TestServer;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

async function signedInAdmin(options: { now?: () => Date } = {}) {
  t = await startTestServer(options);
  const admin = await initAndLoginAdmin(t);
  const cli = cliUser(t);
  users.push(cli);
  await cliLogin(t, cli, ADMIN.username, ADMIN.password);
  return { admin, cli };
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe('keyhold login and logout', () => {
  it('keeps config.json and session.json readable by their owner only, and logout ends the server session', async () => {
    const { admin, cli } = await signedInAdmin();
    const config = path.join(cli.configDir, 'config.json');
    const session = path.join(cli.configDir, 'session.json');
    expect(mode(cli.configDir)).toBe(0o700);
    expect(mode(config)).toBe(0o600);
    expect(mode(session)).toBe(0o600);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toMatchObject({
      server: t.server.url,
      username: ADMIN.username,
    });
    expect(readFileSync(session, 'utf8')).not.toContain(ADMIN.password);
    const before = await admin.client.request('listMySessions', {});
    expect(before.sessions).toHaveLength(2);

    const out = await cli.run(['logout']);
    expect(out).toMatchObject({ code: 0, stdout: '' });
    expect(() => statSync(session)).toThrow();
    expect((await admin.client.request('listMySessions', {})).sessions).toHaveLength(1);
    const after = await cli.run(['get', '/anything']);
    expect(after.code).toBe(1);
    expect(after.stderr).toBe('keyhold: not signed in — run keyhold login\n');
  });

  it('refuses a configuration others can read, with a message saying how to fix it', async () => {
    const { cli } = await signedInAdmin();
    chmodSync(path.join(cli.configDir, 'session.json'), 0o644);
    const out = await cli.run(['ls']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^keyhold: .*session\.json is readable by others \(mode 644\).*chmod 600/);
    chmodSync(path.join(cli.configDir, 'session.json'), 0o600);
    chmodSync(cli.configDir, 0o755);
    expect((await cli.run(['ls'])).stderr).toMatch(/readable by others \(mode 755\).*chmod 700/);
  });

  it('a wrong password signs nobody in and leaves no session file', async () => {
    t = await startTestServer();
    await initAndLoginAdmin(t);
    const cli = cliUser(t);
    users.push(cli);
    const out = await cli.run(
      ['login', '--server', t.server.url, '--ca', cli.caFile, '--user', ADMIN.username],
      {
        input: 'not the password\n',
      },
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^keyhold: .*\[invalid_credentials\]\n$/);
    expect(() => statSync(path.join(cli.configDir, 'session.json'))).toThrow();
  });

  it('will not trust an unknown server without --ca or a terminal to ask', async () => {
    t = await startTestServer();
    await initAndLoginAdmin(t);
    const cli = cliUser(t);
    users.push(cli);
    const out = await cli.run(['login', '--server', t.server.url, '--user', ADMIN.username], {
      input: `${ADMIN.password}\n`,
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--ca');
    expect(() => statSync(path.join(cli.configDir, 'config.json'))).toThrow();
  });

  it('an ended or expired session gives the clear message and is forgotten', async () => {
    let skew = 0;
    const { admin, cli } = await signedInAdmin({ now: () => new Date(Date.now() + skew) });
    const put = await cli.run(['put', '/ci/db'], { input: VALUE });
    expect(put.code).toBe(0);
    skew = 40 * 24 * 60 * 60_000;
    const expired = await cli.run(['get', '/ci/db']);
    expect(expired).toMatchObject({ code: 1, stdout: '' });
    expect(expired.stderr).toBe('keyhold: session expired — run keyhold login\n');
    expect(() => statSync(path.join(cli.configDir, 'session.json'))).toThrow();

    skew = 0;
    await cliLogin(t, cli, ADMIN.username, ADMIN.password);
    const mine = await admin.client.request('listMySessions', {});
    const cliSession = mine.sessions.find((s) => !s.current && s.clientKind === 'cli');
    await admin.client.request('endSession', { sessionId: cliSession!.id });
    const ended = await cli.run(['get', '/ci/db']);
    expect(ended.stderr).toBe('keyhold: session expired — run keyhold login\n');
  });
});

describe('keyhold put and get', () => {
  it('put reads the value from stdin and get prints exactly that value, no newline when piped', async () => {
    const { admin, cli } = await signedInAdmin();
    const put = await cli.run(['put', '/ci/db-password', '--type', 'api_key', '--field', 'user=deployer'], {
      input: `${VALUE}\n`,
    });
    expect(put).toMatchObject({ code: 0, stdout: '' });
    expect(put.stderr).not.toContain(VALUE);
    const got = await cli.run(['get', '/ci/db-password']);
    expect(got).toMatchObject({ code: 0, stdout: VALUE, stderr: '' });
    expect((await cli.run(['get', 'ci/db-password', '--field', 'user'])).stdout).toBe('deployer');

    // The server holds it end-to-end encrypted, readable by the owner's own library session.
    const { items } = await admin.client.request('searchSecrets', { query: 'db-password' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ path: '/ci', name: 'db-password', type: 'api_key', version: 1 });
    expect((await admin.readSecret(items[0]!.id)).payload.value).toBe(VALUE);

    // A second put is a new version that keeps the field.
    expect((await cli.run(['put', '/ci/db-password'], { input: 'second-value' })).code).toBe(0);
    expect((await cli.run(['get', '/ci/db-password'])).stdout).toBe('second-value');
    expect((await cli.run(['get', '/ci/db-password', '--field', 'user'])).stdout).toBe('deployer');
    const history = await cli.run(['history', '/ci/db-password', '--json']);
    const parsed = JSON.parse(history.stdout) as {
      current: number;
      versions: { version: number; createdAt: string }[];
    };
    expect(parsed.current).toBe(2);
    expect(parsed.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(parsed.versions.every((v) => !Number.isNaN(Date.parse(v.createdAt)))).toBe(true);
  });

  it('commands of one session run side by side without refusing each other as replays', async () => {
    const { cli } = await signedInAdmin();
    expect((await cli.run(['put', '/ci/db'], { input: VALUE })).code).toBe(0);
    const results = await Promise.all(Array.from({ length: 6 }, () => cli.run(['get', '/ci/db'])));
    expect(results.map((r) => [r.code, r.stdout, r.stderr])).toEqual(results.map(() => [0, VALUE, '']));
    expect(existsSync(path.join(cli.configDir, 'session.lock'))).toBe(false);
  });

  it('put refuses a value given as an argument and stores nothing', async () => {
    const { admin, cli } = await signedInAdmin();
    const out = await cli.run(['put', '/ci/token', VALUE]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^keyhold: put: the value is not taken from the command line/);
    expect(out.stderr).not.toContain(VALUE);
    expect((await admin.client.request('listSecrets', {})).total).toBe(0);
    // Explicitly accepted, it works.
    expect((await cli.run(['put', '/ci/token', '--value-from-arg', VALUE])).code).toBe(0);
    expect((await cli.run(['get', '/ci/token'])).stdout).toBe(VALUE);
  });

  it('a missing or ambiguous path is one clear line', async () => {
    const { admin, cli } = await signedInAdmin();
    const missing = await cli.run(['get', '/ci/nothing-here']);
    expect(missing).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'keyhold: no secret at /ci/nothing-here\n',
    });
    for (let i = 0; i < 2; i++) {
      await admin.createSecret({
        name: 'twin',
        path: '/dup',
        type: 'note',
        payload: { value: `${VALUE}${i}` },
      });
    }
    const twin = await cli.run(['get', '/dup/twin']);
    expect(twin.code).toBe(1);
    expect(twin.stderr).toBe('keyhold: /dup/twin is ambiguous: 2 secrets have that path (yours, yours)\n');
    expect(twin.stderr).not.toContain(VALUE);
  });
});

describe('keyhold ls, search and history', () => {
  it('--json output parses and holds names, never values', async () => {
    const { admin, cli } = await signedInAdmin();
    await admin.createSecret({ name: 'db password', path: '/app', type: 'login', payload: { value: VALUE } });
    await admin.createSecret({ name: 'api', path: '/app/prod', type: 'api_key', payload: { value: VALUE } });
    const ls = await cli.run(['ls', '/app', '--json']);
    expect(ls.code).toBe(0);
    expect(ls.stdout).not.toContain(VALUE);
    expect(JSON.parse(ls.stdout)).toMatchObject({
      folder: '/app',
      folders: ['/app/prod'],
      secrets: [{ path: '/app/db password', name: 'db password', type: 'login', owner: ADMIN.username }],
    });
    const search = await cli.run(['search', 'api', '--json']);
    expect(JSON.parse(search.stdout)).toMatchObject([{ path: '/app/prod/api', type: 'api_key' }]);
    const listed = JSON.parse(ls.stdout) as { secrets: { id: string }[] };
    const history = await cli.run(['history', `id:${listed.secrets[0]!.id}`, '--json']);
    expect(JSON.parse(history.stdout)).toMatchObject({
      path: '/app/db password',
      versions: [{ version: 1 }],
    });
    const table = await cli.run(['ls', '/app']);
    expect(table.stdout).toMatch(/^prod\/\nNAME +TYPE/);
    expect(table.stdout).toContain('db password');
  });
});

describe('bad usage', () => {
  it('exits 2 with a message naming the argument', async () => {
    const { cli } = await signedInAdmin();
    const cases: [string[], RegExp][] = [
      [['get'], /missing required argument 'path'/],
      [['put', '/ci/x', '--type', 'password'], /--type "password": must be one of login, api_key/],
      [['put', '/ci/x', '--field', 'novalue'], /--field: must look like NAME=VALUE/],
      [['get', '/ci/'], /PATH "\/ci\/": must name a secret/],
      [['ls', '/a/../b'], /FOLDER "\/a\/..\/b": must not contain \. or \.\./],
      [['get', 'id:nope'], /PATH "id:nope": must be id: followed by a UUID/],
      [['share', '/ci/x'], /required option '--with <user>'/],
      [['get', '/ci/x', '--bogus'], /unknown option '--bogus'/],
      [['run', '--folder', '/ci'], /missing required argument 'command'/],
    ];
    const bare = await cli.run([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: keyhold/);
    const help = await cli.run(['put', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--value-from-arg');
    for (const [args, message] of cases) {
      const out = await cli.run(args, { input: 'v' });
      expect({ args, code: out.code }).toEqual({ args, code: 2 });
      expect(out.stderr).toMatch(/^keyhold: /);
      expect(out.stderr).toMatch(message);
    }
  });
});
