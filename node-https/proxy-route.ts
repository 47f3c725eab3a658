// Which way a connection to the server goes: the proxy answer a caller resolves (Electron's
// session.resolveProxy on the desktop; none for the CLI), read as Chromium writes it.

/** A PAC-style answer for a URL, such as "PROXY host:port; DIRECT" (Electron's `session.resolveProxy`). */
export type ResolveProxy = (url: string) => Promise<string>;

/** No proxy: every connection goes straight to the server. */
export const DIRECT: ResolveProxy = async () => 'DIRECT';

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

/** A host as it is written in a URL or a CONNECT line: IPv6 addresses in brackets. */
export const hostForUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** The proxy could not be used or refused the tunnel; the message names the proxy and why. */
export class ProxyError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ProxyError';
  }
}
