// keyhold:// references as a CI engineer uses them: `read`, `inject` into a private file, and `run` resolving
// them in variables and --env-file lines; run with several folders, --recursive, fields, --mask and a
// missing folder. Real keyhold processes against a real server.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VaultSession } from '../../client/vault-session.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser } from './cli-harness.ts';

vi.setConfig({ testTimeout: 180_000 });

const DB_PASSWORD = 'db-pw-ref-4c1d-hunter2';
const DB_USER = 'deployer-ref-77';
const API_KEY = 'api-key-ref-9f30e1aa';
const NESTED = 'nested-ref-value-5521';

let t: TestServer;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

/** An admin signed in on the CLI, owning /ci/db (with a user field), "/ci/api key" and /ci/deep/nested. */
async function vault(): Promise<{ admin: VaultSession; cli: CliUser; home: string }> {
  t = await startTestServer();
  const admin = await initAndLoginAdmin(t);
  await admin.createSecret({
    name: 'db',
    path: '/ci',
    type: 'login',
    payload: {
      value: DB_PASSWORD,
      notes: 'rotate monthly',
      fields: [{ name: 'user', value: DB_USER, hidden: false }],
    },
  });
  await admin.createSecret({ name: 'api key', path: '/ci', type: 'api_key', payload: { value: API_KEY } });
  await admin.createSecret({ name: 'nested', path: '/ci/deep', type: 'custom', payload: { value: NESTED } });
  const cli = cliUser(t);
  users.push(cli);
  await cliLogin(t, cli, ADMIN.username, ADMIN.password);
  return { admin, cli, home: path.dirname(cli.configDir) };
}

/** A child that prints the named variables as JSON (absent ones as null). */
const printEnv = (...names: string[]) => [
  process.execPath,
  '-e',
  `console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n] ?? null]))))`,
];

describe('keyhold read', () => {
  it('prints the value or a field a reference names, %-escapes included, and names a missing one without a value', async () => {
    const { cli } = await vault();
    expect(await cli.run(['read', 'keyhold://ci/db'])).toMatchObject({ code: 0, stdout: DB_PASSWORD });
    expect(await cli.run(['read', 'keyhold://ci/db#user'])).toMatchObject({ code: 0, stdout: DB_USER });
    expect(await cli.run(['read', 'keyhold://ci/api%20key'])).toMatchObject({ code: 0, stdout: API_KEY });
    const json = await cli.run(['read', 'keyhold://ci/db#notes', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      reference: 'keyhold://ci/db#notes',
      path: '/ci/db',
      field: 'notes',
      value: 'rotate monthly',
    });

    const noField = await cli.run(['read', 'keyhold://ci/db#password']);
    expect(noField.code).toBe(1);
    expect(noField.stderr).toBe(
      'keyhold: keyhold://ci/db#password: /ci/db has no field named "password" (its fields: user)\n',
    );
    const noSecret = await cli.run(['read', 'keyhold://ci/nope']);
    expect(noSecret).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'keyhold: keyhold://ci/nope: no secret at /ci/nope\n',
    });
    const malformed = await cli.run(['read', 'https://ci/db']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(
      /^keyhold: REFERENCE "https:\/\/ci\/db": must start with keyhold:\/\/\n$/,
    );
    for (const out of [noField, noSecret, malformed]) expect(out.stderr).not.toContain(DB_PASSWORD);
  });
});

