// Keeps the HTTPS listener where the network settings say (or where start-up flags pin it), moving it live:
// the new listener binds first, the settings are saved, and only then does the old one retire.
//
// Precedence: a port or address given at start (flag or environment) wins over the settings, so an
// administrator who saved an unreachable address can always recover by restarting with --host/--port.
// Settings are sealed at rest, so before unseal the server listens where the flags or defaults say;
// after each unseal the settings apply. Headless, "not exposed" means loopback only; the desktop host
// has no network listener at all unless exposed (its window talks over IPC).
import os from 'node:os';
import type { NetworkStatus } from '../../contract/ops-network.ts';
import type { NetworkSettings } from '../../contract/settings.ts';
import { OpError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { SecurityMonitor } from '../monitor/dispatcher.ts';
import { type ConnectionCaps, type ConnectionTimeouts, DEFAULT_CAPS } from './connection-guard.ts';
import { type RunningHttpsServer, startHttpsServer } from './https-server.ts';

export interface ListenAddress {
  address: string;
  port: number;
}

export interface ListenerManagerOptions {
  /** The one choke point; its context's seal state says when the settings are known. */
  monitor: SecurityMonitor;
  tls: { key: string; cert: string };
  caCertPem: string;
  caFingerprint: string;
  log: Logger;
  webRoot?: string;
  mode: NetworkStatus['mode'];
  /** Where to listen until the settings are known; null for nowhere (the desktop host). Port 0 picks one. */
  initial: ListenAddress | null;
  /** What flags or environment fixed at start: the settings do not move these. */
  pinned: { address: boolean; port: boolean };
  /** How long slow clients may take (connection-guard.ts's defaults unless a test shortens them). */
  timeouts?: ConnectionTimeouts;
}

/** A listener bound for a settings change that is not saved yet. */
export interface PendingChange {
  /** The settings are saved: switch to the new listener; the old one retires after its requests. */
  commit(): void;
  /** The save failed: close the new listener, keep the old one. */
  abandon(): Promise<void>;
}

interface Current extends ListenAddress {
  server: RunningHttpsServer;
}

const WILDCARDS = new Set(['0.0.0.0', '::']);

/** An address another computer can use for a wildcard listener: the first non-internal one, else loopback. */
function reachableAddress(address: string): string {
  if (!WILDCARDS.has(address)) return address;
  const all = Object.values(os.networkInterfaces()).flatMap((list) => list ?? []);
  const external = all.filter((i) => !i.internal);
  const pick =
    external.find((i) => i.family === 'IPv4') ?? (address === '::' ? external[0] : undefined) ?? null;
  return pick?.address ?? '127.0.0.1';
}

function urlOf(address: string, port: number): string {
  const host = reachableAddress(address);
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A bind failure as the refusal a person reads: which port or address, and that nothing changed. */
function bindRefusal(error: unknown, target: ListenAddress): OpError {
  const code = (error as { code?: string }).code;
  const unchanged = 'the network settings were not changed';
  if (code === 'EADDRINUSE') {
    return new OpError(
      'conflict',
      `port ${target.port} is already in use on ${target.address}; ${unchanged}`,
      {
        field: 'patch.network.port',
      },
    );
  }
  if (code === 'EADDRNOTAVAIL') {
    return new OpError(
      'bad_request',
      `${target.address} is not an address of this computer; use 0.0.0.0, :: or one of its own addresses; ${unchanged}`,
      { field: 'patch.network.address' },
    );
  }
  if (code === 'EACCES') {
    return new OpError(
      'bad_request',
      `this server may not listen on port ${target.port} (ports below 1024 need privileges); ${unchanged}`,
      { field: 'patch.network.port' },
    );
  }
  return new OpError(
    'conflict',
    `could not listen on ${target.address} port ${target.port} (${code ?? 'error'}); ${unchanged}`,
    { field: 'patch.network' },
  );
}

export class ListenerManager {
  readonly #options: ListenerManagerOptions;
  #current: Current | null = null;
  #webUi = true;
  /** Until the sealed settings are read: no client certificate required, the default caps. */
  #requireClientCertificate = false;
  #caps: ConnectionCaps = DEFAULT_CAPS;
  #lastError: string | null = null;
  /** Changes take turns: a second update waits until the first has committed or been abandoned. */
  #turn: Promise<void> = Promise.resolve();
  /** Old listeners finishing their last requests; close() waits for them. */
  readonly #retiring = new Set<Promise<void>>();
  /** The port the start-up listener actually bound (a pinned port 0 stays the one the system chose). */
  #startPort: number | null = null;
  #closed = false;

  private constructor(options: ListenerManagerOptions) {
    this.#options = options;
  }

  /** Binds the start-up listener (if any) and follows the settings at every unseal from now on. */
  static async start(options: ListenerManagerOptions): Promise<ListenerManager> {
    const manager = new ListenerManager(options);
    if (options.initial) {
      manager.#current = await manager.#listen(options.initial);
      manager.#startPort = manager.#current.port;
    }
    // Handlers reach it as ctx.listener from now on.
    options.monitor.app.listener = manager;
    options.monitor.app.state.onOpen.push(() => void manager.sync());
    // An already unsealed core (the desktop's keychain may have unsealed it first) applies at once.
    if (!options.monitor.app.state.sealed) await manager.sync();
    return manager;
  }

  /** The listener now, as another computer would reach it. */
  get listener(): NetworkStatus['listener'] {
    const current = this.#current;
    return current
      ? { address: current.address, port: current.port, url: urlOf(current.address, current.port) }
      : null;
  }

  /** The URL this process itself can use (loopback for a wildcard listener, as the test harness needs). */
  get localUrl(): string | null {
    return this.#current?.server.url ?? null;
  }

  get webUi(): boolean {
    return this.#webUi;
  }

  status(): NetworkStatus {
    const { mode, pinned, caFingerprint } = this.#options;
    return { listener: this.listener, caFingerprint, pinned, mode, lastError: this.#lastError };
  }

  get ca(): { caCertPem: string; caFingerprint: string } {
    return { caCertPem: this.#options.caCertPem, caFingerprint: this.#options.caFingerprint };
  }

  /** Where these settings put the listener, after the flags' precedence; null for no listener. */
  target(network: NetworkSettings): ListenAddress | null {
    const { mode, pinned, initial } = this.#options;
    if (mode === 'desktop') return network.exposed ? { address: network.address, port: network.port } : null;
    const address =
      pinned.address && initial ? initial.address : network.exposed ? network.address : '127.0.0.1';
    const port = pinned.port && this.#startPort !== null ? this.#startPort : network.port;
    return { address, port };
  }

  /**
   * Binds where `network` says while the old listener keeps serving. Throws an OpError naming the port
   * or address when it cannot bind, and then nothing has changed. The caller saves the settings and
   * commits, or abandons when the save fails.
   */
  async prepare(network: NetworkSettings): Promise<PendingChange> {
    const release = await this.#takeTurn();
    try {
      const target = this.target(network);
      const current = this.#current;
      const same =
        target === null
          ? current === null
          : current !== null && current.address === target.address && current.port === target.port;
      // The system refuses a second listener on a port the first holds (0.0.0.0 and 127.0.0.1 overlap),
      // so a move on the same port stops the old listener first and puts it back if the new one fails.
      const stopFirst = !same && current !== null && target !== null && current.port === target.port;
      if (stopFirst) this.#retire(current);
      let next: Current | null = null;
      try {
        next = same || target === null ? null : await this.#listen(target);
      } catch (error) {
        if (stopFirst) await this.#restore(current);
        throw error;
      }
      let settled = false;
      return {
        commit: () => {
          if (settled) return;
          settled = true;
          this.#webUi = network.webUi;
          this.#requireClientCertificate = network.requireClientCertificate;
          this.#caps = {
            maxConnections: network.maxConnections,
            maxConnectionsPerAddress: network.maxConnectionsPerAddress,
          };
          this.#lastError = null;
          if (!same) {
            this.#current = next;
            if (current && !stopFirst) this.#retire(current);
            this.#options.log.info(
              { listener: next ? { address: next.address, port: next.port } : null },
              'network listener moved',
            );
          }
          release();
        },
        abandon: async () => {
          if (settled) return;
          settled = true;
          try {
            await next?.server.close();
            if (stopFirst && current) await this.#restore(current);
          } finally {
            release();
          }
        },
      };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Applies the unsealed server's settings (after unseal); a failure is logged and kept for the status. */
  async sync(): Promise<void> {
    const { state } = this.#options.monitor.app;
    if (this.#closed || state.sealed) return;
    const network = state.settings.network;
    try {
      (await this.prepare(network)).commit();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#lastError = message;
      this.#options.log.error({ reason: message }, 'the network settings could not be applied');
    }
  }

  /** Resolves when no change is under way: tests wait on this named state instead of sleeping. */
  async settled(): Promise<void> {
    (await this.#takeTurn())();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const release = await this.#takeTurn();
    try {
      const current = this.#current;
      this.#current = null;
      await current?.server.close();
      await Promise.all(this.#retiring);
    } finally {
      release();
    }
  }

  async #takeTurn(): Promise<() => void> {
    const previous = this.#turn;
    let release: () => void = () => undefined;
    this.#turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  }

  async #listen(target: ListenAddress): Promise<Current> {
    const { monitor, tls, log, webRoot, timeouts } = this.#options;
    try {
      const server = await startHttpsServer({
        monitor,
        tls,
        host: target.address,
        port: target.port,
        log,
        ...(webRoot && { webRoot, webUiEnabled: () => this.#webUi }),
        // Read per request and per connection: a saved change applies without moving the listener.
        requireClientCertificate: () => this.#requireClientCertificate,
        connectionCaps: () => this.#caps,
        ...(timeouts && { timeouts }),
      });
      return { address: target.address, port: server.port, server };
    } catch (error) {
      throw bindRefusal(error, target);
    }
  }

  /** Listens again where a stopped listener was; if even that fails, there is no listener (and it says why). */
  async #restore(old: ListenAddress): Promise<void> {
    try {
      this.#current = await this.#listen({ address: old.address, port: old.port });
    } catch (error) {
      this.#current = null;
      this.#lastError = error instanceof Error ? error.message : String(error);
      this.#options.log.error({ reason: this.#lastError }, 'the network listener could not be put back');
    }
  }

  /** Not awaited: the request that moved the listener may have arrived on this one and is still answering. */
  #retire(old: Current): void {
    const done = old.server.retire().catch((error: unknown) => {
      this.#options.log.warn({ reason: String(error) }, 'the old network listener did not close cleanly');
    });
    this.#retiring.add(done);
    void done.finally(() => this.#retiring.delete(done));
  }
}
