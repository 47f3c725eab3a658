// The database interface: every table by name, as kysely sees it.
import type { AttachmentChunksTable, AttachmentsTable } from './tables/attachments.ts';
import type { AuditTable } from './tables/audit.ts';
import type { AuditSealTable } from './tables/audit-seal.ts';
import type { CertificatesTable } from './tables/certificates.ts';
import type { ChangesTable } from './tables/changes.ts';
import type { ContactsTable } from './tables/contacts.ts';
import type { FoldersTable } from './tables/folders.ts';
import type { ImportItemsTable, ImportItemVersionsTable, ImportsTable } from './tables/imports.ts';
import type { KeyringSealTable, KeyringTermsTable } from './tables/keyring.ts';
import type { LoginsTable } from './tables/logins.ts';
import type { SecretVersionsTable } from './tables/secret-versions.ts';
import type { SecretsTable } from './tables/secrets.ts';
import type { SessionsTable } from './tables/sessions.ts';
import type { SettingsTable } from './tables/settings.ts';
import type { ShareLinksTable } from './tables/share-links.ts';
import type { SharesTable } from './tables/shares.ts';
import type { StatsMinutesTable } from './tables/stats.ts';
import type { UsersTable } from './tables/users.ts';

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  logins: LoginsTable;
  secrets: SecretsTable;
  secret_versions: SecretVersionsTable;
  shares: SharesTable;
  audit: AuditTable;
  audit_seal: AuditSealTable;
  settings: SettingsTable;
  keyring_seal: KeyringSealTable;
  keyring_terms: KeyringTermsTable;
  certificates: CertificatesTable;
  contacts: ContactsTable;
  imports: ImportsTable;
  import_items: ImportItemsTable;
  import_item_versions: ImportItemVersionsTable;
  stats_minutes: StatsMinutesTable;
  changes: ChangesTable;
  share_links: ShareLinksTable;
  folders: FoldersTable;
  attachments: AttachmentsTable;
  attachment_chunks: AttachmentChunksTable;
}