describe('keyhold inject', () => {
  it('fills bare and {{ }} references into a file only its owner can read', async () => {
    const { cli, home } = await vault();
    const template = path.join(home, 'app.yml.tpl');
    const out = path.join(home, 'app.yml');
    writeFileSync(
      template,
      'db:\n  user: {{ keyhold://ci/db#user }}\n  password: "keyhold://ci/db"\napi: keyhold://ci/api%20key\nkept: $HOME {{ not a reference }}\n',
    );
    const result = await cli.run(['inject', '-i', template, '-o', out]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(out, 'utf8')).toBe(
      `db:\n  user: ${DB_USER}\n  password: "${DB_PASSWORD}"\napi: ${API_KEY}\nkept: $HOME {{ not a reference }}\n`,
    );
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(result.stderr).not.toContain(DB_PASSWORD);

    // From stdin to stdout, every byte of the template kept.
    const piped = await cli.run(['inject'], { input: 'A=keyhold://ci/db\n\nB=x' });
    expect(piped).toMatchObject({ code: 0, stdout: `A=${DB_PASSWORD}\n\nB=x` });
  });

  it('refuses an existing file without --force, a mode others can read unless asked, and writes nothing when a reference fails', async () => {
    const { cli, home } = await vault();
    const template = path.join(home, 'env.tpl');
    const out = path.join(home, 'out.env');
    writeFileSync(template, 'PW=keyhold://ci/db\n');
    writeFileSync(out, 'previous\n');

    const exists = await cli.run(['inject', '-i', template, '-o', out]);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toBe(
      `keyhold: --out-file ${out}: a file is there already; pass --force to replace it\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe('previous\n');

    const readable = await cli.run(['inject', '-i', template, '-o', out, '--force', '--file-mode', '644']);
    expect(readable.code).toBe(2);
    expect(readable.stderr).toMatch(/--file-mode 644: lets others read .*--allow-readable-by-others/);
    expect(readFileSync(out, 'utf8')).toBe('previous\n');

    const shared = await cli.run([
      'inject',
      '-i',
      template,
      '-o',
      out,
      '--force',
      '--file-mode',
      '640',
      '--allow-readable-by-others',
    ]);
    expect(shared.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(`PW=${DB_PASSWORD}\n`);
    expect(statSync(out).mode & 0o777).toBe(0o640);

    const fresh = path.join(home, 'never.env');
    writeFileSync(template, 'PW=keyhold://ci/db\nGONE=keyhold://ci/missing\n');
    const missing = await cli.run(['inject', '-i', template, '-o', fresh]);
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'keyhold: keyhold://ci/missing: no secret at /ci/missing\n',
    });
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('keyhold run with references, env files and folders', () => {
  it('resolves references in inherited variables and in --env-file lines, keeping literal lines as they are', async () => {
    const { cli, home } = await vault();
    const envFile = path.join(home, 'ci.env');
    writeFileSync(
      envFile,
      '# deploy\nDB_PASS=keyhold://ci/db\nexport DB_LOGIN="keyhold://ci/db#user"\nREGION=eu-west-1\n',
    );
    const out = await cli.run(
      ['run', '--env-file', envFile, '--', ...printEnv('API', 'DB_PASS', 'DB_LOGIN', 'REGION', 'DB')],
      { env: { API: 'keyhold://ci/api%20key' } },
    );
    expect(out.code).toBe(0);
    // With only --env-file, no folder is added: DB (the /ci folder's secret) is not set.
    expect(JSON.parse(out.stdout)).toEqual({
      API: API_KEY,
      DB_PASS: DB_PASSWORD,
      DB_LOGIN: DB_USER,
      REGION: 'eu-west-1',
      DB: null,
    });

    writeFileSync(envFile, 'X=keyhold://ci/typo\n');
    const bad = await cli.run(['run', '--env-file', envFile, '--', 'true']);
    expect(bad).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'keyhold: keyhold://ci/typo: no secret at /ci/typo\n',
    });
  });

  it('passes several folders, subfolders with --recursive and fields as NAME_FIELD, and refuses a missing folder', async () => {
    const { admin, cli } = await vault();
    await admin.createSecret({ name: 'region', path: '/app', type: 'custom', payload: { value: 'eu-1' } });
    const flat = await cli.run([
      'run',
      '--folder',
      '/ci',
      '--folder',
      'app',
      '--',
      ...printEnv('DB', 'DB_USER', 'API_KEY', 'REGION', 'NESTED'),
    ]);
    expect(flat.code).toBe(0);
    expect(JSON.parse(flat.stdout)).toEqual({
      DB: DB_PASSWORD,
      DB_USER,
      API_KEY,
      REGION: 'eu-1',
      NESTED: null,
    });

    const deep = await cli.run(['run', '--folder', '/ci', '--recursive', '--', ...printEnv('NESTED', 'DB')]);
    expect(JSON.parse(deep.stdout)).toEqual({ NESTED, DB: DB_PASSWORD });

    const missing = await cli.run(['run', '--folder', '/ci', '--folder', '/cj', '--', 'echo', 'ran']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(
      'keyhold: --folder /cj: there is no such folder (no secret of yours or shared with you is in it) — nothing was run\n',
    );
  });

  it('--mask replaces values in the child’s stdout and stderr, even a value written in two pieces', async () => {
    const { cli } = await vault();
    const script = [
      'const v = process.env.DB;',
      "process.stdout.write('value=' + v.slice(0, 5));",
      "setTimeout(() => { process.stdout.write(v.slice(5) + ' user=' + process.env.DB_USER + ' ok\\n');",
      "  process.stderr.write('err ' + process.env.API_KEY + '\\n'); process.exit(3); }, 100);",
    ].join('\n');
    const masked = await cli.run(['run', '--folder', '/ci', '--mask', '--', process.execPath, '-e', script]);
    expect(masked).toMatchObject({ code: 3, stdout: 'value=**** user=**** ok\n', stderr: 'err ****\n' });
    const plain = await cli.run(['run', '--folder', '/ci', '--', process.execPath, '-e', script]);
    expect(plain.stdout).toBe(`value=${DB_PASSWORD} user=${DB_USER} ok\n`);
  });
});
