// keyhold run: starts a command with secrets added to its environment: folders' secrets, env files' lines and
// keyhold:// references in variables. The values are decrypted here and handed to the child only; nothing is
// printed (with --mask, the child's own output has them replaced) and nothing touches the disk.
import { spawn } from 'node:child_process';
import os from 'node:os';
import type { Command } from 'commander';
import { parseFolder } from '../arguments.ts';
import { DIRECT_SIGNALS, GROUP_SIGNALS, shouldForward } from '../child-signals.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { MaskingStream } from '../output-mask.ts';
import {
  buildRunEnvironment,
  checkReferences,
  type EnvFileLine,
  type RunSources,
  readEnvFile,
} from '../run-environment.ts';

const HANDLED: NodeJS.Signals[] = [...GROUP_SIGNALS, ...DIRECT_SIGNALS];

/**
 * Runs the child; resolves to its exit code (128+n if killed). While it runs keyhold does not die of the
 * signals it handles: it passes on those the child cannot have had (child-signals.ts) and waits for the child
 * either way, so the child decides how to end and its code is keyhold's. With `mask`, the child's stdout and
 * stderr pass through a MaskingStream (so they are pipes, not the terminal) and are drained before the end.
 */
function runChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  mask: Set<string> | null,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: mask ? ['inherit', 'pipe', 'pipe'] : 'inherit', env });
    if (mask && child.stdout && child.stderr) {
      child.stdout.pipe(new MaskingStream(mask)).pipe(process.stdout, { end: false });
      child.stderr.pipe(new MaskingStream(mask)).pipe(process.stderr, { end: false });
    }
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
    // 'close' comes after the child's output streams ended, so masked output is all written first.
    child.once(mask ? 'close' : 'exit', (code: number | null, signal: NodeJS.Signals | null) => {
      stopForwarding();
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

interface RunOptions {
  folder: string[];
  recursive?: boolean;
  envFile: string[];
  mask?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

async function run(store: ConfigStore, command: string[], options: RunOptions): Promise<void> {
  const [program, ...args] = command;
  if (!program) throw new UsageError('COMMAND: give the command to run after --');
  // Without --folder and --env-file, the root folder, as before; with an env file, only what it names.
  const folderTexts = options.folder.length === 0 && options.envFile.length === 0 ? ['/'] : options.folder;
  const sources: RunSources = {
    folders: folderTexts.map((f) => parseFolder(f, '--folder')),
    recursive: options.recursive === true,
    envFiles: options.envFile.flatMap((file): EnvFileLine[] => readEnvFile(file)),
  };
  checkReferences(sources, process.env);
  const { variables, values } = await withSession(store, ({ session }) =>
    buildRunEnvironment(session, sources, process.env),
  );
  process.exitCode = await runChild(
    program,
    args,
    { ...process.env, ...variables },
    options.mask ? values : null,
  );
}

export function registerRun(program: Command, store: ConfigStore): void {
  program
    .command('run')
    .summary('run a command with secrets in its environment')
    .description(
      'Run COMMAND with secrets added to its environment:\n' +
        '- the secrets of each --folder (that folder only, or with --recursive its subfolders too; yours and ' +
        'those shared with you). Each name becomes upper case with other characters as _ ("db password" → ' +
        'DB_PASSWORD); each custom field becomes NAME_FIELD (field "user" of db → DB_USER). Without --folder ' +
        'and --env-file: the root folder /. A folder that does not exist is an error;\n' +
        '- the NAME=VALUE lines of each --env-file (dotenv syntax), where VALUE may be a reference such as ' +
        'keyhold://ci/db#password;\n' +
        '- every inherited variable whose value is a keyhold:// reference, replaced by what it names.\n' +
        'Later sources win: references in variables, then folders, then env files. Two secrets that would ' +
        'get the same name, a missing folder or a reference to nothing stop the command before it runs.\n\n' +
        "Exits with COMMAND's exit code (128+signal when it is killed). Ctrl-C and Ctrl-\\ reach COMMAND from " +
        'the terminal itself and are not sent again; SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 sent to keyhold are ' +
        'passed on. No value is printed. --mask replaces each value (of 4 characters or more) in what COMMAND ' +
        'writes with ****; its stdout and stderr are then pipes, not the terminal.\n\n' +
        'Exit codes: those of COMMAND; 1 nothing was run (a secret or folder is missing, sign-in failed); ' +
        '2 bad usage; 126 COMMAND cannot be run; 127 COMMAND not found.',
    )
    .option('--folder <folder>', 'a folder whose secrets to pass, repeatable (default: /)', collect, [])
    .option('--recursive', "the folders' subfolders too")
    .option('--env-file <file>', 'NAME=VALUE lines to pass; VALUE may be a keyhold:// reference', collect, [])
    .option('--mask', "replace secret values in COMMAND's output with ****")
    .argument('<command...>', 'the command and its arguments, after --')
    .passThroughOptions()
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold run --folder /ci -- ./deploy.sh --prod\n' +
        '  keyhold run --folder /app/dev --folder /shared --recursive --mask -- npm test\n' +
        '  keyhold run --env-file .env.keyhold -- docker compose up      # DB_PASSWORD=keyhold://ci/db#password\n' +
        '  DB_PASSWORD=keyhold://ci/db keyhold run -- ./migrate.sh',
    )
    .action((command: string[], options: RunOptions) => run(store, command, options));
}
