// keyhold init, unseal and seal: standing a server up and opening it after each start without a browser.
// Passphrases, passwords and key shares are asked without echo or read from stdin, never taken as arguments.
import type { Command } from 'commander';
import { DEFAULT_KDF_PARAMS } from '../../client/crypto/kdf.ts';
import { DEFAULT_PASSWORD_POLICY } from '../../client/password-policy.ts';
import { VaultSession } from '../../client/vault-session.ts';
import { displayNameSchema, usernameSchema } from '../../contract/common.ts';
import type { SealStatus } from '../../contract/ops-system.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { askNew, checkNewPassword } from '../new-password.ts';
import { note, printJson, printLine } from '../output.ts';
import { connectTarget, type TargetOptions, targetOptionHelp } from '../server-target.ts';
import { askSecret, confirm, stdinIsTerminal } from '../terminal-input.ts';

function count(text: string, option: string): number {
  if (!/^\d{1,2}$/.test(text) || Number(text) < 2 || Number(text) > 10) {
    throw new UsageError(`${option} "${text}": must be a whole number from 2 to 10`);
  }
  return Number(text);
}

interface InitOptions extends TargetOptions {
  admin: string;
  displayName?: string;
  shares?: string;
  threshold?: string;
  login: boolean;
  json?: boolean;
}

async function init(store: ConfigStore, options: InitOptions): Promise<void> {
  const user = usernameSchema.safeParse(options.admin);
  if (!user.success) throw new UsageError(`--admin "${options.admin}": ${user.error.issues[0]?.message}`);
  const displayName = displayNameSchema.safeParse(options.displayName ?? options.admin);
  if (!displayName.success) throw new UsageError(`--display-name: ${displayName.error.issues[0]?.message}`);
  if ((options.shares === undefined) !== (options.threshold === undefined)) {
    throw new UsageError(
      `${options.shares === undefined ? '--shares' : '--threshold'}: key shares need both --shares and --threshold`,
    );
  }
  const shares = options.shares === undefined ? null : count(options.shares, '--shares');
  const threshold = options.threshold === undefined ? null : count(options.threshold, '--threshold');
  if (shares !== null && threshold !== null && threshold > shares) {
    throw new UsageError(`--threshold ${threshold}: must not exceed --shares ${shares}`);
  }
  const target = await connectTarget(store, options);
  try {
    const status = await target.client.request('status', {});
    if (status.initialized) throw new CliError(`${target.server} is initialised already; nothing was done`);
    const passphrase = shares === null ? await askNew('Unseal passphrase') : null;
    if (passphrase !== null && [...passphrase].length < 12) {
      throw new CliError('the unseal passphrase must be at least 12 characters; nothing was done');
    }
    const password = await askNew(`Password for ${user.data}`);
    await checkNewPassword(DEFAULT_PASSWORD_POLICY, password, [user.data, displayName.data]);
    const result = await VaultSession.initialize(target.client, {
      unseal:
        passphrase !== null
          ? { method: 'passphrase', passphrase }
          : { method: 'shares', shares: shares ?? 0, threshold: threshold ?? 0 },
      admin: { username: user.data, displayName: displayName.data, password },
      kdf: DEFAULT_KDF_PARAMS,
    });
    store.writeConfig({ server: target.server, caPem: target.caPem, username: user.data });
    if (options.login && !result.status.sealed) {
      const session = await VaultSession.login(target.client, user.data, password, 'cli');
      store.deleteSession();
      store.writeSession({ server: target.server, kind: 'person', ...session.saveState() });
    }
    if (options.json) {
      printJson({
        server: target.server,
        adminId: result.adminId,
        sealed: result.status.sealed,
        shares: result.shares,
      });
    } else if (result.shares) {
      for (const share of result.shares) printLine(share);
    }
    note(`Initialised ${target.server}; ${user.data} is its first administrator.`);
    if (result.shares) {
      note(
        `These ${result.shares.length} key shares are shown once: give each to a different person. Any ` +
          `${threshold} of them unseal the server (keyhold unseal); fewer reveal nothing.`,
      );
    }
    if (options.login && !result.status.sealed) note(`Signed in as ${user.data}.`);
    else if (result.status.sealed) note('The server is sealed: run keyhold unseal, then keyhold login.');
  } finally {
    await target.close();
  }
}

interface UnsealOptions extends TargetOptions {
  reset?: boolean;
  json?: boolean;
}

function progressLine(status: SealStatus): string {
  if (!status.sealed) return 'Unsealed.';
  if (status.method === 'shares') {
    const left = (status.threshold ?? 0) - status.progress;
    return `${status.progress} of ${status.threshold} key shares in; still sealed until ${left} more ${left === 1 ? 'is' : 'are'} given.`;
  }
  return 'Still sealed.';
}

