// One command at a time per saved session: the server accepts each operation number once and only near
// the newest, so two commands sharing a session at once would refuse each other's requests as replays.
// A lock file in the configuration folder makes a second command wait for the first.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './errors.ts';

const LOCK_FILE = 'session.lock';
const RETRY_MS = 25;
const GIVE_UP_MS = 120_000;

function holderOf(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for the session lock and returns its release. A lock left by a process that died is taken over. */
export async function lockSession(dir: string): Promise<() => void> {
  const file = path.join(dir, LOCK_FILE);
  const started = Date.now();
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = holderOf(file);
    if (holder !== null && !isAlive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() - started > GIVE_UP_MS) {
      throw new CliError(
        `another keyhold command${holder ? ` (process ${holder})` : ''} has been using this session for two minutes; ` +
          `try again when it ends (or delete ${file} if no keyhold command is running)`,
      );
    }
    // A holder that has just created the file may not have written its pid yet: wait and look again.
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
