// The TLS files of a data folder: made at first start, loaded afterwards. The CA key never rests here in clear.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCertificateAuthority, issueServerCertificate } from './certificate-authority.ts';

export interface TlsMaterial {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** In memory only, from first start until init seals it under the keyring; null when loaded from disk. */
  caKeyPem: string | null;
}

function writeAtomically(file: string, content: string, mode: number): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode });
  renameSync(temp, file);
}

export async function loadOrCreateTlsMaterial(
  dataDir: string,
  opts: { hostnames?: string[] } = {},
): Promise<{ material: TlsMaterial; created: boolean }> {
  const dir = path.join(dataDir, 'tls');
  const files = {
    ca: path.join(dir, 'ca.pem'),
    cert: path.join(dir, 'server.pem'),
    key: path.join(dir, 'server-key.pem'),
  };
  if (existsSync(files.ca) && existsSync(files.cert) && existsSync(files.key)) {
    return {
      material: {
        caCertPem: readFileSync(files.ca, 'utf8'),
        serverCertPem: readFileSync(files.cert, 'utf8'),
        serverKeyPem: readFileSync(files.key, 'utf8'),
        caKeyPem: null,
      },
      created: false,
    };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tag = Buffer.from(crypto.getRandomValues(new Uint8Array(2))).toString('hex');
  const ca = await createCertificateAuthority({ commonName: `Keyhold CA ${tag}`, validityDays: 3650 });
  const dnsNames = [...new Set(['localhost', os.hostname(), ...(opts.hostnames ?? [])])];
  const server = await issueServerCertificate(ca, {
    commonName: os.hostname() || 'localhost',
    dnsNames,
    ipAddresses: ['127.0.0.1', '::1'],
    validityDays: 825,
  });
  writeAtomically(files.key, server.keyPem, 0o600);
  writeAtomically(files.cert, server.certPem, 0o644);
  writeAtomically(files.ca, ca.certPem, 0o644);
  return {
    material: {
      caCertPem: ca.certPem,
      serverCertPem: server.certPem,
      serverKeyPem: server.keyPem,
      caKeyPem: ca.keyPem,
    },
    created: true,
  };
}
