// Runs the real keyhold command as a child process against a test server, each user with their own
// configuration folder, the password piped on stdin.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';

// cli/keyhold.mjs with the KDF floor lowered for the test servers' cheap parameters.
const LAUNCHER = path.resolve(import.meta.dirname, 'keyhold-test-launcher.mjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StartOptions {
  input?: string;
  env?: Record<string, string>;
  /** Leader of a process group of its own (the child it runs joins it), as a shell starts a job. */
  detached?: boolean;
}

export interface CliUser {
  configDir: string;
  caFile: string;
  run(args: string[], options?: { input?: string; env?: Record<string, string> }): Promise<CliResult>;
  start(args: string[], options?: StartOptions): RunningKeyhold;
  cleanup(): void;
}

export interface RunningKeyhold {
  child: ChildProcessWithoutNullStreams;
  /** Resolves once stdout holds this text. */
  stdoutIncludes(text: string): Promise<void>;
  result: Promise<CliResult>;
}

/** Starts keyhold and lets the test act while it runs (send it a signal, say). */
export function startKeyhold(args: string[], options: StartOptions = {}): RunningKeyhold {
  const child = spawn(process.execPath, [LAUNCHER, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const waiter of waiters.filter((w) => stdout.includes(w.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  child.stdin.end(options.input ?? '');
  return {
    child,
    result,
    stdoutIncludes: (text) =>
      stdout.includes(text)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ text, resolve })),
            result.then((r) => {
              throw new Error(`keyhold ended (${r.code}) before printing "${text}": ${r.stderr}`);
            }),
          ]),
  };
}

export function runKeyhold(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return startKeyhold(args, options).result;
}

/** A person (or machine) at their own terminal: a private configuration folder and the CA as a file. */
export function cliUser(t: TestServer): CliUser {
  const home = mkdtempSync(path.join(os.tmpdir(), 'keyhold-cli-'));
  const configDir = path.join(home, 'config');
  const caFile = path.join(home, 'ca.pem');
  writeFileSync(caFile, t.server.caCertPem);
  return {
    configDir,
    caFile,
    run: (args, options = {}) =>
      runKeyhold(args, { ...options, env: { KEYHOLD_CONFIG_DIR: configDir, ...options.env } }),
    start: (args, options = {}) =>
      startKeyhold(args, { ...options, env: { KEYHOLD_CONFIG_DIR: configDir, ...options.env } }),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** Signs a CLI user in with the password on stdin; throws with the CLI's stderr when it fails. */
export async function cliLogin(t: TestServer, user: CliUser, username: string, password: string) {
  const result = await user.run(
    ['login', '--server', t.server.url, '--ca', user.caFile, '--user', username],
    {
      input: `${password}\n`,
    },
  );
  if (result.code !== 0) throw new Error(`keyhold login failed (${result.code}): ${result.stderr}`);
  return result;
}

/**
 * A fresh server where alice and bob are users, each signed in through the client library and through a
 * keyhold CLI of their own; the CLIs are added to `users` for the test's cleanup.
 */
export async function aliceAndBob(users: CliUser[]) {
  const t = await startTestServer();
  const admin = await initAndLoginAdmin(t);
  const alice = await addUser(t, admin, 'alice');
  const bob = await addUser(t, admin, 'bob');
  const aliceCli = cliUser(t);
  const bobCli = cliUser(t);
  users.push(aliceCli, bobCli);
  await cliLogin(t, aliceCli, 'alice', alice.password);
  await cliLogin(t, bobCli, 'bob', bob.password);
  return { t, admin, alice: alice.session, bob: bob.session, aliceCli, bobCli };
}
