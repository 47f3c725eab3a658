// The keyhold command: builds the commander program, runs one command, and turns failures into one line
// on stderr with exit code 1 (failed) or 2 (bad usage).
import { Command, CommanderError } from 'commander';
import { registerAdminAccounts } from './commands/admin-accounts.ts';
import { registerAdminBackup } from './commands/admin-backup.ts';
import { registerAdminSystem } from './commands/admin-system.ts';
import { registerAttachments } from './commands/attachments.ts';
import { registerBrowse } from './commands/browse.ts';
import { registerCompletion } from './commands/completion.ts';
import { registerEnroll } from './commands/enroll.ts';
import { registerExport } from './commands/export.ts';
import { registerFolders } from './commands/folders.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerGet } from './commands/get.ts';
import { registerHealth } from './commands/health.ts';
import { registerIdentity } from './commands/identity.ts';
import { registerImport } from './commands/import.ts';
import { registerLogin } from './commands/login.ts';
import { registerPut } from './commands/put.ts';
import { registerReferences } from './commands/references.ts';
import { registerRollback } from './commands/rollback.ts';
import { registerRun } from './commands/run.ts';
import { registerSend } from './commands/send.ts';
import { registerShare } from './commands/share.ts';
import { registerSshAgent } from './commands/ssh-agent.ts';
import { registerTotp } from './commands/totp.ts';
import { registerTrash } from './commands/trash.ts';
import { ConfigStore } from './config-store.ts';
import { describeFailure, EXIT_USAGE } from './errors.ts';
import { installNativeXChaCha } from './native-xchacha.ts';
import { releaseStdin } from './terminal-input.ts';
import { cliVersion } from './version.ts';

export function buildProgram(store: ConfigStore = new ConfigStore()): Command {
  const program = new Command('keyhold')
    .description(
      'Read and write Keyhold secrets from scripts and CI. Values are decrypted only in this process.\n\n' +
        'Configuration: $KEYHOLD_CONFIG_DIR, else $XDG_CONFIG_HOME/keyhold, else ~/.config/keyhold.\n' +
        "Without files (CI): KEYHOLD_TOKEN (a machine token file's content) signs in for each command and out " +
        "at its end, writing nothing to disk; KEYHOLD_SERVER overrides the token's server; KEYHOLD_CA (a PEM " +
        "or its file) or KEYHOLD_CA_FINGERPRINT pins the CA (else the token's recorded fingerprint).\n\n" +
        'Secret references: keyhold://FOLDER/…/NAME[#FIELD] names a value (keyhold read, keyhold inject, and ' +
        'variables and --env-file lines of keyhold run).\n\n' +
        'Exit codes: 0 done, 1 failed (one line on stderr, never a value), 2 bad usage (the message names the ' +
        "argument); keyhold run exits with its command's (126 cannot run it, 127 not found).",
    )
    .version(cliVersion(), '-V, --version', 'print the version')
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      outputError: (message, write) => write(`keyhold: ${message.replace(/^error: /, '')}`),
    });
  registerLogin(program, store);
  registerEnroll(program, store);
  registerGet(program, store);
  registerTotp(program, store);
  registerHealth(program, store);
  registerAttachments(program, store);
  registerReferences(program, store);
  registerPut(program, store);
  registerBrowse(program, store);
  registerTrash(program, store);
  registerFolders(program, store);
  registerRollback(program, store);
  registerGenerate(program);
  registerShare(program, store);
  registerSend(program, store);
  registerRun(program, store);
  registerSshAgent(program, store);
  registerExport(program, store);
  registerImport(program, store);
  registerIdentity(program, store);
  registerAdminSystem(program, store);
  registerAdminBackup(program, store);
  registerAdminAccounts(program, store);
  // Last: the completion script covers every command registered before it.
  registerCompletion(program);
  return program;
}

/** Runs the command line and returns the exit code (a command may set its own, as `run` does). */
export async function main(argv: string[]): Promise<number> {
  process.exitCode = 0;
  // Same bytes as @noble's XChaCha20-Poly1305, cheaper per item (cli/native-xchacha.ts).
  installNativeXChaCha();
  // `keyhold export | head`: the reader has what it wanted; a closed pipe is not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help asked for is success; help shown because no command was given is bad usage. Commander has
      // printed its message already (through outputError above).
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const failure = describeFailure(error);
    process.stderr.write(`keyhold: ${failure.message}\n`);
    return failure.exitCode;
  } finally {
    releaseStdin();
  }
}
