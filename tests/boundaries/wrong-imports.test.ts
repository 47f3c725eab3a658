// The import boundaries reject wrong imports: the project's .dependency-cruiser.cjs, run by the same command
// as `npm run boundaries`, on a throwaway tree laid out like the real one (client/, renderer/, server/,
// contract/, electron/main/, electron/preload/, cli/, node-https/) where each file makes one import.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** Each file of the tree: its path, the one import it makes, and the rule that must report it (none: allowed). */
interface Case {
  file: string;
  imports: string;
  rule?: string;
}

const wrong: Case[] = [
  // The ten of issue 16.
  { file: 'client/uses-react.ts', imports: "import 'react';", rule: 'client-allowlist' },
  { file: 'client/uses-argon2.ts', imports: "import '@node-rs/argon2';", rule: 'client-allowlist' },
  { file: 'renderer/uses-pg.ts', imports: "import 'pg';", rule: 'renderer-allowlist' },
  { file: 'contract/uses-pino.ts', imports: "import 'pino';", rule: 'contract-allowlist' },
  { file: 'renderer/uses-cli.ts', imports: "import '../cli/main.ts';", rule: 'nothing-imports-cli' },
  { file: 'server/uses-cli.ts', imports: "import '../cli/main.ts';", rule: 'nothing-imports-cli' },
  {
    file: 'electron/preload/uses-server.ts',
    imports: "import '../../server/server-state.ts';",
    rule: 'preload-allowlist',
  },
  {
    file: 'electron/main/uses-client.ts',
    imports: "import '../../client/index.ts';",
    rule: 'electron-main-allowlist',
  },
  { file: 'server/uses-electron.ts', imports: "import 'electron';", rule: 'server-allowlist' },
  { file: 'renderer/uses-fs.ts', imports: "import 'node:fs';", rule: 'renderer-allowlist' },
  { file: 'client/uses-crypto.ts', imports: "import 'node:crypto';", rule: 'client-allowlist' },
  // More of the same kind: the rest of each folder's fence.
  {
    file: 'client/uses-type-of-kysely.ts',
    imports: "import type {} from 'kysely';",
    rule: 'client-allowlist',
  },
  { file: 'client/uses-renderer.ts', imports: "import '../renderer/view.tsx';", rule: 'client-allowlist' },
  { file: 'client/uses-server.ts', imports: "import '../server/server-state.ts';", rule: 'client-allowlist' },
  { file: 'renderer/uses-electron.ts', imports: "import 'electron';", rule: 'renderer-allowlist' },
  {
    file: 'renderer/uses-server.ts',
    imports: "import '../server/server-state.ts';",
    rule: 'renderer-allowlist',
  },
  { file: 'contract/uses-fs.ts', imports: "import 'node:fs';", rule: 'contract-allowlist' },
  {
    file: 'contract/uses-server.ts',
    imports: "import '../server/server-state.ts';",
    rule: 'contract-allowlist',
  },
  { file: 'electron/preload/uses-fs.ts', imports: "import 'node:fs';", rule: 'preload-allowlist' },
  {
    file: 'electron/preload/uses-contract.ts',
    imports: "import '../../contract/index.ts';",
    rule: 'preload-allowlist',
  },
  { file: 'electron/main/uses-react.ts', imports: "import 'react';", rule: 'electron-main-allowlist' },
  {
    file: 'electron/main/uses-renderer.ts',
    imports: "import '../../renderer/view.tsx';",
    rule: 'electron-main-allowlist',
  },
  { file: 'cli/uses-server.ts', imports: "import '../server/server-state.ts';", rule: 'cli-allowlist' },
  { file: 'cli/uses-sqlite.ts', imports: "import 'better-sqlite3';", rule: 'cli-allowlist' },
  { file: 'server/uses-react.ts', imports: "import 'react';", rule: 'server-allowlist' },
  { file: 'server/uses-client.ts', imports: "import '../client/index.ts';", rule: 'server-allowlist' },
  { file: 'server/uses-renderer.ts', imports: "import '../renderer/view.tsx';", rule: 'server-allowlist' },
  {
    file: 'server/operations/uses-secrets-repo.ts',
    imports: "import { insertSecret } from '../secrets/secrets-repo.ts';",
    rule: 'handlers-write-through-services',
  },
  {
    file: 'server/uses-kdf-switch.ts',
    imports: "import '../contract/kdf-test-switch.ts';",
    rule: 'kdf-test-switch-tests-only',
  },
  // node-https/ is the one Node HTTPS connection: node and undici only, used by cli/ and electron/main/ alone.
  { file: 'node-https/uses-electron.ts', imports: "import 'electron';", rule: 'node-https-allowlist' },
  {
    file: 'node-https/uses-server.ts',
    imports: "import '../server/server-state.ts';",
    rule: 'node-https-allowlist',
  },
  {
    file: 'node-https/uses-client.ts',
    imports: "import '../client/index.ts';",
    rule: 'node-https-allowlist',
  },
  {
    file: 'node-https/uses-contract.ts',
    imports: "import '../contract/index.ts';",
    rule: 'node-https-allowlist',
  },
  { file: 'node-https/uses-zod.ts', imports: "import 'zod';", rule: 'node-https-allowlist' },
  { file: 'node-https/uses-cli.ts', imports: "import '../cli/main.ts';", rule: 'nothing-imports-cli' },
  {
    file: 'server/uses-node-https.ts',
    imports: "import '../node-https/pinned-connection.ts';",
    rule: 'server-allowlist',
  },
  {
    file: 'client/uses-node-https.ts',
    imports: "import '../node-https/pinned-connection.ts';",
    rule: 'client-allowlist',
  },
  {
    file: 'renderer/uses-node-https.ts',
    imports: "import '../node-https/pinned-connection.ts';",
    rule: 'renderer-allowlist',
  },
  {
    file: 'electron/preload/uses-node-https.ts',
    imports: "import '../../node-https/pinned-connection.ts';",
    rule: 'preload-allowlist',
  },
  // One transport: the CLI and the main process do not build HTTPS connections of their own.
  { file: 'cli/uses-undici.ts', imports: "import 'undici';", rule: 'cli-allowlist' },
  { file: 'electron/main/uses-undici.ts', imports: "import 'undici';", rule: 'electron-main-allowlist' },
  // ssh-agent/ serves keys it is handed: node and ssh2 only; only the main process and the CLI use it.
  { file: 'ssh-agent/uses-client.ts', imports: "import '../client/index.ts';", rule: 'ssh-agent-allowlist' },
  { file: 'ssh-agent/uses-electron.ts', imports: "import 'electron';", rule: 'ssh-agent-allowlist' },
  {
    file: 'ssh-agent/uses-contract.ts',
    imports: "import '../contract/index.ts';",
    rule: 'ssh-agent-allowlist',
  },
  {
    file: 'renderer/uses-ssh-agent.ts',
    imports: "import '../ssh-agent/agent-server.ts';",
    rule: 'renderer-allowlist',
  },
  { file: 'client/uses-ssh2.ts', imports: "import 'ssh2';", rule: 'client-allowlist' },
];

