// keyhold export for scripts: hostile values (command substitution, backticks, $VAR, newlines, quotes,
// backslashes, unicode) written as dotenv, shell, env, json and yaml, and read back by the real readers —
// bash, sh (dash), the dotenv package, JSON.parse and PyYAML — byte for byte, with nothing run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VaultSession } from '../../client/vault-session.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser } from './cli-harness.ts';

// Each test starts keyhold processes (each compiles its TypeScript through tsx) on a shared machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const scratch = mkdtempSync(path.join(os.tmpdir(), 'keyhold-export-'));
const MARK = path.join(scratch, 'pwned');

/** Values a writer of one secret might use to attack a CI runner that sources the export. */
const HOSTILE: Record<string, string> = {
  SUBST: `pw$(touch ${MARK})x`,
  BACKTICK: `a\`touch ${MARK}\`b`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ${PATH} is the attack here, not a placeholder
  VARS: '$HOME ${PATH} $(( 1 + 1 )) $',
  NEWLINES: 'line 1\nline 2\n\nexport EVIL=1\n',
  QUOTES: `it's "double" and 'single'`,
  BACKSLASHES: 'C:\\new\\raw \\n is not a newline \\',
  UNICODE: 'ключ 🔑 café\u2028sep\u00a0nbsp',
  HASH: '#not a comment # really',
  SPACES: '  padded  ',
  TABS: '\tx\t',
  EMPTY_LOOKING: "''",
  EQUALS: 'a=b=c; rm -rf /; echo',
};

let t: TestServer;
let cli: CliUser;
let admin: VaultSession;

beforeAll(async () => {
  t = await startTestServer();
  admin = await initAndLoginAdmin(t);
  cli = cliUser(t);
  await cliLogin(t, cli, ADMIN.username, ADMIN.password);
  for (const [name, value] of Object.entries(HOSTILE)) {
    await admin.createSecret({ name: name.toLowerCase(), path: '/h', type: 'custom', payload: { value } });
  }
});

afterAll(async () => {
  cli?.cleanup();
  await t?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function exported(format: string, folder = '/h'): Promise<string> {
  const out = await cli.run(['export', '--format', format, '--folder', folder]);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return out.stdout;
}

/**
 * Sources the file in a real shell (with allexport, so plain NAME=… lines reach the environment too), then
 * prints the variables as the environment of a child holds them.
 */
function sourced(shell: 'bash' | 'sh', text: string, names: string[]): Record<string, string> {
  const file = path.join(scratch, `exported-${shell}.sh`);
  writeFileSync(file, text);
  const dump = `process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n]]))))`;
  const out = execFileSync(
    shell,
    ['-c', `set -a && . "$1" && exec "$2" -e "$3"`, shell, file, process.execPath, dump],
    {
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as Record<string, string>;
}

describe('keyhold export --format for scripts', () => {
  it("shell: export NAME='…' lines that bash and sh source back byte for byte, running nothing", async () => {
    const text = await exported('shell');
    expect(text).toMatch(/^export SUBST='pw\$\(touch /m);
    for (const shell of ['bash', 'sh'] as const) {
      expect(sourced(shell, text, Object.keys(HOSTILE))).toEqual(HOSTILE);
    }
    expect(existsSync(MARK)).toBe(false);
  });

  it('dotenv: every value comes back unchanged through the dotenv package', async () => {
    const text = await exported('dotenv');
    expect(dotenv.parse(text)).toEqual(HOSTILE);
  });

  it('env: safe to source and to parse with dotenv, or refused whole when a value fits neither', async () => {
    const refused = await cli.run(['export', '--format', 'env', '--folder', '/h']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^keyhold: the value of [A-Z_]+ holds ' together with .* use --format dotenv/,
    );
    for (const value of Object.values(HOSTILE)) expect(refused.stderr).not.toContain(value);

    const fits = Object.fromEntries(
      Object.entries(HOSTILE).filter(([name]) =>
        ['SUBST', 'BACKTICK', 'VARS', 'NEWLINES', 'UNICODE', 'HASH'].includes(name),
      ),
    );
    for (const [name, value] of Object.entries(fits)) {
      await admin.createSecret({ name: name.toLowerCase(), path: '/e', type: 'custom', payload: { value } });
    }
    await admin.createSecret({ name: 'apostrophe', path: '/e', type: 'custom', payload: { value: "it's" } });
    const expected = { ...fits, APOSTROPHE: "it's" };
    const text = await exported('env', '/e');
    expect(dotenv.parse(text)).toEqual(expected);
    for (const shell of ['bash', 'sh'] as const) {
      expect(sourced(shell, text, Object.keys(expected))).toEqual(expected);
    }
    expect(existsSync(MARK)).toBe(false);
  });

  it('json and yaml: parsed back to the same object', async () => {
    expect(JSON.parse(await exported('json'))).toEqual(HOSTILE);
    const yamlText = await exported('yaml');
    const python = spawnSync(
      'python3',
      ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
      { input: yamlText, encoding: 'utf8' },
    );
    if (
      python.status !== 0 &&
      process.env.KEYHOLD_REQUIRE_TOOLS !== '1' &&
      /No module named|ENOENT/.test(`${python.stderr}${python.error?.message}`)
    ) {
      // No YAML parser is a dependency of the project; without PyYAML only the JSON form of the file is checked.
      const asJson = JSON.parse(`{${yamlText.trim().split('\n').join(',')}}`) as unknown;
      expect(asJson).toEqual(HOSTILE);
      return;
    }
    expect(python.stderr).toBe('');
    expect(JSON.parse(python.stdout)).toEqual(HOSTILE);
  });

  it('a value no dotenv quote can carry is refused, naming the variable and printing nothing', async () => {
    await admin.createSecret({
      name: 'impossible',
      path: '/x',
      type: 'custom',
      payload: { value: 'a\'b"c`d' },
    });
    const out = await cli.run(['export', '--format', 'dotenv', '--folder', '/x']);
    expect(out).toMatchObject({ code: 1, stdout: '' });
    expect(out.stderr).toMatch(/^keyhold: the value of IMPOSSIBLE holds ', " and `/);
    expect(out.stderr).not.toContain('a\'b"c');
  });
});
