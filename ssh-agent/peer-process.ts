// Which program is on the other end of an agent connection, so the person approving a signature sees
// "ssh git@github.com, started by git" rather than nothing. Node cannot read SO_PEERCRED, but on Linux the
// kernel tells any process about its own sockets' peers through sock_diag, which iproute2's `ss` reads:
// the accepted socket's inode (fstat of its descriptor) is the peer inode of exactly one other socket, and
// `ss -p` names the process that holds it. Elsewhere (macOS, Windows), or without `ss`, it stays unknown
// and the dialog says so. This is what the system reports about a local program, not a proof: a program
// that can run as this user can also name itself anything.
import { execFile } from 'node:child_process';
import { fstatSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

export interface PeerProcess {
  pid: number;
  /** Its command line, as /proc shows it (cut to 200 characters). */
  command: string;
  /** The program that started it (its parent's name, e.g. git), when it can be read. */
  parent: string | null;
}

const MAX_COMMAND = 200;
/** `ss` walks every process's descriptors: on a busy desktop that is tens of milliseconds, never more than this. */
const SS_TIMEOUT_MS = 3000;

/** The descriptor under a connected Unix socket (Node keeps it on the handle; not a public API, so checked). */
function descriptorOf(socket: Socket): number | null {
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : null;
}

function runSs(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'ss',
      ['-x', '-p', '-n', '-H'],
      { timeout: SS_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024 },
      (error, out) => resolve(error ? null : out),
    );
  });
}

/**
 * The pid holding the socket whose peer is `inode`, from `ss -xpnH` output. A line reads
 * `u_str ESTAB 0 0 <local address> <local inode> <peer address> <peer inode> users:(("ssh",pid=42,fd=3))`;
 * the addresses may be paths with spaces, so only the peer inode, just before the process, is read.
 */
export function pidOfPeer(ssOutput: string, inode: number): number | null {
  for (const line of ssOutput.split('\n')) {
    const match = /\s(\d+)\s+users:\(\("[^"]*",pid=(\d+),/.exec(line);
    if (match && Number(match[1]) === inode) return Number(match[2]);
  }
  return null;
}

function commandOf(pid: number): string | null {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const command = argv.join(' ').replace(/[\p{Cc}]/gu, ' ');
    return command.length > MAX_COMMAND ? `${command.slice(0, MAX_COMMAND - 1)}…` : command || null;
  } catch {
    return null;
  }
}

function parentNameOf(pid: number): string | null {
  try {
    // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(ppid) || ppid <= 1) return null;
    return readFileSync(`/proc/${ppid}/comm`, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** The program that connected, on Linux; null where the system does not say. Never throws. */
export async function peerProcessOf(socket: Socket): Promise<PeerProcess | null> {
  if (process.platform !== 'linux') return null;
  const fd = descriptorOf(socket);
  if (fd === null) return null;
  let inode: number;
  try {
    inode = fstatSync(fd).ino;
  } catch {
    return null;
  }
  const out = await runSs();
  if (out === null) return null;
  const pid = pidOfPeer(out, inode);
  if (pid === null) return null;
  const command = commandOf(pid);
  return command === null ? null : { pid, command, parent: parentNameOf(pid) };
}
