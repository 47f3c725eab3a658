// The real OpenSSH tools as a test drives them: keys made by ssh-keygen (only the public half left on disk, so
// a signature can come from an agent alone), ssh-add -L, and ssh-keygen -Y sign / -Y verify.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestSshKey {
  name: string;
  privateKey: string;
  /** The authorized_keys line ssh-keygen wrote ("ssh-ed25519 AAAA… name"). */
  publicLine: string;
  pubFile: string;
}

/** ssh-keygen -t … in `dir`; the private key file is removed once read. */
export async function makeSshKey(dir: string, name: string, args: string[]): Promise<TestSshKey> {
  const file = path.join(dir, name);
  await run('ssh-keygen', ['-q', '-N', '', '-C', name, '-f', file, ...args]);
  const privateKey = readFileSync(file, 'utf8');
  const publicLine = readFileSync(`${file}.pub`, 'utf8').trim();
  rmSync(file);
  return { name, privateKey, publicLine, pubFile: `${file}.pub` };
}

/** The key lines ssh-add -L prints for the agent at `socket` (none: an empty list). */
export async function agentKeyLines(socket: string): Promise<string[]> {
  try {
    const { stdout } = await run('ssh-add', ['-L'], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
    return stdout.trim().split('\n').filter(Boolean).sort();
  } catch (error) {
    // ssh-add exits 1 with "The agent has no identities." on stdout.
    const { stdout } = error as { stdout?: string };
    if (stdout && /no identities/i.test(stdout)) return [];
    throw error;
  }
}

/** ssh-keygen -Y sign with the public key only, through the agent; returns the signed file (its .sig beside it). */
export async function signWithAgent(
  socket: string,
  key: TestSshKey,
  message: string,
  dir: string,
): Promise<string> {
  const file = path.join(dir, `message-${key.name}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, message);
  await run('ssh-keygen', ['-Y', 'sign', '-n', 'file', '-f', key.pubFile, file], {
    env: { ...process.env, SSH_AUTH_SOCK: socket },
  });
  return file;
}

/** ssh-keygen -Y verify against an allowed_signers file naming only this key; throws when it refuses. */
export async function verifySignature(key: TestSshKey, file: string, dir: string): Promise<void> {
  const signers = path.join(dir, `allowed-signers-${key.name}`);
  writeFileSync(signers, `${key.name}@keyhold ${key.publicLine}\n`);
  const child = execFile('ssh-keygen', [
    ...['-Y', 'verify', '-f', signers, '-I', `${key.name}@keyhold`, '-n', 'file', '-s', `${file}.sig`],
  ]);
  child.stdin?.end(readFileSync(file));
  await new Promise<void>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ssh-keygen -Y verify exited ${code}`)),
    ),
  );
}
