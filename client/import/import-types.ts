// The shapes every importer, exporter and caller agree on: one parsed record, the formats, the duplicate choice.
import type { SecretSummary } from '../../contract/index.ts';
import type { OpenedPayload } from '../item-payload.ts';

export type SecretType = SecretSummary['type'];

/** Files Keyhold reads. `keyhold-archive` is Keyhold's own password-protected export. */
export const importFormats = [
  'keepass-xml',
  'keepassxc-csv',
  'bitwarden-json',
  '1password-csv',
  'dotenv',
  'keyhold-archive',
  'keyhold-json',
  'keyhold-csv',
] as const;
export type ImportFormat = (typeof importFormats)[number];

/** One secret as read from a file, before anything is encrypted or sent. */
export interface ImportRecord {
  /** Folder, '/'-separated, always starting with '/' (e.g. '/Work/Servers'); '/' for the root. */
  path: string;
  name: string;
  type: SecretType;
  tags: string[];
  /** Value, notes and custom fields: what becomes the end-to-end ciphertext. */
  payload: OpenedPayload;
  /** Where in the file it came from, for the preview and for error messages: "line 12", "entry 7". */
  source: string;
  /**
   * Older versions kept with the secret, oldest first, the current one (payload) not among them: KeePass
   * <History>, Bitwarden's password history, Keyhold's archive. A new secret gets them as its earlier versions.
   */
  history?: RecordVersion[];
  /** When the entry was first made in the tool it comes from (ISO 8601), when the file says. */
  createdAt?: string;
  /** When its current value was last changed there (ISO 8601), when the file says. */
  updatedAt?: string;
}

/** One earlier version of a secret's value, notes and fields, and when it was made. */
export interface RecordVersion {
  payload: OpenedPayload;
  createdAt: string;
}

export interface ParsedImport {
  format: ImportFormat;
  records: ImportRecord[];
  /** What the file held that Keyhold cannot keep (e.g. KeePass attachments), one sentence each, to show before importing. */
  warnings: string[];
}

/** A file that cannot be read: `location` names the line or record that is wrong. */
export class ImportFormatError extends Error {
  readonly location: string;
  constructor(location: string, message: string) {
    super(`${location}: ${message}`);
    this.name = 'ImportFormatError';
    this.location = location;
  }
}

/** What to do with a record whose folder and name already exist in the vault. */
export const duplicatePolicies = ['skip', 'replace', 'keep-both'] as const;
export type DuplicatePolicy = (typeof duplicatePolicies)[number];

/** Progress of a long import or export, for a bar in the window or the terminal. */
export interface Progress {
  done: number;
  total: number;
  /** `files`: an archive's files written or uploaded; done and total count their bytes. */
  phase: 'reading' | 'encrypting' | 'uploading' | 'committing' | 'decrypting' | 'files' | 'done';
}
export type OnProgress = (progress: Progress) => void;
