// Client mode: the main process forwards the window's calls to a remote Keyhold server over HTTPS,
// trusting only the CA pinned for it. The renderer stays sandboxed behind the same one bridge.
//
// The pinned CA is that server's own (it made it at first start), so a certificate it signed is that
// server whatever name it is reached by: the host name is not checked, because a LAN address or a
// name the server's certificate does not list is how people usually reach a desktop host.
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { z } from 'zod';
import type { BridgeRequest, ErrorBody, ErrorCode, Result } from '../../contract/index.ts';
import { isErrorCode } from '../../contract/index.ts';
import type { HostClient } from './host-client.ts';
import { ProxiedAgent, ProxyError, type ResolveProxy } from './proxy-tunnel.ts';

const REQUEST_TIMEOUT_MS = 60_000;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const errorBodySchema = z.object({
  code: z.custom<ErrorCode>((value) => typeof value === 'string' && isErrorCode(value)),
  message: z.string(),
  field: z.string().optional(),
  // Kept so that the window words a refusal with its exact limit, as it does in host mode.
  issue: z
    .object({
      kind: z.string().max(64),
      origin: z.string().max(64).optional(),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      format: z.string().max(64).optional(),
    })
    .optional(),
  retryAfter: z.number().optional(),
});
const resultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorBodySchema }),
]);
const serverCaSchema = z.object({
  ok: z.literal(true),
  value: z.object({ caCertPem: z.string().max(20_000), caFingerprint: z.string() }),
});

/** A refusal the window shows as it is: a stable code and a sentence naming the server. */
export class RemoteError extends Error {
  constructor(
    readonly code: ErrorBody['code'],
    message: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }

  toResult(): Result<never> {
    return { ok: false, error: { code: this.code, message: this.message } };
  }
}

/** The CA certificate as a person compares it (and as Keyhold's own settings screen shows it). */
export function caFingerprintOf(caCertPem: string): { fingerprint: string; subject: string } {
  const ca = new X509Certificate(caCertPem);
  return { fingerprint: ca.fingerprint256, subject: ca.subject.replace(/\n/g, ', ') };
}

interface RawResponse {
  status: number;
  body: string;
  peer: X509Certificate | null;
}

function post(url: URL, body: string, options: https.RequestOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      ...options,
      method: 'POST',
      headers: {
        ...options.headers,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
      timeout: REQUEST_TIMEOUT_MS,
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
        if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('the answer is too large'));
        else chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), peer }),
      );
      res.on('error', reject);
    });
    req.end(body);
  });
}

/** Why a call did not reach the server, in words (TLS refusals say the CA is not the pinned one). */
function unreachable(origin: string, error: unknown): RemoteError {
  const code = (error as { code?: string }).code ?? '';
  if (error instanceof ProxyError) {
    return new RemoteError('internal', `could not reach the Keyhold server at ${origin}: ${error.message}`);
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return new RemoteError(
      'forbidden',
      `${origin} did not present a certificate from the CA pinned for it (${code}); Keyhold will not talk to it. If the server was reinstalled, connect to it again and compare the new fingerprint.`,
    );
  }
  const why =
    code === 'ECONNREFUSED'
      ? 'nothing answers there'
      : code === 'ENOTFOUND'
        ? 'no such host'
        : code === 'ETIMEDOUT'
          ? 'it did not answer in time'
          : error instanceof Error
            ? error.message
            : String(error);
  return new RemoteError('internal', `could not reach the Keyhold server at ${origin}: ${why}`);
}

/**
 * Meets a server without trusting it: fetches its CA (a public operation) and checks that the
 * certificate it presented was issued by that CA, so the fingerprint shown is the one it serves with.
 */
export async function probeServer(
  origin: string,
  resolveProxy: ResolveProxy,
): Promise<{ url: string; caCertPem: string; caFingerprint: string; caSubject: string }> {
  let response: RawResponse;
  // Not verified on purpose: this is the first meeting, and a person compares the fingerprint next.
  const agent = new ProxiedAgent({ rejectUnauthorized: false, keepAlive: false }, resolveProxy);
  try {
    response = await post(new URL('/v1/op/getServerCa', origin), '{}', { agent });
  } catch (error) {
    throw unreachable(origin, error);
  } finally {
    agent.destroy();
  }
  let parsed: z.infer<typeof serverCaSchema>;
  try {
    parsed = serverCaSchema.parse(JSON.parse(response.body));
  } catch {
    throw new RemoteError(
      'bad_request',
      `${origin} answered, but not as a Keyhold server (status ${response.status})`,
    );
  }
  const { caCertPem } = parsed.value;
  let ca: X509Certificate;
  try {
    ca = new X509Certificate(caCertPem);
  } catch {
    throw new RemoteError('bad_request', `${origin} sent a CA certificate that cannot be read`);
  }
  if (!response.peer?.checkIssued(ca) || !response.peer.verify(ca.publicKey)) {
    throw new RemoteError(
      'forbidden',
      `the certificate ${origin} presented was not issued by the CA it sent; something between you and the server may be intercepting the connection`,
    );
  }
  const { fingerprint, subject } = caFingerprintOf(caCertPem);
  return { url: origin, caCertPem, caFingerprint: fingerprint, caSubject: subject };
}

/** The remote server as the bridge sees it: the same call/close as the embedded host. */
export function createRemoteClient(
  origin: string,
  caCertPem: string,
  resolveProxy: ResolveProxy,
): HostClient {
  // Through the system's proxy when it names one (proxy-tunnel.ts); TLS is checked inside the tunnel.
  const agent = new ProxiedAgent(
    {
      ca: caCertPem,
      keepAlive: true,
      minVersion: 'TLSv1.2',
      // See the header: the pinned CA decides; the name the server is reached by does not.
      checkServerIdentity: () => undefined,
    },
    resolveProxy,
  );
  return {
    async call(request: BridgeRequest): Promise<Result<unknown>> {
      const url = new URL(`/v1/op/${encodeURIComponent(request.operation)}`, origin);
      const headers: Record<string, string> = {};
      if (request.token) headers.authorization = `Bearer ${request.token}`;
      if (request.opNumber !== null) headers['x-keyhold-op'] = String(request.opNumber);
      let response: RawResponse;
      try {
        response = await post(url, JSON.stringify(request.input ?? {}), { agent, headers });
      } catch (error) {
        return unreachable(origin, error).toResult();
      }
      try {
        return resultSchema.parse(JSON.parse(response.body)) satisfies Result<unknown>;
      } catch {
        return new RemoteError(
          'internal',
          `${origin} gave an answer Keyhold cannot read (status ${response.status})`,
        ).toResult();
      }
    },
    async close() {
      agent.destroy();
    },
  };
}
