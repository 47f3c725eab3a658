// The proxy a command-line program is told of by its environment: https_proxy / HTTPS_PROXY and
// no_proxy / NO_PROXY, read as undici's EnvHttpProxyAgent and curl read them, turned into the PAC-style
// answer the rest of node-https takes (proxy-route.ts). TLS still runs inside the tunnel, so the pinned CA
// is checked exactly as on a direct connection.
import { isIP } from 'node:net';
import { DIRECT, hostForUrl, type ResolveProxy } from './proxy-route.ts';

/** A proxy variable that cannot be used; the message names the variable, never a password in it. */
export class ProxySettingError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ProxySettingError';
  }
}

interface NoProxyEntry {
  host: string;
  port: number | null;
}

/** The first of the names that is set; an empty value counts as set (it says: no proxy). */
function firstSet(env: NodeJS.ProcessEnv, names: string[]): [string, string] | null {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) return [name, value.trim()];
  }
  return null;
}

/** "PROXY host:port" or "HTTPS host:port" for a proxy URL; a bare host:port is an HTTP proxy, as curl takes it. */
function proxyAnswer(variable: string, text: string): string {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ProxySettingError(variable, 'not a proxy address (e.g. http://proxy.example:3128)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxySettingError(
      variable,
      `${url.protocol.replace(/:$/, '')} proxies are not supported; only http:// and https:// proxies are`,
    );
  }
  if (url.username || url.password) {
    throw new ProxySettingError(variable, 'a user name or password in the proxy address is not supported');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new ProxySettingError(variable, 'a proxy address is a scheme, a host and a port, without a path');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return `${url.protocol === 'https:' ? 'HTTPS' : 'PROXY'} ${hostForUrl(host)}:${port}`;
}

/** NO_PROXY's entries: comma- or space-separated hosts, each with an optional port; `.example` and `*.example` mean the domain and below. */
function parseNoProxy(text: string): NoProxyEntry[] | 'everything' {
  const entries: NoProxyEntry[] = [];
  for (const raw of text.split(/[,\s]+/)) {
    if (!raw) continue;
    if (raw === '*') return 'everything';
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
    const withPort = /^([^:]+):(\d+)$/.exec(raw);
    const [host, port] = bracketed
      ? [bracketed[1] ?? '', bracketed[2]]
      : withPort
        ? [withPort[1] ?? '', withPort[2]]
        : [raw, undefined];
    entries.push({ host: host.replace(/^\*?\./, '').toLowerCase(), port: port ? Number(port) : null });
  }
  return entries;
}

function bypassed(noProxy: NoProxyEntry[] | 'everything', host: string, port: number): boolean {
  if (noProxy === 'everything') return true;
  return noProxy.some(
    (entry) =>
      (entry.port === null || entry.port === port) &&
      (host === entry.host || (isIP(host) === 0 && host.endsWith(`.${entry.host}`))),
  );
}

/**
 * The proxy for each HTTPS URL from the environment, read once here: a proxy variable that cannot be used
 * throws ProxySettingError now, not at the first request. Without https_proxy / HTTPS_PROXY, DIRECT.
 */
export function proxyFromEnvironment(env: NodeJS.ProcessEnv = process.env): ResolveProxy {
  const proxy = firstSet(env, ['https_proxy', 'HTTPS_PROXY']);
  if (proxy === null || proxy[1] === '') return DIRECT;
  const answer = proxyAnswer(proxy[0], proxy[1]);
  const noProxy = parseNoProxy(firstSet(env, ['no_proxy', 'NO_PROXY'])?.[1] ?? '');
  return async (target) => {
    const url = new URL(target);
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = url.port ? Number(url.port) : 443;
    return bypassed(noProxy, host, port) ? 'DIRECT' : answer;
  };
}