async function unseal(store: ConfigStore, options: UnsealOptions): Promise<void> {
  const target = await connectTarget(store, options);
  try {
    let status = await target.client.request('status', {});
    if (!status.initialized) throw new CliError(`${target.server} is not initialised yet: run keyhold init`);
    if (options.reset) {
      status = await target.client.request('unseal', { reset: true });
      note('The key shares given so far were dropped.');
    }
    if (!status.sealed) {
      note('The server is unsealed already.');
    } else if (status.method === 'passphrase') {
      const passphrase = await askSecret('Unseal passphrase: ');
      if (passphrase === '') throw new CliError('the passphrase is empty; nothing was sent');
      status = await target.client.request('unseal', { passphrase });
    } else {
      // One share per prompt (or per line of stdin) until the threshold is met or the input ends.
      while (status.sealed) {
        const prompt = `Key share (${status.progress + 1} of ${status.threshold}): `;
        let share: string;
        try {
          share = (await askSecret(prompt)).trim();
        } catch (error) {
          if (status.progress > 0 && !stdinIsTerminal()) break;
          throw error;
        }
        if (!/^[0-9a-f]+$/i.test(share) || share.length > 200) {
          throw new UsageError(
            'key share: must be the hex text keyhold init printed (it is not repeated here)',
          );
        }
        status = await target.client.request('unseal', { share });
      }
    }
    if (options.json) printJson(status);
    note(progressLine(status));
  } finally {
    await target.close();
  }
}

async function seal(store: ConfigStore, options: { yes?: boolean }): Promise<void> {
  if (
    !options.yes &&
    !(await confirm('Seal the server? Every session waits for the next unseal. [y/N]', 'pass --yes'))
  ) {
    throw new CliError('not sealed');
  }
  await withSession(store, ({ session }) => session.client.request('seal', {}));
  note("Sealed: the keys left the server's memory; keyhold unseal opens it again.");
}

function addTargetOptions(command: Command): Command {
  return command
    .option('--server <url>', targetOptionHelp.server)
    .option('--ca <file>', targetOptionHelp.ca)
    .option('--ca-fingerprint <sha256>', targetOptionHelp.caFingerprint);
}

export function registerAdminSystem(program: Command, store: ConfigStore): void {
  addTargetOptions(
    program
      .command('init')
      .summary('initialise a new server and make its first administrator')
      .description(
        'Initialise a new server: its keyring with an unseal passphrase (default) or k-of-n key shares ' +
          '(--shares N --threshold K), and the first administrator. The passphrase and the password are ' +
          'asked twice without echo; from a script, pipe them as two lines on stdin (passphrase, then ' +
          'password; only the password with --shares). Key shares are printed once on stdout, one per line. ' +
          'The server and its CA are pinned in config.json and the administrator is signed in (unless ' +
          '--no-login).\n\nExit codes: 0 initialised, 1 failed or initialised already (nothing done), 2 bad usage.',
      ),
  )
    .requiredOption('--admin <name>', "the first administrator's user name")
    .option('--display-name <name>', "the administrator's display name (default: the user name)")
    .option('--shares <n>', 'split the unseal key into N shares (2–10) instead of a passphrase')
    .option('--threshold <k>', 'how many shares unseal the server (2–N)')
    .option('--no-login', 'do not sign the administrator in')
    .option('--json', 'print {server, adminId, sealed, shares}')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold init --server https://vault.example:7777 --ca-fingerprint AB:CD:… --admin alice\n' +
        '  printf "%s\\n%s\\n" "$UNSEAL_PASSPHRASE" "$ADMIN_PASSWORD" | keyhold init --server … --ca ca.pem --admin alice\n' +
        '  keyhold init --server … --ca ca.pem --admin alice --shares 5 --threshold 3 > shares.txt',
    )
    .action((options: InitOptions) => init(store, options));
  addTargetOptions(
    program
      .command('unseal')
      .summary('unseal the server with its passphrase or key shares')
      .description(
        'Unseal the server after a start: the passphrase, or key shares one at a time (asked without echo, ' +
          'or one per line of stdin) until enough are in. Several people may each run it with their own share.\n\n' +
          'Exit codes: 0 accepted (see the message, or sealed in --json, for whether more shares are needed), ' +
          '1 wrong passphrase or share, or not initialised, 2 bad usage.',
      ),
  )
    .option('--reset', 'drop the key shares given so far first')
    .option('--json', 'print the seal status {initialized, sealed, method, threshold, progress, …}')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold unseal\n  printf "%s\\n" "$UNSEAL_PASSPHRASE" | keyhold unseal --server https://vault.example:7777\n' +
        '  keyhold unseal < my-share.txt',
    )
    .action((options: UnsealOptions) => unseal(store, options));
  program
    .command('seal')
    .summary('seal the server (administrators)')
    .description(
      'Seal the server: its keys leave memory and it answers nothing but status and unseal until unsealed.\n\n' +
        'Exit codes: 0 sealed, 1 failed (not an administrator, not confirmed), 2 bad usage.',
    )
    .option('--yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExample:\n  keyhold seal --yes')
    .action((options: { yes?: boolean }) => seal(store, options));
}
