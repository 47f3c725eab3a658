// keyhold login / logout: pins the server and its CA, signs a person or a machine identity in, and keeps
// the session (with the private key that opens its secrets) in session.json until logout or expiry.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { MachineToken } from '../../client/machine-identity.ts';
import { VaultSession } from '../../client/vault-session.ts';
import { usernameSchema } from '../../contract/common.ts';
import type { CliConfig, ConfigStore } from '../config-store.ts';
import { createClient, withSession } from '../connection.ts';
import {
  caFromEnvironment,
  caMatching,
  ENV_CA_FINGERPRINT,
  ENV_SERVER,
  envValue,
  parseFingerprint,
  parseServer,
  parseToken,
} from '../environment.ts';
import { CliError, SESSION_EXPIRED, UsageError } from '../errors.ts';
import { note } from '../output.ts';
import { fetchServerCa, parseCaPem } from '../server-ca.ts';
import { askSecret, confirm, readPipedValue, stdinIsTerminal } from '../terminal-input.ts';

interface LoginOptions {
  server?: string;
  ca?: string;
  caFingerprint?: string;
  user?: string;
  token?: string;
  cert?: string;
  key?: string;
}

function readArgumentFile(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new UsageError(`${option} ${file}: cannot read it (${reason})`);
  }
}

/**
 * The CA to pin: --ca FILE (or KEYHOLD_CA), the one already pinned for this server, or the one the server
 * sends when its fingerprint is the expected one (--ca-fingerprint, KEYHOLD_CA_FINGERPRINT, or the one the
 * token file records) or a person at the terminal accepts it.
 */
export async function chooseCa(
  server: string,
  options: Pick<LoginOptions, 'ca' | 'caFingerprint'>,
  pinned: CliConfig | null,
  token: MachineToken | null,
): Promise<string> {
  if (options.ca) return parseCaPem(readArgumentFile(options.ca, '--ca'), options.ca);
  const fromEnvironment = caFromEnvironment();
  if (fromEnvironment !== undefined) return fromEnvironment;
  if (pinned && pinned.server === server) return pinned.caPem;
  const envFingerprint = envValue(ENV_CA_FINGERPRINT);
  const given: [string, string] | null =
    options.caFingerprint !== undefined
      ? [options.caFingerprint, '--ca-fingerprint']
      : envFingerprint !== undefined
        ? [envFingerprint, ENV_CA_FINGERPRINT]
        : token?.caFingerprint
          ? [token.caFingerprint, 'the token file']
          : null;
  if (given !== null) return caMatching(server, parseFingerprint(given[0], given[1]), given[1]);
  if (!stdinIsTerminal()) {
    throw new UsageError(
      `--ca: ${server} is not pinned yet and there is no terminal to ask; pass --ca FILE or --ca-fingerprint SHA256`,
    );
  }
  const offered = await fetchServerCa(server);
  note(
    `The server ${server} presents a certificate authority with SHA-256 fingerprint\n  ${offered.fingerprint}`,
  );
  note('Compare it with the fingerprint the server printed at start (or its administrator gives you).');
  if (
    !(await confirm('Trust this certificate authority? [y/N]', 'pass --ca FILE or --ca-fingerprint SHA256'))
  ) {
    throw new CliError('the certificate authority was not trusted; nothing was saved');
  }
  return offered.pem;
}

