// Certificates the server made or was given: the CA's private key is sealed at rest; client keys are never kept.
import type { Selectable } from 'kysely';

export interface CertificatesTable {
  serial: string;
  /** 'ca' | 'server' | 'client'. */
  kind: string;
  subject: string;
  cert_pem: string;
  key_enc: Buffer | null;
  not_before: string;
  not_after: string;
  /** 'valid', or for server certificates 'superseded' once another one is served. */
  status: string;
  created_at: string;
  revoked_at: string | null;
  /** An RFC 5280 reason name (see revocationReasons in the contract). */
  revoke_reason: string | null;
  /** The user id a client certificate was issued for. */
  issued_for: string | null;
  /** The serial of the certificate this one was renewed into. */
  renewed_to: string | null;
  /** Keyed tag over the access columns (server/integrity/row-tags.ts); null only before the first unseal after migration 15. */
  row_seal: string | null;
}
export type CertificateRow = Selectable<CertificatesTable>;