const allowed: Case[] = [
  { file: 'contract/uses-zod.ts', imports: "import 'zod';" },
  { file: 'client/uses-contract.ts', imports: "import '../contract/index.ts';" },
  { file: 'client/uses-noble.ts', imports: "import '@noble/hashes/sha2.js';" },
  { file: 'renderer/uses-react.tsx', imports: "import 'react';" },
  { file: 'renderer/uses-client.ts', imports: "import '../client/index.ts';" },
  { file: 'electron/preload/uses-electron.ts', imports: "import 'electron';" },
  {
    file: 'electron/preload/uses-bridge-channels.ts',
    imports: "import '../../contract/desktop/bridge-channels.ts';",
  },
  { file: 'electron/main/uses-server.ts', imports: "import '../../server/server-state.ts';" },
  { file: 'electron/main/uses-fs.ts', imports: "import 'node:fs';" },
  {
    file: 'server/operations/names-a-secret-type.ts',
    imports: "import type { SecretRecord } from '../secrets/secrets-repo.ts';",
  },
  { file: 'cli/uses-client.ts', imports: "import '../client/index.ts';" },
  { file: 'cli/uses-commander.ts', imports: "import 'commander';" },
  { file: 'server/uses-kysely.ts', imports: "import 'kysely';" },
  { file: 'server/uses-crypto.ts', imports: "import 'node:crypto';" },
  { file: 'node-https/uses-undici.ts', imports: "import 'undici';" },
  { file: 'node-https/uses-tls.ts', imports: "import 'node:tls';" },
  { file: 'cli/uses-node-https.ts', imports: "import '../node-https/pinned-connection.ts';" },
  { file: 'ssh-agent/uses-ssh2.ts', imports: "import 'ssh2';" },
  { file: 'ssh-agent/uses-net.ts', imports: "import 'node:net';" },
  { file: 'cli/uses-ssh-agent.ts', imports: "import '../ssh-agent/agent-server.ts';" },
  { file: 'electron/main/uses-ssh-agent.ts', imports: "import '../../ssh-agent/agent-server.ts';" },
  {
    file: 'electron/main/uses-node-https.ts',
    imports: "import '../../node-https/pinned-connection.ts';",
  },
  // Test files and the harness folders have wider rights: they drive the real parts from outside.
  { file: 'client/reads-fixture.test.ts', imports: "import 'node:fs';" },
  { file: 'tests/drives-cli.ts', imports: "import '../cli/main.ts';" },
];

