// Why a TLS connection to the pinned server was refused, in words that say what to do. The HTTPS transport
// reports any failed fetch as "cannot reach the server"; when the server was reached but its certificate
// was refused, that is a different story (a changed CA, a wrong host, or someone in between), told here.

/** The explanation of the last refusal in this process, if the last failure was a certificate's. */
let last: string | null = null;

const NOT_FROM_PINNED_CA = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

function codeOf(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
  }
  return null;
}

export function noteTlsRefusal(server: string, error: unknown): void {
  const code = codeOf(error);
  const origin = new URL(server).origin;
  const host = new URL(server).hostname;
  last = null;
  if (code !== null && NOT_FROM_PINNED_CA.has(code)) {
    last =
      `the server at ${origin} presented a certificate that is not from the CA pinned for it (${code}); nothing ` +
      'was sent. Either its CA was replaced (ask its administrator for the new tls/ca.pem and its fingerprint, ' +
      `then run keyhold login --server ${origin} --ca NEW-CA.pem) or this is not your server: do not pin it.`;
  } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    last =
      `the server's certificate is not valid for the name ${host}; nothing was sent. Use the name or address ` +
      'it was issued for (its administrator can add this one to the server certificate).';
  } else if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    last = `the certificate of the server at ${origin} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'} (or this computer's clock is wrong); nothing was sent.`;
  }
}

/** The sentence to print instead of "cannot reach the server", or null when it was no certificate problem. */
export function tlsRefusal(): string | null {
  return last;
}
