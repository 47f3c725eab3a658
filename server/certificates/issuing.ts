// Issuing and renewing client certificates, and checking a server certificate an administrator brings.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { OpError } from '../errors.ts';
import type { CertificateAuthority } from './certificates-repo.ts';
import {
  ecdsaP256,
  exportPrivateKeyPem,
  generateKeyPair,
  parseCertificateChain,
  randomSerial,
} from './pem.ts';
import { x509 } from './x509.ts';

const DAY = 86_400_000;
/** Backdated a little, so a client whose clock runs slow does not see a certificate from the future. */
const BACKDATE_MS = 5 * 60_000;

async function sign(
  ca: CertificateAuthority,
  subject: x509.Name,
  publicKey: CryptoKey,
  validityDays: number,
  now: Date,
  usage: { eku: string; names?: x509.JsonGeneralName[] },
): Promise<string> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: caCert.subjectName,
    notBefore,
    notAfter: new Date(notBefore.getTime() + validityDays * DAY),
    publicKey,
    signingKey: ca.key,
    signingAlgorithm: ecdsaP256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage.eku]),
      ...(usage.names ? [new x509.SubjectAlternativeNameExtension(usage.names)] : []),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  return cert.toString('pem');
}

/** A new key pair and its certificate; the private key leaves in the answer and is not kept. */
export async function issueClientCertificate(
  ca: CertificateAuthority,
  opts: { commonName: string; validityDays: number; now: Date },
): Promise<{ certPem: string; keyPem: string }> {
  const keys = await generateKeyPair();
  // The name is built from parts, never parsed from text, so a comma in it stays inside the CN.
  const subject = new x509.Name([{ CN: [opts.commonName] }, { O: ['Keyhold'] }]);
  const certPem = await sign(ca, subject, keys.publicKey, opts.validityDays, opts.now, {
    eku: x509.ExtendedKeyUsage.clientAuth,
  });
  return { certPem, keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

/** The same subject and public key under a new serial and validity: the holder keeps their key. */
export async function renewClientCertificate(
  ca: CertificateAuthority,
  oldCertPem: string,
  opts: { validityDays: number; now: Date },
): Promise<string> {
  const old = new x509.X509Certificate(oldCertPem);
  const publicKey = await old.publicKey.export(ecdsaP256, ['verify']);
  return sign(ca, old.subjectName, publicKey, opts.validityDays, opts.now, {
    eku: x509.ExtendedKeyUsage.clientAuth,
  });
}

/** A new server key pair and certificate for the names in settings; the first DNS name is its CN. */
export async function issueServerCertificate(
  ca: CertificateAuthority,
  opts: { dnsNames: readonly string[]; ipAddresses: readonly string[]; validityDays: number; now: Date },
): Promise<{ certPem: string; keyPem: string }> {
  const keys = await generateKeyPair();
  const subject = new x509.Name([{ CN: [opts.dnsNames[0] ?? 'localhost'] }, { O: ['Keyhold'] }]);
  const names: x509.JsonGeneralName[] = [
    ...opts.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...opts.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
  const certPem = await sign(ca, subject, keys.publicKey, opts.validityDays, opts.now, {
    eku: x509.ExtendedKeyUsage.serverAuth,
    names,
  });
  return { certPem, keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

/**
 * An administrator's own server certificate: it must parse, its key must match, it must be within its
 * validity period and name at least one host. The refusal says which of these failed.
 */
export function checkReplacement(
  certPem: string,
  keyPem: string,
  now: Date,
): { leafPem: string; chainPem: string; keyPem: string } {
  let chain: ReturnType<typeof parseCertificateChain>;
  try {
    chain = parseCertificateChain(certPem);
  } catch {
    throw new OpError('bad_request', 'the certificate does not parse as X.509 PEM', { field: 'certPem' });
  }
  const leaf = chain[0];
  if (!leaf) throw new OpError('bad_request', 'no certificate in the PEM', { field: 'certPem' });
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey({ key: keyPem, format: 'pem' });
  } catch {
    throw new OpError('bad_request', 'the key does not parse as an unencrypted PEM private key', {
      field: 'keyPem',
    });
  }
  const fromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const fromCert = leaf.publicKey.export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCert)) {
    throw new OpError('bad_request', 'the key does not belong to the certificate', { field: 'keyPem' });
  }
  if (new Date(leaf.validTo).getTime() <= now.getTime()) {
    throw new OpError('bad_request', `the certificate expired on ${new Date(leaf.validTo).toISOString()}`, {
      field: 'certPem',
    });
  }
  if (new Date(leaf.validFrom).getTime() > now.getTime()) {
    throw new OpError('bad_request', 'the certificate is not valid yet', { field: 'certPem' });
  }
  if (!leaf.subjectAltName || !/(DNS|IP Address):/.test(leaf.subjectAltName)) {
    throw new OpError('bad_request', 'the certificate names no host (no DNS name or IP address in it)', {
      field: 'certPem',
    });
  }
  // Re-encoded from what parsed, so stray text between blocks never reaches OpenSSL; then OpenSSL itself
  // must accept the pair, before anything is recorded or served.
  const chainPem = chain.map((c) => c.toString()).join('');
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    createSecureContext({ cert: chainPem, key: pkcs8, minVersion: 'TLSv1.2' });
  } catch (error) {
    throw new OpError('bad_request', `TLS refuses this certificate and key: ${String(error).slice(0, 120)}`, {
      field: 'certPem',
    });
  }
  return { leafPem: leaf.toString(), chainPem, keyPem: pkcs8 };
}
