// The server an administration command without a session talks to (init, unseal): --server, else
// KEYHOLD_SERVER, else the pinned one; its CA as login chooses it (--ca, KEYHOLD_CA, the pinned CA, or a
// fingerprint given or accepted at the terminal).
import { chooseCa } from './commands/login.ts';
import type { CliConfig, ConfigStore } from './config-store.ts';
import { type CliClient, createClient } from './connection.ts';
import { ENV_SERVER, envValue, parseServer } from './environment.ts';
import { UsageError } from './errors.ts';

export interface TargetOptions {
  server?: string;
  ca?: string;
  caFingerprint?: string;
}

export interface ServerTarget extends CliClient {
  server: string;
  caPem: string;
  pinned: CliConfig | null;
}

export async function connectTarget(store: ConfigStore, options: TargetOptions): Promise<ServerTarget> {
  const pinned = store.readConfig();
  const envServer = envValue(ENV_SERVER);
  const [text, where] =
    options.server !== undefined
      ? [options.server, '--server']
      : envServer !== undefined
        ? [envServer, ENV_SERVER]
        : [pinned?.server, '--server'];
  if (!text) throw new UsageError('--server: required (e.g. --server https://vault.example:7777)');
  const server = parseServer(text, where);
  const caPem = await chooseCa(server, options, pinned, null);
  const samePin = pinned?.server === server;
  const connection = createClient(server, {
    caPem,
    clientCert: samePin ? pinned?.clientCert : undefined,
    clientKey: samePin ? pinned?.clientKey : undefined,
  });
  return { ...connection, server, caPem, pinned };
}

/** The --server, --ca and --ca-fingerprint options, as login has them. */
export const targetOptionHelp = {
  server: 'the server, e.g. https://vault.example:7777 (default: KEYHOLD_SERVER, else the pinned one)',
  ca: "the server's CA certificate (PEM) (default: KEYHOLD_CA, else the pinned one)",
  caFingerprint: "trust the server's CA only if it has this SHA-256 fingerprint",
};
