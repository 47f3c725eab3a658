// First contact with a server whose CA is not pinned yet: read its certificate chain over an unverified
// connection (node-https/ca-fingerprint.ts), only to show the CA's SHA-256 fingerprint for the person to
// compare (or to match a given one).
import { X509Certificate } from 'node:crypto';
import { caIdentity, normalizeFingerprint, presentedChainTop } from '../node-https/ca-fingerprint.ts';
import { CliError } from './errors.ts';
import { environmentProxy } from './proxy-environment.ts';

export { normalizeFingerprint };

export function caFingerprint(pem: string): string {
  return caIdentity(pem).fingerprint;
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

/** The top of the chain the server sends. Nothing read here is trusted until its fingerprint is accepted. */
export async function fetchServerCa(server: string): Promise<{ pem: string; fingerprint: string }> {
  const url = new URL(server);
  const resolveProxy = environmentProxy();
  let cert: X509Certificate;
  try {
    cert = await presentedChainTop(url.origin, resolveProxy);
  } catch (error) {
    throw new CliError(
      `cannot reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!cert.ca) {
    throw new CliError(
      `${url.origin} does not send its CA certificate; copy the server's tls/ca.pem and pass it with --ca FILE`,
    );
  }
  return { pem: cert.toString(), fingerprint: cert.fingerprint256 };
}
