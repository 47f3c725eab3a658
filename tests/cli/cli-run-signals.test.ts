// keyhold run and signals: Ctrl-C reaches the child once (the terminal signals the whole process group,
// keyhold does not send it again), while what a supervisor sends to keyhold alone is passed on.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser, type RunningKeyhold } from './cli-harness.ts';

// Each test starts keyhold processes (each compiles its TypeScript through tsx) on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

let t: TestServer;
const users: CliUser[] = [];
const running: RunningKeyhold[] = [];
afterEach(async () => {
  // A failed test must not leave its process group behind.
  for (const r of running.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null && r.child.pid) {
      try {
        process.kill(-r.child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

async function signedIn(): Promise<CliUser> {
  t = await startTestServer();
  await initAndLoginAdmin(t);
  const cli = cliUser(t);
  users.push(cli);
  await cliLogin(t, cli, ADMIN.username, ADMIN.password);
  return cli;
}

/** A child that counts the SIGINTs it receives, says when it got SIGHUP, and prints the count on SIGTERM. */
const COUNTER = [
  'let n = 0;',
  "process.on('SIGINT', () => { n++; console.log('sigint ' + n); });",
  "process.on('SIGHUP', () => console.log('sighup'));",
  "process.on('SIGTERM', () => { console.log('count ' + n); process.exit(0); });",
  "console.log('ready'); setInterval(() => {}, 1000);",
].join('\n');

describe('keyhold run and signals', () => {
  it('a SIGINT to the whole process group (as Ctrl-C sends it) reaches the child once', async () => {
    const cli = await signedIn();
    // As a shell starts a job: keyhold leads a process group, and its child is in that group.
    const job = cli.start(['run', '--', process.execPath, '-e', COUNTER], { detached: true });
    running.push(job);
    await job.stdoutIncludes('ready');
    const keyhold = job.child.pid as number;
    // keyhold is held stopped while the group is signalled, so the child has handled the terminal's copy
    // before keyhold can act on its own: two SIGINTs pending at once in the child would merge into one.
    process.kill(keyhold, 'SIGSTOP');
    process.kill(-keyhold, 'SIGINT');
    await job.stdoutIncludes('sigint 1');
    process.kill(keyhold, 'SIGCONT');
    // keyhold survived its SIGINT and still passes on what is sent to it alone (after that SIGINT, in order).
    process.kill(keyhold, 'SIGHUP');
    await job.stdoutIncludes('sighup');
    process.kill(keyhold, 'SIGTERM');
    const result = await job.result;
    expect(result.stdout).toBe('ready\nsigint 1\nsighup\ncount 1\n');
    expect(result.code).toBe(0);
  });

  it('a child that left the process group (setsid) gets the SIGINT passed on, once', async () => {
    const cli = await signedIn();
    const job = cli.start(['run', '--', 'setsid', process.execPath, '-e', COUNTER], { detached: true });
    running.push(job);
    await job.stdoutIncludes('ready');
    // The group holds keyhold only now: without keyhold the child would never hear of it.
    process.kill(-(job.child.pid as number), 'SIGINT');
    await job.stdoutIncludes('sigint 1');
    process.kill(job.child.pid as number, 'SIGTERM');
    const result = await job.result;
    expect(result.stdout).toBe('ready\nsigint 1\ncount 1\n');
    expect(result.code).toBe(0);
  });
});
