// Caps on open connections, per client address and in all, so one address (or a crowd) holding sockets
// open cannot take every file descriptor; and the explicit timeouts that close slow or silent clients.
import type { Server, Socket } from 'node:net';
import type { Logger } from '../log.ts';

export interface ConnectionCaps {
  /** Open connections from every address together; a new one past this is closed at once. */
  maxConnections: number;
  /** Open connections from one address; a new one past this is closed at once. */
  maxConnectionsPerAddress: number;
}

/** Until the sealed settings are read (the network settings' defaults in contract/settings.ts). */
export const DEFAULT_CAPS: ConnectionCaps = { maxConnections: 1024, maxConnectionsPerAddress: 128 };

/**
 * How long a client may take. Headers: from the first byte of a request (or the connection) to the end
 * of its headers, the slow-loris brake. Request: to the end of its body. Handshake: TCP connect to the
 * end of the TLS handshake. Idle: between requests on a kept-alive connection. Node checks the first two
 * every `checkEveryMs`. Tests shorten them (KeyholdServerOptions.connectionTimeouts).
 */
export interface ConnectionTimeouts {
  headersMs: number;
  requestMs: number;
  handshakeMs: number;
  idleMs: number;
  checkEveryMs: number;
}

/** Node's own defaults are 60 s for headers, 300 s per request, 120 s for a handshake, checked every 30 s. */
export const DEFAULT_TIMEOUTS: ConnectionTimeouts = {
  headersMs: 10_000,
  requestMs: 120_000,
  handshakeMs: 10_000,
  idleMs: 65_000,
  checkEveryMs: 1_000,
};

/** The https.createServer options that carry the timeouts (Fastify sets the request timeout itself). */
export function serverTimeoutOptions(timeouts: ConnectionTimeouts) {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    handshakeTimeout: timeouts.handshakeMs,
    connectionsCheckingInterval: timeouts.checkEveryMs,
  };
}

/**
 * Counts the server's TCP connections by remote address and closes a new one past either cap before its
 * TLS handshake costs anything. The caps are read for each connection, so a settings change applies to
 * the next one. A refusal is logged once per address until that address is back under its cap.
 */
export function guardConnections(server: Server, caps: () => ConnectionCaps, log: Logger): void {
  const open = new Map<string, number>();
  let total = 0;
  const warned = new Set<string>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const { maxConnections, maxConnectionsPerAddress } = caps();
    const mine = open.get(address) ?? 0;
    if (total >= maxConnections || mine >= maxConnectionsPerAddress) {
      if (!warned.has(address)) {
        warned.add(address);
        log.warn(
          { address, open: mine, total, maxConnections, maxConnectionsPerAddress },
          'connection refused: too many open connections',
        );
      }
      socket.destroy();
      return;
    }
    total++;
    open.set(address, mine + 1);
    socket.once('close', () => {
      total--;
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
      if (left < maxConnectionsPerAddress) warned.delete(address);
    });
  });
}

/**
 * A client that completes the TLS handshake and then sends nothing has no request for the headers timeout
 * to measure (node starts that clock at a request's first byte): it is closed after the same time.
 */
export function closeSilentConnections(server: Server, timeouts: ConnectionTimeouts): void {
  server.on('secureConnection', (socket: Socket) => {
    const timer = setTimeout(() => socket.destroy(), timeouts.headersMs);
    timer.unref();
    const stop = () => clearTimeout(timer);
    socket.once('data', stop);
    socket.once('close', stop);
  });
}
