// First contact with a server whose CA is not pinned yet: read its certificate chain over an unverified
// connection, only to show the CA's SHA-256 fingerprint for the person to compare (or to match a given one).
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls, { type DetailedPeerCertificate } from 'node:tls';
import { CliError } from './errors.ts';

/** The colon-separated, upper-case form the server prints, from any spelling a person may paste. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text
    .replace(/^sha256[:=]?/i, '')
    .replace(/[\s:]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return (hex.match(/.{2}/g) ?? []).join(':');
}

export function caFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/** Checks that a PEM file holds a CA certificate, so a wrong file is refused at login and not at every call. */
export function parseCaPem(pem: string, file: string): string {
  try {
    const cert = new X509Certificate(pem);
    if (!cert.ca) throw new CliError(`${file} is not a certificate authority's certificate`);
    return cert.toString();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file} does not hold a PEM certificate`);
  }
}

function toPem(der: Buffer): string {
  const body =
    der
      .toString('base64')
      .match(/.{1,64}/g)
      ?.join('\n') ?? '';
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** The top of the chain the server sends. Nothing read here is trusted until its fingerprint is accepted. */
export async function fetchServerCa(server: string): Promise<{ pem: string; fingerprint: string }> {
  const url = new URL(server);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const chain = await new Promise<DetailedPeerCertificate>((resolve, reject) => {
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
    });
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true);
      socket.end();
      resolve(peer);
    });
    socket.once('error', (error) => reject(new CliError(`cannot reach ${url.origin}: ${error.message}`)));
  });
  let top = chain;
  while (top.issuerCertificate && top.issuerCertificate !== top && top.issuerCertificate.raw) {
    top = top.issuerCertificate;
  }
  const pem = toPem(top.raw);
  const cert = new X509Certificate(pem);
  if (!cert.ca) {
    throw new CliError(
      `${url.origin} does not send its CA certificate; copy the server's tls/ca.pem and pass it with --ca FILE`,
    );
  }
  return { pem: cert.toString(), fingerprint: cert.fingerprint256 };
}
