// Where the agent listens and how that place is made safe: a Unix socket in a folder only this user can
// enter (the runtime folder when there is one), or a named pipe on Windows.
import { lstatSync, mkdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** What the default socket path is built from; a test passes its own. */
export interface SocketPlace {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  userName: string;
  uid: number;
  tmp: string;
}

export function currentPlace(): SocketPlace {
  const info = userInfo();
  return {
    platform: process.platform,
    env: process.env,
    userName: info.username,
    uid: info.uid,
    tmp: tmpdir(),
  };
}

/** A pipe name may not hold a backslash and is easier to read without spaces or odd characters. */
const pipeSafe = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '_') || 'user';

/**
 * The default address: \\.\pipe\keyhold-ssh-agent-<user> on Windows; else $XDG_RUNTIME_DIR/keyhold/agent.sock
 * (a per-user folder the system empties at logout); without one, a private folder under the temporary folder
 * named by the user id (created 0700 and checked, see prepareSocketPath).
 */
export function defaultSocketPath(place: SocketPlace = currentPlace()): string {
  if (place.platform === 'win32') return `\\\\.\\pipe\\keyhold-ssh-agent-${pipeSafe(place.userName)}`;
  const runtime = place.env.XDG_RUNTIME_DIR;
  if (runtime && path.isAbsolute(runtime)) return path.join(runtime, 'keyhold', 'agent.sock');
  return path.join(place.tmp, `keyhold-${place.uid}`, 'agent.sock');
}

export const isNamedPipe = (socketPath: string): boolean => socketPath.startsWith('\\\\.\\pipe\\');

/** Why the agent will not listen where it was asked to; the message names the path and what is wrong. */
export class SocketPlaceError extends Error {
  override readonly name = 'SocketPlaceError';
}

/** Whether something answers on a Unix socket: a live agent (ours or another) must not be unlinked. */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * Makes the socket's folder private (created 0700; an existing one must be a real folder owned by this user
 * that nobody else may enter, since anyone who can reach the socket can ask for signatures) and removes a
 * stale socket: only a socket, only when nothing answers on it. Named pipes need none of this.
 */
export async function prepareSocketPath(socketPath: string): Promise<void> {
  if (isNamedPipe(socketPath)) return;
  const folder = path.dirname(socketPath);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const dir = lstatSync(folder);
  const uid = process.getuid?.();
  if (!dir.isDirectory()) throw new SocketPlaceError(`${folder} is not a folder (a link or a file?)`);
  if (uid !== undefined && dir.uid !== uid) throw new SocketPlaceError(`${folder} belongs to another user`);
  if ((dir.mode & 0o077) !== 0) {
    throw new SocketPlaceError(
      `${folder} may be entered by other users (mode ${(dir.mode & 0o777).toString(8)}); make it 0700`,
    );
  }
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!existing.isSocket()) throw new SocketPlaceError(`${socketPath} exists and is not a socket`);
  if (await answers(socketPath)) throw new SocketPlaceError(`an agent already listens on ${socketPath}`);
  rmSync(socketPath, { force: true });
}
