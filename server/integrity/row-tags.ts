// For each sealed table: which row id and which columns its tag covers (the columns that decide access).
import type { Selectable } from 'kysely';
import type { CertificatesTable } from '../storage/tables/certificates.ts';
import type { ContactsTable } from '../storage/tables/contacts.ts';
import type { SecretsTable } from '../storage/tables/secrets.ts';
import type { SessionsTable } from '../storage/tables/sessions.ts';
import type { SharesTable } from '../storage/tables/shares.ts';
import type { UsersTable } from '../storage/tables/users.ts';
import type { RowSeal, SealedTable, TagValue } from './row-seal.ts';

export interface TaggedRow {
  table: SealedTable;
  id: string;
  values: TagValue[];
}

type Row<T> = Omit<Selectable<T>, 'row_seal' | 'seq'>;

/**
 * Role, state, kind and owner (machine identities), lockout, enrollment, and row_version: the sealed data blob
 * (verifier, public key, login hours) is bound to that version, so the tag pins which blob belongs here.
 */
export const userTag = (r: Row<UsersTable>): TaggedRow => ({
  table: 'users',
  id: r.id,
  values: [
    r.username_index,
    r.role,
    Number(r.is_active),
    Number(r.enrolled),
    r.kind,
    r.owner_id,
    Number(r.row_version),
    Number(r.failed_logins),
    r.failure_window_start,
    r.locked_until,
    r.enrollment_code_hash,
    r.enrollment_expires_at,
  ],
});

/** Who the token belongs to, until when, and from which kind of client (use and ending are not covered). */
export const sessionTag = (
  r: Pick<Row<SessionsTable>, 'id' | 'token_hash' | 'user_id' | 'client_kind' | 'created_at' | 'expires_at'>,
): TaggedRow => ({
  table: 'sessions',
  id: r.id,
  values: [r.token_hash, r.user_id, r.client_kind, r.created_at, r.expires_at],
});

export const secretTag = (r: Pick<Row<SecretsTable>, 'id' | 'owner_id'>): TaggedRow => ({
  table: 'secrets',
  id: r.id,
  values: [r.owner_id],
});

export const shareTag = (
  r: Pick<Row<SharesTable>, 'secret_id' | 'principal_id' | 'permission'>,
): TaggedRow => ({
  table: 'shares',
  id: `${r.secret_id}|${r.principal_id}`,
  values: [r.secret_id, r.principal_id, r.permission],
});

export const contactTag = (
  r: Pick<Row<ContactsTable>, 'owner_id' | 'contact_id' | 'key_pin'>,
): TaggedRow => ({
  table: 'contacts',
  id: `${r.owner_id}|${r.contact_id}`,
  values: [r.owner_id, r.contact_id, r.key_pin],
});

/** Kind, status, whom it was issued for, its revocation and the certificate itself. */
export const certificateTag = (r: Row<CertificatesTable>): TaggedRow => ({
  table: 'certificates',
  id: r.serial,
  values: [r.kind, r.status, r.issued_for, r.revoked_at, r.revoke_reason, r.cert_pem],
});

export const tagOf = (seal: RowSeal, row: TaggedRow): string => seal.tag(row.table, row.id, row.values);

export const intactRow = (seal: RowSeal, row: TaggedRow, stored: string | null): boolean =>
  seal.intact(row.table, row.id, row.values, stored);

export function checkRow(seal: RowSeal, row: TaggedRow, stored: string | null): void {
  seal.check(row.table, row.id, row.values, stored);
}
