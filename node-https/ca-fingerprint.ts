// Pinning a server's CA by its fingerprint: the SHA-256 form a person compares, and the first meeting, which
// reads the chain a server presents over an unverified connection only so that its CA can be compared.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { DetailedPeerCertificate } from 'node:tls';
import { connectTls } from './proxied-agent.ts';
import { DIRECT, type ResolveProxy } from './proxy-route.ts';

/** The colon-separated, upper-case form Keyhold prints, from any spelling a person may paste; null if none. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text
    .replace(/^sha256[:=]?/i, '')
    .replace(/[\s:]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return (hex.match(/.{2}/g) ?? []).join(':');
}

/** A CA certificate as a person compares it (and as Keyhold's own settings screen shows it). */
export function caIdentity(caCertPem: string): { fingerprint: string; subject: string } {
  const ca = new X509Certificate(caCertPem);
  return { fingerprint: ca.fingerprint256, subject: ca.subject.replace(/\n/g, ', ') };
}

/**
 * The top of the chain the server at `origin` presents (the CA, when the server sends it), read over a
 * connection that trusts nothing: nothing read here is trusted until its fingerprint is accepted.
 */
export async function presentedChainTop(
  origin: string,
  resolveProxy: ResolveProxy = DIRECT,
): Promise<X509Certificate> {
  const url = new URL(origin);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const socket = await connectTls(
    {
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      // Not verified on purpose: this is the first meeting, and a fingerprint is compared next.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    resolveProxy,
  );
  const chain = await new Promise<DetailedPeerCertificate>((resolve, reject) => {
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true);
      socket.end();
      resolve(peer);
    });
    socket.once('error', reject);
  });
  let top = chain;
  while (top.issuerCertificate && top.issuerCertificate !== top && top.issuerCertificate.raw) {
    top = top.issuerCertificate;
  }
  return new X509Certificate(top.raw);
}
