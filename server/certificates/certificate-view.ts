// Rows of the certificates table as the contract shows them: status computed at the time of asking.
import { z } from 'zod';
import {
  type CertificateInfo,
  type CertificateStatus,
  certificateKinds,
  EXPIRING_WITHIN_DAYS,
  revocationReasons,
} from '../contract/ops-certificates.ts';
import type { CertificateRow } from '../storage/tables/certificates.ts';
import { describeCertificate } from '../tls/certificate-authority.ts';
import { x509 } from '../tls/x509.ts';

const kindSchema = z.enum(certificateKinds);
const reasonSchema = z.enum(revocationReasons).nullable().catch('unspecified');

export function certificateStatus(row: CertificateRow, now: Date): CertificateStatus {
  if (row.revoked_at) return 'revoked';
  const left = new Date(row.not_after).getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= EXPIRING_WITHIN_DAYS * 86_400_000 ? 'expiring' : 'valid';
}

/** Whether a certificate still matters: not a server certificate someone replaced, not renewed into another. */
export function isInUse(row: CertificateRow): boolean {
  return row.status !== 'superseded' && !row.renewed_to && !row.revoked_at;
}

function commonNameOf(row: CertificateRow): string {
  try {
    return new x509.X509Certificate(row.cert_pem).subjectName.getField('CN')[0] ?? row.subject;
  } catch {
    return row.subject;
  }
}

export function toCertificateInfo(
  row: CertificateRow,
  now: Date,
  usernames: ReadonlyMap<string, string>,
): CertificateInfo {
  const described = describeCertificate(row.cert_pem);
  return {
    serial: row.serial,
    kind: kindSchema.parse(row.kind),
    subject: row.subject,
    commonName: commonNameOf(row),
    issuedAt: row.not_before,
    expiresAt: row.not_after,
    status: certificateStatus(row, now),
    current: row.kind === 'server' ? row.status !== 'superseded' : row.kind === 'ca',
    forUserId: row.issued_for,
    forUsername: row.issued_for ? (usernames.get(row.issued_for) ?? null) : null,
    revokedAt: row.revoked_at,
    revokeReason: row.revoked_at ? reasonSchema.parse(row.revoke_reason) : null,
    renewedTo: row.renewed_to,
    fingerprintSha256: described.fingerprintSha256,
    dnsNames: described.dnsNames,
    ipAddresses: described.ipAddresses,
  };
}