/** Files that wrong and allowed imports point at: each imports nothing. */
const targets = [
  'cli/main.ts',
  'client/index.ts',
  'renderer/view.tsx',
  'server/server-state.ts',
  'server/secrets/secrets-repo.ts',
  'contract/index.ts',
  'contract/desktop/bridge-channels.ts',
  'contract/kdf-test-switch.ts',
  'node-https/pinned-connection.ts',
  'ssh-agent/agent-server.ts',
];

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

let tree: string;
let exitCode: number;
let violations: Violation[];

beforeAll(async () => {
  tree = mkdtempSync(join(tmpdir(), 'keyhold-boundaries-'));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    writeFileSync(join(tree, file), text);
  };
  for (const { file, imports } of [...wrong, ...allowed]) write(file, `${imports}\n`);
  for (const file of targets) write(file, 'export const here = true;\n');
  // Packages resolve as in the real tree; the TypeScript settings are the project's.
  symlinkSync(join(repo, 'node_modules'), join(tree, 'node_modules'), 'dir');
  write('tsconfig.json', JSON.stringify({ extends: join(repo, 'tsconfig.json'), include: ['**/*'] }));

  // Twice, side by side: as `npm run boundaries` (the default reporter, whose exit code fails CI) and as JSON.
  const cruise = (...extra: string[]) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
          ...[
            'contract',
            'node-https',
            'ssh-agent',
            'client',
            'renderer',
            'server',
            'electron',
            'cli',
            'tests',
          ],
          ...['--config', join(repo, '.dependency-cruiser.cjs'), ...extra],
        ],
        { cwd: tree, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      );
    });
  const [asInCi, asJson] = await Promise.all([cruise(), cruise('--output-type', 'json')]);
  exitCode = asInCi.code;
  violations = (JSON.parse(asJson.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}, 120_000);

afterAll(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
});

describe('the import boundaries (.dependency-cruiser.cjs)', () => {
  it('fail the check (a non-zero exit, as npm run boundaries in CI) on a tree with wrong imports', () => {
    expect(exitCode).not.toBe(0);
    expect(violations.every((v) => v.rule.severity === 'error')).toBe(true);
  });

  it.each(wrong)('reject $file ($imports) by $rule', ({ file, rule }) => {
    const reported = violations.filter((v) => v.from === file).map((v) => v.rule.name);
    expect(reported).toContain(rule);
  });

  it.each(allowed)('accept $file ($imports)', ({ file }) => {
    expect(violations.filter((v) => v.from === file)).toEqual([]);
  });

  it('report nothing but the wrong imports', () => {
    const wrongFiles = new Set(wrong.map((c) => c.file));
    expect(violations.filter((v) => !wrongFiles.has(v.from))).toEqual([]);
  });
});
