// keyhold enroll: redeems the one-time enrollment code an administrator gave, as the window's enrollment
// form does. The password is chosen here and checked against the server's rule; the key pair and vault key
// are made here under the server's KDF parameters; the server receives only their armour.
import type { Command } from 'commander';
import { VaultSession } from '../../client/vault-session.ts';
import { usernameSchema } from '../../contract/common.ts';
import type { ConfigStore } from '../config-store.ts';
import { UsageError } from '../errors.ts';
import { askNew, checkNewPassword } from '../new-password.ts';
import { note, printJson } from '../output.ts';
import { connectTarget, type TargetOptions, targetOptionHelp } from '../server-target.ts';
import { endPreviousSession } from './login.ts';

interface EnrollOptions extends TargetOptions {
  user: string;
  login: boolean;
  json?: boolean;
}

/** As the server takes it (contract/ops-auth.ts): checked here so that a mistyped code costs no password. */
function parseCode(text: string): string {
  const code = text.trim();
  if (code.length < 16 || code.length > 64) {
    throw new UsageError(
      `CODE "${text}": an enrollment code is 16 to 64 characters, e.g. K7QM-4XWT-9PLD-2HRF`,
    );
  }
  return code;
}

async function enroll(store: ConfigStore, codeText: string, options: EnrollOptions): Promise<void> {
  const user = usernameSchema.safeParse(options.user);
  if (!user.success) throw new UsageError(`--user "${options.user}": ${user.error.issues[0]?.message}`);
  const code = parseCode(codeText);
  const target = await connectTarget(store, options);
  try {
    // The rule and the KDF parameters the window's form uses: the server's, not the client's defaults.
    const rules = await target.client.request('getPasswordRules', {});
    const password = await askNew(`New password for ${user.data}`);
    await checkNewPassword(rules.policy, password, [user.data]);
    const { userId } = await VaultSession.enroll(target.client, user.data, code, password, rules.kdf);
    const session = options.login
      ? await VaultSession.login(target.client, user.data, password, 'cli')
      : null;
    // The configuration now names this user: a session of whoever was signed in before ends with it.
    await endPreviousSession(store);
    const samePin = target.pinned?.server === target.server;
    store.writeConfig({
      server: target.server,
      caPem: target.caPem,
      username: user.data,
      ...(samePin && target.pinned?.clientCert && { clientCert: target.pinned.clientCert }),
      ...(samePin && target.pinned?.clientKey && { clientKey: target.pinned.clientKey }),
    });
    if (session) store.writeSession({ server: target.server, kind: 'person', ...session.saveState() });
    if (options.json)
      printJson({ server: target.server, username: user.data, userId, signedIn: options.login });
    note(
      `Enrolled as ${user.data} on ${target.server}${options.login ? '; signed in.' : '; sign in with keyhold login.'}`,
    );
  } finally {
    await target.close();
  }
}

export function registerEnroll(program: Command, store: ConfigStore): void {
  program
    .command('enroll')
    .summary('redeem an enrollment code: choose your password and sign in')
    .description(
      'Redeem the one-time enrollment code an administrator gave you (keyhold user create prints it). Your new ' +
        "password is asked twice without echo (from a script: one line of stdin) and must meet the server's " +
        'password rule; your keys are made on this machine, and you are signed in (unless --no-login). The ' +
        'server and its CA are pinned in config.json, as keyhold login pins them.\n\n' +
        'Exit codes: 0 enrolled, 1 failed (a wrong or expired code, a password the rule refuses: nothing was ' +
        'done), 2 bad usage.',
    )
    .argument('<code>', 'the enrollment code, e.g. K7QM-4XWT-9PLD-2HRF')
    .requiredOption('--user <name>', 'the user name the administrator created')
    .option('--server <url>', targetOptionHelp.server)
    .option('--ca <file>', targetOptionHelp.ca)
    .option('--ca-fingerprint <sha256>', targetOptionHelp.caFingerprint)
    .option('--no-login', 'enroll only; sign in later with keyhold login')
    .option('--json', 'print {server, username, userId, signedIn}')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold enroll --server https://vault.example:7777 --ca-fingerprint AB:CD:… --user bob K7QM-4XWT-9PLD-2HRF\n' +
        '  printf "%s\\n" "$NEW_PASSWORD" | keyhold enroll --server … --ca ca.pem --user ci-admin "$CODE"',
    )
    .action((code: string, options: EnrollOptions) => enroll(store, code, options));
}
