// Client mode behind a proxy: the HTTPS agent asks Electron which proxy the system (or its PAC file) names
// for the server (session.resolveProxy, the same answer Chromium itself would use), opens an HTTP CONNECT
// tunnel through it with undici, and runs TLS to the server inside the tunnel, so the pinned-CA check is
// the same as on a direct connection: the proxy sees only the host name and ciphertext.
//
// Why not Electron's net.fetch, which follows proxies by itself: it verifies certificates with Chromium's
// verifier, so pinning a server's own CA would need a session-wide setCertificateVerifyProc, and the probe
// (which must see the certificate presented before anything is trusted) has no way to read it.
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { Client } from 'undici';

/** Electron's `session.resolveProxy(url)`: a PAC-style answer such as "PROXY host:port; DIRECT". */
export type ResolveProxy = (url: string) => Promise<string>;

export type ProxyRoute =
  | { kind: 'direct' }
  | { kind: 'proxy'; scheme: 'http' | 'https'; host: string; port: number };

/**
 * Reads Chromium's answer (net/proxy_resolution/proxy_list.cc format: entries separated by ';', each
 * DIRECT, PROXY, HTTPS, SOCKS, SOCKS4, SOCKS5 or QUIC with host:port). SOCKS and QUIC are not spoken
 * here; they are skipped, and named if nothing else is left.
 */
export function parseProxyAnswer(answer: string): { routes: ProxyRoute[]; unsupported: string[] } {
  const routes: ProxyRoute[] = [];
  const unsupported: string[] = [];
  for (const entry of answer.split(';')) {
    const [kind = '', hostPort = ''] = entry.trim().split(/\s+/);
    const scheme = kind.toUpperCase();
    if (!scheme) continue;
    if (scheme === 'DIRECT') {
      routes.push({ kind: 'direct' });
      continue;
    }
    const address = parseHostPort(hostPort);
    if ((scheme === 'PROXY' || scheme === 'HTTPS') && address) {
      routes.push({ kind: 'proxy', scheme: scheme === 'PROXY' ? 'http' : 'https', ...address });
    } else {
      unsupported.push(entry.trim());
    }
  }
  // An empty answer means no proxy.
  if (routes.length === 0 && unsupported.length === 0) routes.push({ kind: 'direct' });
  return { routes, unsupported };
}

function parseHostPort(text: string): { host: string; port: number } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return null;
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

const hostForUrl = (host: string) => (host.includes(':') ? `[${host}]` : host);

export class ProxyError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ProxyError';
  }
}

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
 * An HTTPS agent that routes each new connection as the system's proxy settings say, trying the
 * answer's entries in order (as Chromium falls back), with TLS inside the tunnel checked as usual.
 */
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
    this.#connect(options).then(
      (socket) => callback?.(null, socket),
      (error: unknown) => fail?.(error instanceof Error ? error : new Error(String(error))),
    );
    return undefined;
  }

  async #connect(options: https.RequestOptions): Promise<Duplex> {
    const host = options.host ?? options.hostname ?? 'localhost';
    const port = Number(options.port ?? 443);
    const { routes, unsupported } = parseProxyAnswer(
      await this.#resolveProxy(`https://${hostForUrl(host)}:${port}/`),
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
        if (route.kind === 'direct') return this.#tls(options);
        return this.#tls(options, await tunnel(route, host, port));
      } catch (error) {
        firstError ??= error;
      }
    }
    throw firstError;
  }

  /**
   * TLS to the server, on a tunnel or directly, with the agent's and the request's options merged by Node's
   * Agent (the pinned CA, minVersion, checkServerIdentity, and the SNI name it computed).
   */
  #tls(options: https.RequestOptions, socket?: Duplex): Duplex {
    // `path` is the HTTP request's (or a Unix socket's): never a TLS connection's.
    const { host, port, path: _notForTls, ...rest } = options;
    const connectOptions: tls.ConnectionOptions = {
      ...rest,
      host: host ?? undefined,
      port: Number(port ?? 443),
      ...(socket ? { socket } : {}),
    };
    return tls.connect(connectOptions);
  }
}
