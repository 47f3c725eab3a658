// OpenSSL's verification codes for a refused client certificate, in words a person can act on: one
// wording for the security monitor (operation routes) and the transport's certificate gate (the rest).

export function describeTlsError(code: string | null): string {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return 'it has expired';
    case 'CERT_NOT_YET_VALID':
      return 'it is not valid yet';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'it was not issued by this server’s certificate authority';
    default:
      return `it did not verify (${(code ?? 'unknown').replace(/[^\w]/g, '').slice(0, 40)})`;
  }
}
