// The certificates table: rows in and out, the sealed CA key, revocation, and which server certificate is current.

import { OpError } from '../errors.ts';
import { type RowSeal, rowSealOf } from '../integrity/row-seal.ts';
import { certificateTag, checkRow, intactRow, tagOf } from '../integrity/row-tags.ts';
import type { Keyring } from '../keyring/index.ts';
import type { Db, Trx } from '../storage/database.ts';
import type { CertificateRow } from '../storage/tables/certificates.ts';
import { describeCertificate } from './certificate-authority.ts';
import { importSigningKeyPem } from './pem.ts';

export const CA_KEY_BINDING = (serial: string) =>
  ({ table: 'certificates', id: serial, column: 'key', version: 1 }) as const;

export interface NewCertificate {
  kind: 'server' | 'client';
  certPem: string;
  issuedFor?: string | null;
  createdAt: string;
}

export async function insertCertificate(
  trx: Trx,
  keyring: Keyring,
  cert: NewCertificate,
): Promise<CertificateRow> {
  const info = describeCertificate(cert.certPem);
  const fields = {
    serial: info.serialNumber.toLowerCase(),
    kind: cert.kind,
    subject: info.subject,
    cert_pem: cert.certPem,
    key_enc: null,
    not_before: info.notBefore.toISOString(),
    not_after: info.notAfter.toISOString(),
    status: 'valid',
    created_at: cert.createdAt,
    revoked_at: null,
    revoke_reason: null,
    issued_for: cert.issuedFor ?? null,
    renewed_to: null,
  };
  const row: CertificateRow = { ...fields, row_seal: tagOf(rowSealOf(keyring), certificateTag(fields)) };
  await trx.insertInto('certificates').values(row).execute();
  return row;
}

type CertificateColumns = Partial<Pick<CertificateRow, 'status' | 'revoked_at' | 'revoke_reason'>>;

/**
 * Changes tagged columns and the tag together: the row is checked first (a tampered row is never re-sealed)
 * and the update lands only if the tag is still the one read.
 */
async function patchCertificateRow(
  trx: Trx,
  seal: RowSeal,
  serial: string,
  patch: CertificateColumns,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await trx
      .selectFrom('certificates')
      .selectAll()
      .where('serial', '=', serial)
      .executeTakeFirst();
    if (!row) return;
    checkRow(seal, certificateTag(row), row.row_seal);
    const result = await trx
      .updateTable('certificates')
      .set({ ...patch, row_seal: tagOf(seal, certificateTag({ ...row, ...patch })) })
      .where('serial', '=', serial)
      .where('row_seal', '=', row.row_seal as string)
      .executeTakeFirst();
    if (result.numUpdatedRows === 1n) return;
  }
  throw new Error('certificate changed concurrently; try again');
}

export function findCertificate(db: Db, serial: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('certificates').selectAll().where('serial', '=', serial).executeTakeFirst();
}

export function listCertificateRows(db: Db): Promise<CertificateRow[]> {
  return db.selectFrom('certificates').selectAll().orderBy('created_at', 'desc').orderBy('serial').execute();
}

/**
 * Serials of revoked certificates, for the monitor's refusal at each request and for the CRL. While unsealed
 * every row is checked too: one whose revocation was cleared (or which was otherwise edited) in the file
 * counts as revoked, so tampering can only ever refuse more.
 */
export async function revokedRows(db: Db, keyring: Keyring | null): Promise<CertificateRow[]> {
  const seal = keyring ? rowSealOf(keyring) : null;
  if (!seal) {
    return db
      .selectFrom('certificates')
      .selectAll()
      .where('revoked_at', 'is not', null)
      .orderBy('revoked_at')
      .execute();
  }
  const rows = await db.selectFrom('certificates').selectAll().orderBy('revoked_at').execute();
  return rows.flatMap((row) => {
    if (intactRow(seal, certificateTag(row), row.row_seal)) return row.revoked_at === null ? [] : [row];
    return [{ ...row, revoked_at: row.revoked_at ?? row.created_at, revoke_reason: 'unspecified' }];
  });
}

export async function markRevoked(
  trx: Trx,
  keyring: Keyring,
  serial: string,
  reason: string,
  at: string,
): Promise<void> {
  await patchCertificateRow(trx, rowSealOf(keyring), serial, { revoked_at: at, revoke_reason: reason });
}

export async function markRenewed(trx: Trx, serial: string, renewedTo: string): Promise<void> {
  await trx.updateTable('certificates').set({ renewed_to: renewedTo }).where('serial', '=', serial).execute();
}

/** Server certificates served before this one stay listed, marked superseded. */
export async function makeCurrentServer(trx: Trx, keyring: Keyring, serial: string): Promise<void> {
  const earlier = await trx
    .selectFrom('certificates')
    .select('serial')
    .where('kind', '=', 'server')
    .where('serial', '!=', serial)
    .where('status', '!=', 'superseded')
    .execute();
  const seal = rowSealOf(keyring);
  for (const row of earlier) await patchCertificateRow(trx, seal, row.serial, { status: 'superseded' });
}

/** The server certificate made at first start predates this table's use for it: it is recorded once, here. */
export async function recordServerCertificate(
  trx: Trx,
  keyring: Keyring,
  certPem: string,
  createdAt: string,
): Promise<void> {
  const serial = describeCertificate(certPem).serialNumber.toLowerCase();
  const known = await trx
    .selectFrom('certificates')
    .select('serial')
    .where('serial', '=', serial)
    .executeTakeFirst();
  if (known) return;
  await insertCertificate(trx, keyring, { kind: 'server', certPem, createdAt });
  await makeCurrentServer(trx, keyring, serial);
}

export interface CertificateAuthority {
  serial: string;
  certPem: string;
  key: CryptoKey;
}

/** The CA with its signing key opened from the keyring: only while unsealed, only for as long as one call. */
export async function openCertificateAuthority(db: Db, keyring: Keyring): Promise<CertificateAuthority> {
  const row = await db
    .selectFrom('certificates')
    .selectAll()
    .where('kind', '=', 'ca')
    .where('key_enc', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row?.key_enc) {
    throw new OpError('conflict', 'this server has no certificate authority key: it was not made at init');
  }
  const keyPem = keyring.decryptString(row.key_enc, CA_KEY_BINDING(row.serial));
  return { serial: row.serial, certPem: row.cert_pem, key: await importSigningKeyPem(keyPem) };
}
