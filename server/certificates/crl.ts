// The certificate revocation list: every revoked certificate with its RFC 5280 reason, signed by the CA.
import type { RevocationReason } from '../../contract/ops-certificates.ts';
import type { CertificateAuthority } from './certificates-repo.ts';
import { derToPem, ecdsaP256 } from './pem.ts';
import { x509 } from './x509.ts';

/** How long a CRL may be relied on; the server makes a fresh one well before (see TlsRuntime.crl). */
export const CRL_LIFETIME_DAYS = 7;

export interface RevokedEntry {
  serial: string;
  revokedAt: string;
  reason: RevocationReason;
}

const reasonCode: Record<RevocationReason, x509.X509CrlReason> = {
  unspecified: x509.X509CrlReason.unspecified,
  keyCompromise: x509.X509CrlReason.keyCompromise,
  cACompromise: x509.X509CrlReason.cACompromise,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  certificateHold: x509.X509CrlReason.certificateHold,
  privilegeWithdrawn: x509.X509CrlReason.privilegeWithdrawn,
  aACompromise: x509.X509CrlReason.aACompromise,
};

export async function buildCrl(
  ca: CertificateAuthority,
  revoked: readonly RevokedEntry[],
  now: Date,
): Promise<string> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const crl = await x509.X509CrlGenerator.create({
    issuer: caCert.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + CRL_LIFETIME_DAYS * 86_400_000),
    entries: revoked.map((entry) => ({
      serialNumber: entry.serial,
      revocationDate: new Date(entry.revokedAt),
      reason: reasonCode[entry.reason],
    })),
    signingKey: ca.key,
    signingAlgorithm: ecdsaP256,
    extensions: [await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey)],
  });
  // The label OpenSSL reads (`openssl crl`, `-CRLfile`); @peculiar/x509 writes `BEGIN CRL`, which it refuses.
  return derToPem(crl.rawData, CRL_PEM_LABEL);
}

export const CRL_PEM_LABEL = 'X509 CRL';

/** A CRL saved by an older version under the label OpenSSL refuses, relabelled (the DER is the same). */
export function withOpenSslLabel(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CRL-----/g, `-----$1 ${CRL_PEM_LABEL}-----`);
}
