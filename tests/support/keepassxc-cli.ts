// The real keepassxc-cli, for tests that make KeePass databases with it: where it lives, whether this
// machine has it, and a runner that feeds its password prompts on stdin (no shell involved).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const KEEPASSXC_CLI = '/usr/bin/keepassxc-cli';
export const keepassxcAvailable = existsSync(KEEPASSXC_CLI);

// CI installs keepassxc and sets KEYHOLD_REQUIRE_TOOLS=1: there a missing tool is a failure, not a skip.
if (!keepassxcAvailable && process.env.KEYHOLD_REQUIRE_TOOLS === '1') {
  throw new Error(
    `${KEEPASSXC_CLI} is missing: install Debian's keepassxc (KEYHOLD_REQUIRE_TOOLS=1 forbids skipping)`,
  );
}

/** Runs keepassxc-cli with an argument array and the given lines on stdin; resolves to its stdout. */
export function keepassxcCli(args: string[], stdinLines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(KEEPASSXC_CLI, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(new Error(`keepassxc-cli ${args[0]} exited ${code}: ${Buffer.concat(err).toString('utf8')}`));
    });
    child.stdin.end(stdinLines.map((line) => `${line}\n`).join(''));
  });
}
