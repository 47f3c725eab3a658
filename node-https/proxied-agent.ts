// TLS to the server, straight or through an HTTP CONNECT tunnel, with the routes the proxy answer names
// tried in order (as Chromium falls back). TLS runs inside the tunnel, so the pinned-CA check is the same as
// on a direct connection: the proxy sees only the host name and ciphertext.
//
// Why not Electron's net.fetch, which follows proxies by itself: it verifies certificates with Chromium's
// verifier, so pinning a server's own CA would need a session-wide setCertificateVerifyProc, and the first
// meeting (which must see the certificate presented before anything is trusted) has no way to read it.
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { Client } from 'undici';
import {
  hostForUrl,
  ProxyError,
  type ProxyRoute,
  parseProxyAnswer,
  type ResolveProxy,
} from './proxy-route.ts';

/** Opens a CONNECT tunnel to host:port through the proxy; undici speaks the proxy's side of HTTP. */
async function tunnel(
  route: Extract<ProxyRoute, { kind: 'proxy' }>,
  host: string,
  port: number,
): Promise<Duplex> {
  const proxy = new Client(`${route.scheme}://${hostForUrl(route.host)}:${route.port}`);
  const authority = `${hostForUrl(host)}:${port}`;
  try {
    const { statusCode, socket } = await proxy.connect({ path: authority, headers: { host: authority } });
    if (statusCode !== 200) {
      socket.destroy();
      throw new ProxyError(
        `the proxy ${route.host}:${route.port} refused to connect to ${authority} (status ${statusCode})`,
        'EPROXY',
      );
    }
    return socket;
  } catch (error) {
    if (error instanceof ProxyError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new ProxyError(`the proxy ${route.host}:${route.port} could not be used: ${why}`, 'EPROXY');
  } finally {
    // The tunnelled socket is handed over; the client itself is no longer needed.
    void proxy.close().catch(() => {});
  }
}

/**
 * Starts TLS to host:port on the first route that opens. The handshake is not awaited: its outcome (a
 * certificate refused, say) arrives on the socket as with tls.connect itself.
 */
export async function connectTls(
  options: tls.ConnectionOptions & { host: string; port: number },
  resolveProxy: ResolveProxy,
): Promise<tls.TLSSocket> {
  const { host, port } = options;
  const { routes, unsupported } = parseProxyAnswer(
    await resolveProxy(`https://${hostForUrl(host)}:${port}/`),
  );
  if (routes.length === 0) {
    throw new ProxyError(
      `the system names only proxies Keyhold cannot use for ${host} (${unsupported.join('; ')}); only HTTP and HTTPS proxies are supported`,
      'EPROXY',
    );
  }
  let firstError: unknown = null;
  for (const route of routes) {
    try {
      if (route.kind === 'direct') return tls.connect(options);
      return tls.connect({ ...options, socket: await tunnel(route, host, port) });
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

/** An HTTPS agent whose every new connection is routed by connectTls. */
export class ProxiedAgent extends https.Agent {
  readonly #resolveProxy: ResolveProxy;

  constructor(options: https.AgentOptions, resolveProxy: ResolveProxy) {
    super(options);
    this.#resolveProxy = resolveProxy;
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    // Node's Agent waits for the callback when nothing is returned, and on failure reads the error alone
    // (lib/_http_agent.js, createSocket/oncreate), which @types/node's signature does not spell.
    const fail = callback as ((err: Error) => void) | undefined;
    // The options are the agent's and the request's merged by Node's Agent (the pinned CA, minVersion,
    // checkServerIdentity, and the SNI name it computed); `path` is the HTTP request's, never TLS's.
    const { host, hostname, port, path: _notForTls, ...rest } = options;
    connectTls(
      {
        ...(rest as tls.ConnectionOptions),
        host: host ?? hostname ?? 'localhost',
        port: Number(port ?? 443),
      },
      this.#resolveProxy,
    ).then(
      (socket) => callback?.(null, socket),
      (error: unknown) => fail?.(error instanceof Error ? error : new Error(String(error))),
    );
    return undefined;
  }
}
