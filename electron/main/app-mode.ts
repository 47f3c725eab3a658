// Host or client: the app's own choice, kept in <userData>/app-mode.json (validated), and the switch that
// routes the window's calls to the embedded server or to a remote one with its pinned CA.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  type AppModeView,
  type BridgeRequest,
  fingerprintSchema,
  type Result,
  serverUrlSchema,
} from '../../contract/index.ts';
import type { ResolveProxy } from '../../node-https/proxy-route.ts';
import type { HostClient } from './host-client.ts';
import { caFingerprintOf, createRemoteClient, probeServer, RemoteError } from './remote-client.ts';

export const APP_MODE_FILE = 'app-mode.json';

export const appModeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('host') }).strict(),
  z
    .object({
      mode: z.literal('client'),
      url: serverUrlSchema,
      caCertPem: z.string().min(1).max(20_000),
      caFingerprint: fingerprintSchema,
    })
    .strict(),
]);
export type AppMode = z.infer<typeof appModeSchema>;

/** The saved choice; null when none was made yet. A damaged file is an error naming the file and field. */
export function loadAppMode(file: string): AppMode | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON; delete it to choose host or client mode again`);
  }
  const parsed = appModeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file}: ${issue?.path.join('.') || 'mode'}: ${issue?.message ?? 'invalid'}; delete it to choose again`,
    );
  }
  return parsed.data;
}

export function saveAppMode(file: string, mode: AppMode): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(mode, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

export interface ModeControllerOptions {
  file: string;
  /** Starts the embedded server (the host worker). */
  startHost(): Promise<HostClient>;
  /** The proxy the system names for a URL (Electron's session.resolveProxy); client mode goes through it. */
  resolveProxy: ResolveProxy;
}

/** Routes calls to the current backend and switches between the embedded host and a remote server. */
export class ModeController {
  readonly #options: ModeControllerOptions;
  #mode: AppMode | null = null;
  #backend: HostClient | null = null;
  #host: HostClient | null = null;

  constructor(options: ModeControllerOptions) {
    this.#options = options;
  }

  /** Starts what the saved choice says; with none yet, the host runs so the first-run screen can offer both. */
  async start(): Promise<void> {
    this.#mode = loadAppMode(this.#options.file);
    if (this.#mode?.mode === 'client') {
      this.#backend = createRemoteClient(this.#mode.url, this.#mode.caCertPem, this.#options.resolveProxy);
    } else {
      this.#backend = await this.#startHost();
    }
  }

  get hostRunning(): boolean {
    return this.#host !== null && this.#backend === this.#host;
  }

  view(): AppModeView {
    const mode = this.#mode;
    return mode?.mode === 'client'
      ? { mode: 'client', url: mode.url, caFingerprint: mode.caFingerprint }
      : { mode: mode?.mode ?? null, url: null, caFingerprint: null };
  }

  forward = (request: BridgeRequest): Promise<Result<unknown>> => {
    const backend = this.#backend;
    if (!backend) {
      return Promise.resolve({
        ok: false,
        error: { code: 'internal', message: 'Keyhold is still starting' },
      });
    }
    return backend.call(request);
  };

  /**
   * For the keychain: its unseal passphrase opens this computer's own server only, so in client mode
   * the call is refused here and never reaches the remote server.
   */
  forwardToHost = (request: BridgeRequest): Promise<Result<unknown>> => {
    if (this.hostRunning) return this.forward(request);
    return Promise.resolve({
      ok: false,
      error: {
        code: 'conflict',
        message: 'this app is a client of another server: its keychain unseals only its own',
      },
    });
  };

  probe(url: string) {
    return probeServer(url, this.#options.resolveProxy);
  }

  /**
   * Pins the server's CA and sends every call there from now on. With a fingerprint, the CA the server
   * serves now must still be the one the person compared; with a CA file, the server must present a
   * certificate that CA issued (checked by the first call through the pinned agent).
   */
  async connect(input: { url: string; caFingerprint?: string; caCertPem?: string }): Promise<AppModeView> {
    let caCertPem: string;
    if (input.caCertPem !== undefined) {
      caCertPem = input.caCertPem;
      try {
        caFingerprintOf(caCertPem);
      } catch {
        throw new RemoteError('bad_request', 'the CA file is not a PEM certificate');
      }
    } else if (input.caFingerprint !== undefined) {
      const met = await probeServer(input.url, this.#options.resolveProxy);
      if (met.caFingerprint !== input.caFingerprint) {
        throw new RemoteError(
          'conflict',
          `the CA ${input.url} serves now (${met.caFingerprint}) is not the one you confirmed (${input.caFingerprint}); nothing was changed`,
        );
      }
      caCertPem = met.caCertPem;
    } else {
      throw new RemoteError('bad_request', 'give the confirmed CA fingerprint or a CA certificate');
    }
    const remote = createRemoteClient(input.url, caCertPem, this.#options.resolveProxy);
    // One public call through the pinned agent proves the server holds a certificate from this CA.
    const reached = await remote.call({ operation: 'status', input: {}, token: null, opNumber: null });
    if (!reached.ok) {
      await remote.close();
      throw new RemoteError(reached.error.code, reached.error.message);
    }
    const mode: AppMode = {
      mode: 'client',
      url: input.url,
      caCertPem,
      caFingerprint: caFingerprintOf(caCertPem).fingerprint,
    };
    saveAppMode(this.#options.file, mode);
    await this.#switchTo(mode, remote);
    return this.view();
  }

  async useHost(): Promise<AppModeView> {
    const host = this.#host ?? (await this.#startHost());
    const mode: AppMode = { mode: 'host' };
    saveAppMode(this.#options.file, mode);
    await this.#switchTo(mode, host);
    return this.view();
  }

  /** Closes the backends (the embedded server closes its database before the app goes). */
  async close(): Promise<void> {
    const backend = this.#backend;
    this.#backend = null;
    if (backend && backend !== this.#host) await backend.close();
    await this.#host?.close();
    this.#host = null;
  }

  async #startHost(): Promise<HostClient> {
    this.#host = await this.#options.startHost();
    return this.#host;
  }

  /** The window reloads after a switch, so its session (unknown to the new server) is gone. */
  async #switchTo(mode: AppMode, backend: HostClient): Promise<void> {
    const previous = this.#backend;
    this.#mode = mode;
    this.#backend = backend;
    if (previous && previous !== backend) await previous.close();
    // A client does not host: the embedded server (and any listener it exposed) stops with the switch.
    if (previous === this.#host && backend !== this.#host) this.#host = null;
  }
}
