// Connecting to the pinned server: an HTTPS client that trusts only the pinned CA (node-https/, shared with
// the desktop's client mode), through the proxy the environment names, and the saved session taken up again
// for one command and written back (with its operation count) when the command ends.
import { readFileSync } from 'node:fs';
import { KeyholdClient, KeyholdError } from '../client/keyhold-client.ts';
import type { MachineToken } from '../client/machine-identity.ts';
import { createHttpsTransport } from '../client/transport/https-transport.ts';
import type { Transport } from '../client/transport/transport.ts';
import { VaultSession } from '../client/vault-session.ts';
import { createPinnedConnection } from '../node-https/pinned-connection.ts';
import type { CliConfig, ConfigStore, SessionFile } from './config-store.ts';
import { ENV_TOKEN, envValue, parseToken, statelessSetup } from './environment.ts';
import { CliError, SESSION_EXPIRED } from './errors.ts';
import { note } from './output.ts';
import { environmentProxy } from './proxy-environment.ts';
import { lockSession } from './session-lock.ts';
import { noteTlsRefusal } from './tls-refusal.ts';

/** Past the server's replay window (1,024, server/auth/replay-window.ts): every number another program used is behind. */
const REPLAY_RESYNC = 1025;
/**
 * How long a silent server is waited for: as long as undici's fetch, which the CLI used before, waited for
 * an answer's headers, since a large import batch may keep the server busy that long.
 */
const SILENT_SERVER_MS = 300_000;
/** The most a JavaScript string can hold (V8): the largest answer that could be read as JSON at all. */
const MAX_ANSWER_BYTES = 512 * 1024 * 1024;

export interface ClientTls {
  caPem: string;
  clientCert?: string | undefined;
  clientKey?: string | undefined;
}

function readPemFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new CliError(`cannot read the ${what} ${file} (${reason})`);
  }
}

export interface CliClient {
  client: KeyholdClient;
  /** What to add to the client's operation count when saving it: moved on by a resync (see below). */
  opOffset: () => number;
  close: () => Promise<void>;
}

/**
 * A client that trusts the pinned CA only (not the system's), with a client certificate when configured.
 * A TLS refusal becomes a sentence saying what it means (tls-refusal.ts). An operation number refused as
 * used already means another program (curl with the same token, as the README's recipe does) took numbers
 * of this session: the refused request did not run, so it is sent once more with the count moved past
 * the server's replay window; a second refusal is reported.
 */
export function createClient(server: string, tls: ClientTls): CliClient {
  const connection = createPinnedConnection({
    origin: server,
    trust: {
      caPem: tls.caPem,
      // The CLI is given the server's name by a person or a script: the certificate must name it too.
      checkHostName: true,
      clientCertPem: tls.clientCert ? readPemFile(tls.clientCert, 'client certificate') : undefined,
      clientKeyPem: tls.clientKey ? readPemFile(tls.clientKey, 'client key') : undefined,
    },
    // HTTPS_PROXY and NO_PROXY, as curl and Node's own clients read them; TLS runs inside the tunnel.
    resolveProxy: environmentProxy(),
    timeoutMs: SILENT_SERVER_MS,
    maxResponseBytes: MAX_ANSWER_BYTES,
  });
  const doFetch: typeof fetch = async (input, init) => {
    try {
      return await connection.fetch(input, init);
    } catch (error) {
      noteTlsRefusal(server, error);
      throw error;
    }
  };
  const https = createHttpsTransport({ baseUrl: server, fetch: doFetch });
  let offset = 0;
  let resynced = false;
  const transport: Transport = {
    async call(operation, input, meta) {
      const send = (extra: number) =>
        https.call(operation, input, {
          ...meta,
          opNumber: meta.opNumber === null ? null : meta.opNumber + extra,
        });
      const result = await send(offset);
      if (result.ok || result.error.code !== 'replayed_operation' || resynced || meta.opNumber === null) {
        return result;
      }
      resynced = true;
      offset += REPLAY_RESYNC;
      note(
        "keyhold: this session's operation numbers were used by another program (curl with the same token?); " +
          'moved on past them and tried once more',
      );
      return send(offset);
    },
  };
  return {
    client: new KeyholdClient(transport),
    opOffset: () => offset,
    close: () => connection.close(),
  };
}

export function requireConfig(store: ConfigStore): CliConfig {
  const config = store.readConfig();
  if (!config) throw new CliError('not set up yet — run keyhold login --server URL --ca FILE');
  return config;
}

export interface OpenSession {
  session: VaultSession;
  kind: SessionFile['kind'];
  config: CliConfig;
}

/**
 * Runs one command in the saved session. The operation count is written back even when the command
 * fails, so the next run does not reuse a number the server has seen; an expired session is forgotten.
 */
export async function withSession<T>(
  store: ConfigStore,
  work: (open: OpenSession) => Promise<T>,
): Promise<T> {
  const token = envValue(ENV_TOKEN);
  if (token !== undefined) return statelessSession(parseToken(token, ENV_TOKEN), work);
  const config = requireConfig(store);
  if (!store.readSession()) throw new CliError('not signed in — run keyhold login');
  const unlock = await lockSession(store.dir);
  try {
    return await inSession(store, config, work);
  } finally {
    unlock();
  }
}

/** Whether commands run in the stateless mode (KEYHOLD_TOKEN set), which reads and writes no file. */
export const stateless = (): boolean => envValue(ENV_TOKEN) !== undefined;

/**
 * KEYHOLD_TOKEN: signs the machine in for this one command and out again at its end, whatever happens;
 * the session, its token and the private key live in this process's memory only.
 */
async function statelessSession<T>(token: MachineToken, work: (open: OpenSession) => Promise<T>): Promise<T> {
  const { server, caPem } = await statelessSetup(token);
  const { client, close } = createClient(server, { caPem });
  try {
    const session = await VaultSession.loginWithToken(client, token);
    try {
      return await work({ session, kind: 'machine', config: { server, caPem } });
    } finally {
      await session.logout().catch(() => undefined);
    }
  } finally {
    await close();
  }
}

async function inSession<T>(
  store: ConfigStore,
  config: CliConfig,
  work: (open: OpenSession) => Promise<T>,
): Promise<T> {
  // Read again under the lock: the command before this one has moved the operation count on.
  const saved = store.readSession();
  if (!saved) throw new CliError('not signed in — run keyhold login');
  if (saved.server !== config.server) {
    store.deleteSession();
    throw new CliError(`the saved session is for ${saved.server}, not ${config.server} — run keyhold login`);
  }
  const { client, close, opOffset } = createClient(config.server, config);
  const session = VaultSession.resume(client, saved);
  let expired = false;
  try {
    return await work({ session, kind: saved.kind, config });
  } catch (error) {
    if (
      error instanceof KeyholdError &&
      (error.code === 'session_expired' || error.code === 'unauthenticated')
    ) {
      expired = true;
      throw new CliError(SESSION_EXPIRED);
    }
    throw error;
  } finally {
    const state = client.sessionState;
    if (expired || !state) store.deleteSession();
    else store.writeSession({ ...saved, opNumber: state.opNumber + opOffset() });
    await close();
  }
}
