// Client mode: the main process forwards the window's calls to a remote Keyhold server over HTTPS
// (node-https/, shared with the CLI), trusting only the CA pinned for it and going through the proxy the
// system names. The renderer stays sandboxed behind the same one bridge.
//
// The pinned CA is that server's own (it made it at first start), so a certificate it signed is that
// server whatever name it is reached by: the host name is not checked, because a LAN address or a
// name the server's certificate does not list is how people usually reach a desktop host.
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import type { BridgeRequest, ErrorBody, ErrorCode, Result } from '../../contract/index.ts';
import { bearerAuthorization, isErrorCode, OP_NUMBER_HEADER, rpcPath } from '../../contract/index.ts';
import { caIdentity } from '../../node-https/ca-fingerprint.ts';
import { certificateRefusal, unreachableReason } from '../../node-https/connection-failure.ts';
import { type Answer, createPinnedConnection } from '../../node-https/pinned-connection.ts';
import type { ResolveProxy } from '../../node-https/proxy-route.ts';
import type { HostClient } from './host-client.ts';

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
export const caFingerprintOf = caIdentity;

/** Why a call did not reach the server, in words (TLS refusals say the CA is not the pinned one). */
function unreachable(origin: string, error: unknown): RemoteError {
  const refusal = certificateRefusal(origin, error);
  if (refusal !== null) {
    const advice =
      refusal.reason === 'not-pinned-ca'
        ? ' If the server was reinstalled, connect to it again and compare the new fingerprint; otherwise this is not your server.'
        : '';
    return new RemoteError('forbidden', `${refusal.sentence}${advice}`);
  }
  return new RemoteError(
    'internal',
    `could not reach the Keyhold server at ${origin}: ${unreachableReason(error)}`,
  );
}

/**
 * Meets a server without trusting it: fetches its CA (a public operation) and checks that the
 * certificate it presented was issued by that CA, so the fingerprint shown is the one it serves with.
 */
export async function probeServer(
  origin: string,
  resolveProxy: ResolveProxy,
): Promise<{ url: string; caCertPem: string; caFingerprint: string; caSubject: string }> {
  let response: Answer;
  // Not verified on purpose: this is the first meeting, and a person compares the fingerprint next.
  const connection = createPinnedConnection({ origin, trust: 'first-meeting', resolveProxy });
  try {
    response = await connection.postJson(rpcPath('getServerCa'), '{}');
  } catch (error) {
    throw unreachable(origin, error);
  } finally {
    await connection.close();
  }
  let parsed: z.infer<typeof serverCaSchema>;
  try {
    parsed = serverCaSchema.parse(JSON.parse(response.body.toString('utf8')));
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
  // Through the system's proxy when it names one; TLS is checked inside the tunnel.
  const connection = createPinnedConnection({
    origin,
    // See the header: the pinned CA decides; the name the server is reached by does not.
    trust: { caPem: caCertPem, checkHostName: false },
    resolveProxy,
  });
  return {
    async call(request: BridgeRequest): Promise<Result<unknown>> {
      const path = rpcPath(request.operation);
      const headers: Record<string, string> = {};
      if (request.token) headers.authorization = bearerAuthorization(request.token);
      if (request.opNumber !== null) headers[OP_NUMBER_HEADER] = String(request.opNumber);
      let response: Answer;
      try {
        response = await connection.postJson(path, JSON.stringify(request.input ?? {}), headers);
      } catch (error) {
        return unreachable(origin, error).toResult();
      }
      try {
        return resultSchema.parse(JSON.parse(response.body.toString('utf8'))) satisfies Result<unknown>;
      } catch {
        return new RemoteError(
          'internal',
          `${origin} gave an answer Keyhold cannot read (status ${response.status})`,
        ).toResult();
      }
    },
    close: () => connection.close(),
  };
}
