// What bulk sealing takes and gives: new items, sealed new secrets, stored items to open.
import type { SecretSummary } from '../contract/index.ts';
import type { ItemPayload } from './item-payload.ts';

/** A new secret ready for createSecret or stageImport: its id is chosen here, because it is bound into the ciphertext. */
export interface SealedNewSecret {
  id: string;
  name: string;
  path: string;
  tags: string[];
  type: SecretSummary['type'];
  value: string;
  wrappedKey: string;
  /** Earlier versions, oldest first, each sealed for its place (1..n); `value` is then version n + 1. */
  history?: { value: string; createdAt: string }[];
  createdAt?: string;
  updatedAt?: string;
}

export interface NewItem {
  name: string;
  path: string;
  tags: string[];
  type: SecretSummary['type'];
  payload: ItemPayload;
  /** Earlier versions to keep (an import from a tool with history), oldest first, with their dates. */
  history?: { payload: ItemPayload; createdAt: string }[];
  /** Dates from the tool the item comes from. */
  createdAt?: string;
  updatedAt?: string;
}

/** What the server hands back for one secret: its value ciphertext and this user's wrapped key. */
export interface StoredItem {
  id: string;
  valueVersion: number;
  value: string;
  wrappedKey: string;
}