async function login(store: ConfigStore, options: LoginOptions): Promise<void> {
  if (Boolean(options.cert) !== Boolean(options.key)) {
    throw new UsageError(
      `${options.cert ? '--key' : '--cert'}: a client certificate needs both --cert and --key`,
    );
  }
  if (options.token && options.user)
    throw new UsageError('--user: not with --token (the token names its machine)');
  const pinned = store.readConfig();
  const token = options.token ? await parseTokenFile(options.token) : null;
  const envServer = envValue(ENV_SERVER);
  const [serverText, where] =
    options.server !== undefined
      ? [options.server, '--server']
      : envServer !== undefined
        ? [envServer, ENV_SERVER]
        : token
          ? [token.server, "the token file's server"]
          : [pinned?.server, '--server'];
  if (!serverText)
    throw new UsageError('--server: required the first time (e.g. --server https://vault.example:7777)');
  const server = parseServer(serverText, where);
  const caPem = await chooseCa(server, options, pinned, token);
  const samePin = pinned?.server === server;
  const clientCert = options.cert ? path.resolve(options.cert) : samePin ? pinned?.clientCert : undefined;
  const clientKey = options.key ? path.resolve(options.key) : samePin ? pinned?.clientKey : undefined;
  const { client, close } = createClient(server, { caPem, clientCert, clientKey });
  try {
    let session: VaultSession;
    let username: string | undefined;
    if (token) {
      session = await VaultSession.loginWithToken(client, token);
      username = samePin ? pinned?.username : undefined;
    } else {
      const given = options.user ?? (samePin ? pinned?.username : undefined);
      if (!given) throw new UsageError('--user: required (the name to sign in as)');
      const parsedUser = usernameSchema.safeParse(given);
      if (!parsedUser.success)
        throw new UsageError(`--user "${given}": ${parsedUser.error.issues[0]?.message}`);
      username = parsedUser.data;
      const password = await askSecret(`Password for ${username}: `);
      session = await VaultSession.login(client, username, password, 'cli');
    }
    await endPreviousSession(store);
    store.writeConfig({
      server,
      caPem,
      ...(username && { username }),
      ...(clientCert && { clientCert }),
      ...(clientKey && { clientKey }),
    });
    store.writeSession({ server, kind: token ? 'machine' : 'person', ...session.saveState() });
    note(`Signed in to ${server} as ${session.user.username}${token ? ' (machine identity)' : ''}.`);
  } finally {
    await close();
  }
}

/** A machine token from a file, or from standard input with `--token -` (a CI secret piped in, no file). */
async function parseTokenFile(file: string) {
  if (file === '-') {
    if (stdinIsTerminal()) throw new UsageError('--token -: pipe the token file on standard input');
    return parseToken(await readPipedValue(), '--token -');
  }
  // The token signs the machine in and holds its private key: say so when others can read it.
  if (process.platform !== 'win32' && existsSync(file) && (statSync(file).mode & 0o077) !== 0) {
    note(`warning: ${file} is readable by others (run: chmod 600 ${file})`);
  }
  return parseToken(readArgumentFile(file, '--token'), `--token ${file}`);
}

/** Signing in again ends the session it replaces, so old tokens do not linger on the server. */
export async function endPreviousSession(store: ConfigStore): Promise<void> {
  if (!store.readSession()) return;
  try {
    await withSession(store, ({ session }) => session.logout());
  } catch {
    // Already ended or unreachable: the file goes either way, and the server expires the session.
  }
  store.deleteSession();
}

async function logout(store: ConfigStore): Promise<void> {
  if (!store.readSession()) {
    note('Not signed in.');
    return;
  }
  try {
    await withSession(store, ({ session }) => session.logout());
    note('Signed out.');
  } catch (error) {
    if (!(error instanceof CliError && error.message === SESSION_EXPIRED)) throw error;
    note('Signed out (the session had already ended).');
  } finally {
    store.deleteSession();
  }
}

export function registerLogin(program: Command, store: ConfigStore): void {
  program
    .command('login')
    .summary('sign in and keep the session for later commands')
    .description(
      'Sign in to a Keyhold server. The password is asked without echo (or read as one line from stdin when it ' +
        'is piped). The server URL and its CA certificate are pinned in config.json; the session, including ' +
        'the private key that decrypts your secrets, is kept in session.json (mode 0600) until keyhold logout.',
    )
    .option('--server <url>', 'the server, e.g. https://vault.example:7777 (remembered)')
    .option('--ca <file>', "the server's CA certificate (PEM), pinned for later commands")
    .option('--ca-fingerprint <sha256>', "trust the server's CA only if it has this SHA-256 fingerprint")
    .option('--user <name>', 'the user to sign in as (remembered)')
    .option(
      '--token <file>',
      'sign a machine identity in with its token file instead of a password (- reads it from stdin)',
    )
    .option('--cert <file>', 'client certificate (PEM) for mutual TLS')
    .option('--key <file>', 'private key (PEM) of the client certificate')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold login --server https://vault.example:7777 --ca ca.pem --user alice\n  keyhold login --token ci-bot.token.json --ca ca.pem',
    )
    .action((options: LoginOptions) => login(store, options));
  program
    .command('logout')
    .description('End the session on the server and delete session.json.')
    .action(() => logout(store));
}
