// The one Node HTTPS connection to a Keyhold server, for the desktop's client mode and the CLI: it trusts only
// the CA pinned for that server (the system's roots are not consulted), presents a client certificate when
// one is given (mutual TLS), goes through the proxy the caller resolves, and gives up on a silent server.
import { X509Certificate } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import tls, { type TLSSocket } from 'node:tls';
import { ProxiedAgent } from './proxied-agent.ts';
import { DIRECT, type ResolveProxy } from './proxy-route.ts';

/** What the server's certificate must satisfy. */
export interface PinnedTrust {
  /** The one CA (PEM) the server's certificate must come from. */
  caPem: string;
  /**
   * Whether the certificate must also name the host the server is reached by. The desktop says no: the
   * pinned CA is that server's own, so whatever it signed is that server, and a LAN address the certificate
   * does not list is how people usually reach a desktop host. The CLI says yes, as it always has.
   */
  checkHostName: boolean;
  /** Mutual TLS: the client's certificate and its key (PEM), presented when the server asks. */
  clientCertPem?: string | undefined;
  clientKeyPem?: string | undefined;
}

export interface ConnectionOptions {
  /** The server, e.g. https://vault.example:7777; HTTPS only. */
  origin: string;
  /**
   * The pinned CA, or 'first-meeting': nothing is trusted, so that what a server presents can be read and
   * its CA's fingerprint compared by a person before anything is pinned. Nothing secret goes over it.
   */
  trust: PinnedTrust | 'first-meeting';
  /** Which proxy to use for a URL; DIRECT (no proxy) unless given. */
  resolveProxy?: ResolveProxy;
  /** A request whose connection stays silent this long fails with ETIMEDOUT. */
  timeoutMs?: number;
  /** A larger answer is refused (it is read into memory whole). */
  maxResponseBytes?: number;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The certificate the server presented on the connection that carried this answer. */
  peer: X509Certificate | null;
}

export interface PinnedConnection {
  readonly origin: string;
  /** A JSON POST to a path of the server. Rejects with the socket's error when the server was not reached. */
  postJson(path: string, json: string, headers?: Record<string, string>): Promise<Answer>;
  /**
   * The same connection as a fetch, for web-standard callers (client/'s HTTPS transport). Requests to
   * another origin are refused; a failure rejects as fetch does: TypeError('fetch failed') with the cause.
   */
  fetch: typeof fetch;
  /** Closes the kept-alive connections. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Statuses whose answers have no body, which Response refuses to be given one. */
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

function agentFor(trust: ConnectionOptions['trust'], resolveProxy: ResolveProxy): https.Agent {
  if (trust === 'first-meeting') {
    // Not verified on purpose: see ConnectionOptions.trust.
    return new ProxiedAgent(
      { rejectUnauthorized: false, keepAlive: false, minVersion: 'TLSv1.2' },
      resolveProxy,
    );
  }
  return new ProxiedAgent(
    {
      // `ca` replaces Node's bundled roots for this agent: the pinned CA is the only one trusted.
      ca: trust.caPem,
      ...(trust.clientCertPem !== undefined && { cert: trust.clientCertPem }),
      ...(trust.clientKeyPem !== undefined && { key: trust.clientKeyPem }),
      keepAlive: true,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      checkServerIdentity: trust.checkHostName ? tls.checkServerIdentity : () => undefined,
    },
    resolveProxy,
  );
}

function send(
  agent: https.Agent,
  url: URL,
  request: { method: string; headers: Record<string, string>; body: Buffer | null },
  limits: { timeoutMs: number; maxResponseBytes: number },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      agent,
      method: request.method,
      headers: {
        ...request.headers,
        ...(request.body !== null && { 'content-length': String(request.body.length) }),
      },
      timeout: limits.timeoutMs,
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.on('response', (res) => {
      const socket = res.socket as TLSSocket;
      const raw =
        typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate().raw : undefined;
      const peer = raw ? new X509Certificate(raw) : null;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxResponseBytes) {
          req.destroy(Object.assign(new Error('the answer is too large'), { code: 'ERESPONSETOOLARGE' }));
        } else chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), peer }),
      );
      res.on('error', reject);
    });
    req.end(request.body ?? undefined);
  });
}

function toHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) out.append(name, one);
  }
  return out;
}

/** A connection to one server; each request opens (or reuses) a TLS connection checked as `trust` says. */
export function createPinnedConnection(options: ConnectionOptions): PinnedConnection {
  const base = new URL(options.origin);
  if (base.protocol !== 'https:') {
    throw new TypeError('Keyhold speaks HTTPS only: the server URL must start with https://');
  }
  const agent = agentFor(options.trust, options.resolveProxy ?? DIRECT);
  const limits = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };

  const pinnedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== base.origin) {
      throw new TypeError(`this connection is for ${base.origin} only, not ${url.origin}`);
    }
    const body = request.body === null ? null : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    let answer: Answer;
    try {
      answer = await send(agent, url, { method: request.method, headers, body }, limits);
    } catch (error) {
      throw new TypeError('fetch failed', { cause: error });
    }
    const empty = NULL_BODY_STATUS.has(answer.status) || request.method === 'HEAD';
    return new Response(empty ? null : new Uint8Array(answer.body), {
      status: answer.status,
      headers: toHeaders(answer.headers),
    });
  };

  return {
    origin: base.origin,
    postJson: (path, json, headers = {}) =>
      send(
        agent,
        new URL(path, base),
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: Buffer.from(json, 'utf8'),
        },
        limits,
      ),
    // Node's fetch types and the DOM's differ in name only (RequestInit of undici-types vs lib.dom).
    fetch: pinnedFetch as typeof fetch,
    async close() {
      agent.destroy();
    },
  };
}
