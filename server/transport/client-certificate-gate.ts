// The listener's rule for client certificates on routes outside the operations: the web UI, the OpenAPI
// document, anything unrouted; and, when the network settings require one, on every route. The CRL and the
// CA certificate stay public: a machine needs them to verify what it is about to trust.
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { CRL_PATH, operations, rpcPath } from '../../contract/index.ts';
import type { AuditRecord } from '../audit/audit-log.ts';
import { describeTlsError } from '../certificates/tls-error-words.ts';
import type { TlsRuntime } from '../certificates/tls-runtime.ts';
import type { PresentedCertificate } from '../monitor/caller.ts';

/** Paths anyone may fetch whatever certificate they present or lack: the CRL, and the CA at both its URLs. */
const PUBLIC_PATHS = new Set([
  CRL_PATH,
  ...(['getServerCa', 'downloadCaCertificate'] as const).flatMap((name) => [
    operations[name].route.path,
    rpcPath(name),
  ]),
]);

export interface GateRefusal {
  /** The audit entry's code: certificate_refused, certificate_revoked or certificate_required. */
  auditCode: string;
  message: string;
  target: string | null;
}

/** The client certificate a TLS peer presented, or undefined when it presented none (browsers, the window). */
export function presentedCertificate(socket: TLSSocket): PresentedCertificate | undefined {
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer || typeof peer.serialNumber !== 'string') return undefined;
  // Typed as an Error, but node sets OpenSSL's code as a string (e.g. CERT_HAS_EXPIRED).
  const error: unknown = socket.authorizationError;
  return {
    serial: peer.serialNumber,
    authorized: socket.authorized,
    error: typeof error === 'string' ? error : error instanceof Error ? error.message : null,
  };
}

/**
 * Whether this request must be refused for its client certificate, and why; null lets it through.
 * `operationRoute`: the operations' routes, where the security monitor judges a presented certificate
 * itself (and audits it under the operation's name); the gate only adds the requirement there.
 */
export function judgeCertificate(
  tls: TlsRuntime | null,
  certificate: PresentedCertificate | undefined,
  path: string,
  options: { required: boolean; operationRoute: boolean },
): GateRefusal | null {
  if (PUBLIC_PATHS.has(path)) return null;
  if (!certificate) {
    if (!options.required) return null;
    return {
      auditCode: 'certificate_required',
      message:
        'this server accepts only clients that present a client certificate issued by its certificate authority',
      target: null,
    };
  }
  if (options.operationRoute) return null;
  const target = `certificate ${certificate.serial.toLowerCase()}`.slice(0, 80);
  if (!certificate.authorized) {
    return {
      auditCode: 'certificate_refused',
      message: `the client certificate was refused: ${describeTlsError(certificate.error)}`,
      target,
    };
  }
  if (tls?.isRevoked(certificate.serial)) {
    return {
      auditCode: 'certificate_revoked',
      message: 'the client certificate was refused: it has been revoked',
      target,
    };
  }
  return null;
}

/** The audit entry of a refusal at the gate: anonymous, so audit-writer counts repeats instead of storing each. */
export function gateAuditRecord(
  now: Date,
  req: FastifyRequest,
  operation: string,
  refusal: GateRefusal,
): AuditRecord {
  return {
    time: now.toISOString(),
    operation,
    opNumber: null,
    userId: null,
    sessionId: null,
    address: req.socket.remoteAddress ?? 'unknown',
    target: refusal.target,
    status: 'denied',
    code: refusal.auditCode,
  };
}

/** The path of a request without its query string. */
export function pathOf(req: FastifyRequest): string {
  return req.url.split('?')[0] ?? '';
}
