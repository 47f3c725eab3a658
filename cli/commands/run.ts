// keyhold run: starts a command with a folder's secrets added to its environment. The values are
// decrypted here and handed to the child only; nothing is printed and nothing touches the disk.
import { spawn } from 'node:child_process';
import os from 'node:os';
import type { Command } from 'commander';
import { envName } from '../../client/export/format-plain.ts';
import { parseFolder } from '../arguments.ts';
import { DIRECT_SIGNALS, GROUP_SIGNALS, shouldForward } from '../child-signals.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { type FoundSecret, secretsInFolder } from '../vault-lookup.ts';

const HANDLED: NodeJS.Signals[] = [...GROUP_SIGNALS, ...DIRECT_SIGNALS];

/** Environment names for a folder's secrets; two secrets that would share a name stop everything first. */
export function environmentNames(secrets: FoundSecret[]): Map<string, FoundSecret> {
  const byName = new Map<string, FoundSecret>();
  for (const secret of secrets) {
    const name = envName(secret.name);
    const taken = byName.get(name);
    if (taken) {
      const whose = (s: FoundSecret) => `"${s.name}"${s.ownerName ? ` (shared by ${s.ownerName})` : ''}`;
      throw new CliError(
        `${whose(taken)} and ${whose(secret)} would both be ${name}; rename one — nothing was run`,
      );
    }
    byName.set(name, secret);
  }
  return byName;
}

/**
 * Runs the child with inherited stdio; resolves to its exit code (128+n if killed). While it runs keyhold
 * does not die of the signals it handles: it passes on those the child cannot have had (child-signals.ts)
 * and waits for the child either way, so the child decides how to end and its code is keyhold's.
 */
function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => {
      if (shouldForward(signal, child.pid)) child.kill(signal);
    };
    for (const signal of HANDLED) process.on(signal, forward);
    const stopForwarding = () => {
      for (const signal of HANDLED) process.off(signal, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopForwarding();
      reject(
        error.code === 'ENOENT'
          ? new CliError(`cannot run "${command}": not found`, 127)
          : new CliError(`cannot run "${command}": ${error.message}`, 126),
      );
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

async function run(store: ConfigStore, command: string[], options: { folder?: string }): Promise<void> {
  const folder = parseFolder(options.folder ?? '/', '--folder');
  const [program, ...args] = command;
  if (!program) throw new UsageError('COMMAND: give the command to run after --');
  const secrets = await withSession(store, async ({ session }) => {
    const names = environmentNames(await secretsInFolder(session, folder));
    const values: Record<string, string> = {};
    for (const [name, secret] of names) values[name] = (await session.readSecret(secret.id)).payload.value;
    return values;
  });
  process.exitCode = await runChild(program, args, { ...process.env, ...secrets });
}

export function registerRun(program: Command, store: ConfigStore): void {
  program
    .command('run')
    .summary("run a command with a folder's secrets in its environment")
    .description(
      'Run COMMAND with the secrets of one folder (that folder only, not its subfolders: yours and those ' +
        'shared with you) added to its environment. Each name becomes upper case with other characters as _ ' +
        '("db password" → DB_PASSWORD) and takes precedence over a variable of the same name. Two secrets that ' +
        "would get the same name stop the command before it runs. Exits with COMMAND's exit code (128+signal " +
        'when it is killed). Ctrl-C and Ctrl-\\ reach COMMAND from the terminal itself and are not sent again; ' +
        'SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 sent to keyhold are passed on to COMMAND. No value is printed.',
    )
    .option('--folder <folder>', 'the folder whose secrets to pass (default: /)')
    .argument('<command...>', 'the command and its arguments, after --')
    .passThroughOptions()
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold run --folder /ci -- ./deploy.sh --prod\n  keyhold run --folder /app/dev -- npm start',
    )
    .action((command: string[], options: { folder?: string }) => run(store, command, options));
}
