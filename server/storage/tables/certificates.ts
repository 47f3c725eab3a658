// Certificates the server made or was given: the CA's private key is sealed at rest.
import type { Selectable } from 'kysely';

export interface CertificatesTable {
  serial: string;
  kind: string;
  subject: string;
  cert_pem: string;
  key_enc: Buffer | null;
  not_before: string;
  not_after: string;
  status: string;
  created_at: string;
}
export type CertificateRow = Selectable<CertificatesTable>;
