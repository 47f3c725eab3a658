// Rows of the certificates table as the contract shows them: status computed at the time of asking.
import { z } from 'zod';
import {
  type CertificateInfo,
  type CertificateStatus,
  certificateKinds,
  EXPIRING_WITHIN_DAYS,
  revocationReasons,
} from '../../contract/ops-certificates.ts';
import type { CertificateRow } from '../storage/tables/certificates.ts';
import { describeCertificate } from './certificate-authority.ts';
import { x509 } from './x509.ts';

const kindSchema = z.enum(certificateKinds);
const reasonSchema = z.enum(revocationReasons).nullable().catch('unspecified');

/**
 * How long before its end a certificate counts as expiring: the shorter of EXPIRING_WITHIN_DAYS and a third
 * of its whole lifetime, so a short-lived certificate is not "expiring" the moment it is issued (a 30-day
 * one turns expiring after 20 days, a year-long one 30 days before its end).
 */
export function expiringWindowMs(notBefore: Date, notAfter: Date): number {
  const lifetime = Math.max(0, notAfter.getTime() - notBefore.getTime());
  return Math.min(EXPIRING_WITHIN_DAYS * 86_400_000, lifetime / 3);
}

/** The status at `now`; the Certificates list and the admin overview's counts and flags both use it. */
export function certificateStatus(
  row: Pick<CertificateRow, 'revoked_at' | 'not_before' | 'not_after'>,
  now: Date,
): CertificateStatus {
  if (row.revoked_at) return 'revoked';
  const notAfter = new Date(row.not_after);
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left < expiringWindowMs(new Date(row.not_before), notAfter) ? 'expiring' : 'valid';
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
