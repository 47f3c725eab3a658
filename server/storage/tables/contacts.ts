// Contacts: whom a user keeps in their list, with the client's pin of the contact's public key.
import type { Selectable } from 'kysely';

export interface ContactsTable {
  owner_id: string;
  contact_id: string;
  /** An HMAC the owner's client computed over (contact id, public key); opaque to the server. */
  key_pin: string;
  added_at: string;
  /** Keyed tag over the access columns (server/integrity/row-tags.ts); null only before the first unseal after migration 15. */
  row_seal: string | null;
}
export type ContactRow = Selectable<ContactsTable>;
