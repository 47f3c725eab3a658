// Which signals `keyhold run` passes on to its child: only those the child could not have received itself.
//
// The child is spawned in keyhold's own process group (not detached), so it stays in the terminal's
// foreground group and can read the terminal, prompt, and be stopped with Ctrl-Z like any command.
// The terminal sends Ctrl-C (SIGINT) and Ctrl-\ (SIGQUIT) to the whole foreground group, and so does
// `kill -INT -- -PGID` or a CI runner signalling a job's group: the child has its copy already. Passing it
// on again is what makes terraform or docker compose see "a second Ctrl-C" and force-quit. So, as yarn and
// `uv run` do (and bash itself, which never re-sends a terminal's SIGINT), keyhold stays alive and quiet on
// SIGINT/SIGQUIT, waits for the child, and exits with its code; it passes them on only when the child has
// moved itself into a process group of its own (setsid, setpgid), where the terminal's signal cannot reach.
//
// SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 are what a supervisor sends to one process id (`kill PID`, systemd,
// `docker stop` to PID 1, a Kubernetes pod ending): the child cannot have them, so they are passed on.
// (tini solves the same problem by giving the child a group of its own and the terminal with tcsetpgrp;
// Node has no tcsetpgrp, and a child in a background group could not read the terminal.)
// What cannot be told apart without the sender's pid (which Node does not give): a SIGINT sent with
// `kill -INT` to keyhold's pid alone is not passed on — send SIGTERM, or signal the group.
import { readFileSync } from 'node:fs';

/** Passed on only when the child is in another process group than keyhold. */
export const GROUP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];
/** Always passed on: a terminal does not send these to a group, a supervisor sends them to one pid. */
export const DIRECT_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'];

/** A process's group id from /proc (Linux); null where it cannot be read (other systems, a process gone). */
function processGroupOf(pid: number | 'self'): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const group = Number(after[2]);
    return Number.isSafeInteger(group) ? group : null;
  } catch {
    return null;
  }
}

/**
 * Whether a signal keyhold received should be sent to the child. A group signal is passed on only when the
 * child provably left keyhold's group; where that cannot be read, the child is where it was spawned: with us.
 */
export function shouldForward(signal: NodeJS.Signals, childPid: number | undefined): boolean {
  if (DIRECT_SIGNALS.includes(signal)) return true;
  if (!GROUP_SIGNALS.includes(signal) || childPid === undefined) return false;
  const ours = processGroupOf('self');
  const theirs = processGroupOf(childPid);
  return ours !== null && theirs !== null && ours !== theirs;
}
