// keyhold whoami and keyhold status: who the saved session (or KEYHOLD_TOKEN) signs in as, and whether the
// server answers, is unsealed and accepts that session — for a person checking, or a pipeline's first step.
import type { Command } from 'commander';
import type { ConfigStore } from '../config-store.ts';
import { createClient, stateless, withSession } from '../connection.ts';
import {
  caFromEnvironment,
  ENV_SERVER,
  ENV_TOKEN,
  envValue,
  parseServer,
  parseToken,
} from '../environment.ts';
import { CliError, describeFailure } from '../errors.ts';
import { printJson, printTable } from '../output.ts';
import { caFingerprint } from '../server-ca.ts';

interface JsonOption {
  json?: boolean;
}

interface Identity {
  username: string;
  displayName: string;
  role: string;
  kind: 'person' | 'machine';
  server: string;
  sessionId: string;
  expiresAt: string;
  /** Where the credentials come from: the saved session, or KEYHOLD_TOKEN for this command only. */
  source: 'session.json' | 'KEYHOLD_TOKEN';
}

async function identify(store: ConfigStore): Promise<Identity> {
  return withSession(store, async ({ session, kind, config }) => {
    const { user, sessionId, expiresAt } = await session.client.request('whoami', {});
    return {
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      kind,
      server: config.server,
      sessionId,
      expiresAt,
      source: stateless() ? 'KEYHOLD_TOKEN' : 'session.json',
    };
  });
}

async function whoami(store: ConfigStore, options: JsonOption): Promise<void> {
  const me = await identify(store);
  if (options.json) {
    printJson(me);
    return;
  }
  printTable(
    ['USER', 'NAME', 'ROLE', 'KIND', 'SERVER', 'FROM'],
    [[me.username, me.displayName, me.role, me.kind, me.server, me.source]],
  );
}

/** The server and CA in use, from the environment (stateless) or config.json; null when neither is set. */
function target(store: ConfigStore): { server: string; caPem: string; from: string } | null {
  if (stateless()) {
    const token = parseToken(envValue(ENV_TOKEN) ?? '', ENV_TOKEN);
    const serverText = envValue(ENV_SERVER);
    const server = serverText ? parseServer(serverText, ENV_SERVER) : parseServer(token.server, ENV_TOKEN);
    const caPem = caFromEnvironment();
    // Without KEYHOLD_CA the CA is fetched and compared at sign-in; the status check then trusts it only then.
    return caPem ? { server, caPem, from: 'environment' } : { server, caPem: '', from: 'environment' };
  }
  const config = store.readConfig();
  return config ? { server: config.server, caPem: config.caPem, from: 'config.json' } : null;
}

async function status(store: ConfigStore, options: JsonOption): Promise<void> {
  const where = target(store);
  const report: {
    server: string | null;
    configuredBy: string | null;
    caFingerprint: string | null;
    reachable: boolean;
    version: string | null;
    initialized: boolean | null;
    sealed: boolean | null;
    signedIn: Omit<Identity, 'server'> | null;
    problem: string | null;
  } = {
    server: where?.server ?? null,
    configuredBy: where?.from ?? null,
    caFingerprint: where?.caPem ? caFingerprint(where.caPem) : null,
    reachable: false,
    version: null,
    initialized: null,
    sealed: null,
    signedIn: null,
    problem: null,
  };
  if (!where) {
    report.problem = 'not set up: run keyhold login --server URL --ca FILE, or set KEYHOLD_TOKEN';
  } else {
    if (where.caPem) {
      const { client, close } = createClient(where.server, { caPem: where.caPem });
      try {
        const seal = await client.request('status', {});
        Object.assign(report, {
          reachable: true,
          version: seal.version,
          initialized: seal.initialized,
          sealed: seal.sealed,
        });
      } catch (error) {
        report.problem = describeFailure(error).message;
      } finally {
        await close();
      }
    }
    if (report.problem === null && report.sealed !== true && report.initialized !== false) {
      try {
        const { server: _server, ...me } = await identify(store);
        report.signedIn = me;
        report.reachable = true;
      } catch (error) {
        report.problem = describeFailure(error).message;
      }
    } else if (report.problem === null) {
      report.problem = report.sealed
        ? 'the server is sealed: an administrator must unseal it'
        : 'the server is not initialised';
    }
  }
  if (options.json) printJson(report);
  else {
    const rows: string[][] = [
      ['server', `${report.server ?? '-'}${report.version ? ` (Keyhold ${report.version})` : ''}`],
      ['configured by', report.configuredBy ?? '-'],
      ['CA', report.caFingerprint ? `SHA-256 ${report.caFingerprint}` : '-'],
      ['state', report.sealed === null ? '-' : report.sealed ? 'sealed' : 'unsealed'],
      [
        'signed in',
        report.signedIn
          ? `${report.signedIn.username} (${report.signedIn.kind}, ${report.signedIn.role}) until ${report.signedIn.expiresAt}`
          : 'no',
      ],
    ];
    // The problem, when there is one, is the line on stderr that follows.
    printTable(['CHECK', 'FOUND'], rows);
  }
  if (report.problem !== null) throw new CliError(report.problem);
}

export function registerIdentity(program: Command, store: ConfigStore): void {
  program
    .command('whoami')
    .summary('who the session signs in as')
    .description(
      'Print the user (or machine identity) the saved session — or KEYHOLD_TOKEN — signs in as, checked with ' +
        'the server.\n\nExit codes: 0 signed in, 1 not signed in or the session ended, 2 bad usage.',
    )
    .option('--json', 'print {username, displayName, role, kind, server, sessionId, expiresAt, source}')
    .addHelpText('after', '\nExamples:\n  keyhold whoami\n  keyhold whoami --json | jq -r .username')
    .action((options: JsonOption) => whoami(store, options));
  program
    .command('status')
    .summary('whether the server answers, is unsealed, and accepts your session')
    .description(
      'Check the configured server step by step: reachable through the pinned CA, initialised and unsealed, and ' +
        'the session (or KEYHOLD_TOKEN) accepted. What was found is printed even when a step fails.\n\n' +
        'Exit codes: 0 all good, 1 a step failed (the problem is printed and on stderr), 2 bad usage.',
    )
    .option('--json', 'print {server, caFingerprint, reachable, version, sealed, signedIn, problem}')
    .addHelpText('after', '\nExamples:\n  keyhold status\n  keyhold status --json || exit 1')
    .action((options: JsonOption) => status(store, options));
}
