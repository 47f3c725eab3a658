// What the HTTPS listener accepts of TLS: versions and cipher suites (Mozilla's "intermediate" profile,
// without its DHE suites), the same for the first secure context and every certificate swapped in later.

/**
 * TLS 1.2: forward secret (ECDHE) and authenticated encryption (AES-GCM, ChaCha20-Poly1305) only; no CBC
 * with SHA-1 (AES128-SHA and the like), no static RSA key exchange, no CCM8. Both ECDSA (the certificates
 * the server makes) and RSA (a certificate an administrator installs) keys are served.
 * https://wiki.mozilla.org/Security/Server_Side_TLS#Intermediate_compatibility_(recommended)
 */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
] as const;

/** TLS 1.3: Node's defaults (all three are AEAD and forward secret), named so the list is complete. */
export const TLS13_CIPHERSUITES = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
] as const;

/** The options every secure context of the listener carries (node takes TLS 1.3 suites in `ciphers` too). */
export const TLS_POLICY = {
  minVersion: 'TLSv1.2',
  ciphers: [...TLS13_CIPHERSUITES, ...TLS12_CIPHERS].join(':'),
} as const;
