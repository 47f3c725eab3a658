// Why a call did not reach the server, in words: a certificate refused (not from the pinned CA, not for this
// name, expired), a proxy that could not be used, or nothing answering. Callers add what their user should do.
import { ProxyError } from './proxy-route.ts';

export type RefusalReason = 'not-pinned-ca' | 'wrong-name' | 'expired' | 'not-yet-valid' | 'did-not-verify';

export type ConnectionFailure =
  /** TLS refused the server's certificate: nothing was sent. `code` is OpenSSL's or Node's. */
  | { kind: 'certificate'; reason: RefusalReason; code: string }
  | { kind: 'proxy' }
  | { kind: 'unreachable'; code: string | null };

/** OpenSSL's codes for a chain the pinned CA does not vouch for. */
const NOT_FROM_PINNED_CA = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

/** OpenSSL's other verification codes (as Node names them, crypto_common.cc): the certificate did not verify. */
const DID_NOT_VERIFY = new Set([
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CRL_SIGNATURE_FAILURE',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
]);

/** The first code along the error's causes (a fetch wraps the socket's error), skipping undici's generic one. */
function errorCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
  }
  return null;
}

export function classifyFailure(error: unknown): ConnectionFailure {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof ProxyError) return { kind: 'proxy' };
  }
  const code = errorCode(error);
  if (code === null) return { kind: 'unreachable', code };
  if (NOT_FROM_PINNED_CA.has(code)) return { kind: 'certificate', reason: 'not-pinned-ca', code };
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return { kind: 'certificate', reason: 'wrong-name', code };
  if (code === 'CERT_HAS_EXPIRED') return { kind: 'certificate', reason: 'expired', code };
  if (code === 'CERT_NOT_YET_VALID') return { kind: 'certificate', reason: 'not-yet-valid', code };
  // Any other check of the server's certificate that failed (revoked, a malformed chain, ...). Not ERR_SSL_*:
  // those are alerts the server sent, e.g. about this client's own certificate.
  if (DID_NOT_VERIFY.has(code) || code.startsWith('ERR_TLS_CERT')) {
    return { kind: 'certificate', reason: 'did-not-verify', code };
  }
  return { kind: 'unreachable', code };
}

/**
 * Why the server's certificate was refused, in a sentence, or null when the failure was no certificate's.
 * `origin` is the server's URL as configured; the caller adds what to do (connect again, keyhold login, ...).
 */
export function certificateRefusal(
  origin: string,
  error: unknown,
): { reason: RefusalReason; sentence: string } | null {
  const failure = classifyFailure(error);
  if (failure.kind !== 'certificate') return null;
  return { reason: failure.reason, sentence: refusalSentence(new URL(origin), failure.reason, failure.code) };
}

function refusalSentence(url: URL, reason: RefusalReason, code: string): string {
  switch (reason) {
    case 'not-pinned-ca':
      return `the server at ${url.origin} presented a certificate that is not from the CA pinned for it (${code}); nothing was sent.`;
    case 'wrong-name':
      return (
        `the server's certificate is not valid for the name ${url.hostname}; nothing was sent. Use the name or ` +
        'address it was issued for (its administrator can add this one to the server certificate).'
      );
    case 'expired':
    case 'not-yet-valid':
      return `the certificate of the server at ${url.origin} is ${reason === 'expired' ? 'expired' : 'not valid yet'} (or this computer's clock is wrong); nothing was sent.`;
    case 'did-not-verify':
      return `the certificate of the server at ${url.origin} did not verify (${code}); nothing was sent.`;
  }
}

/** Why nothing was reached, in a few words (proxy errors carry their own sentence). */
export function unreachableReason(error: unknown): string {
  const failure = classifyFailure(error);
  if (failure.kind === 'unreachable') {
    switch (failure.code) {
      case 'ECONNREFUSED':
        return 'nothing answers there';
      case 'ENOTFOUND':
        return 'no such host';
      case 'ETIMEDOUT':
        return 'it did not answer in time';
    }
  }
  return error instanceof Error ? error.message : String(error);
}
