// Why a backup or a restore was refused: a stable code a caller can test and a message a person can read.

export const backupErrorCodes = [
  /** The file is not a Keyhold backup, or its header is malformed. */
  'not_a_backup',
  /** A backup format this version cannot read. */
  'unsupported_version',
  /** The passphrase does not open this backup. */
  'wrong_passphrase',
  /** The file was altered, reordered or cut short. */
  'integrity',
  /** The restore target exists and holds something. */
  'target_not_empty',
  /** No passphrase given and none stored for scheduled backups. */
  'no_passphrase',
  /** No backup by that name. */
  'not_found',
  /** Reading or writing files failed. */
  'io',
  /** The store is PostgreSQL: its backups are PostgreSQL's own (pg_dump, base backups), not Keyhold's. */
  'unsupported_store',
] as const;
export type BackupErrorCode = (typeof backupErrorCodes)[number];

export class BackupError extends Error {
  readonly code: BackupErrorCode;

  constructor(code: BackupErrorCode, message: string) {
    super(message);
    this.name = 'BackupError';
    this.code = code;
  }
}

/** A file-system error as a backup error naming what was being done, without paths that could hold secrets. */
export function ioError(doing: string, error: unknown): BackupError {
  if (error instanceof BackupError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return new BackupError('io', `${doing} failed${typeof code === 'string' ? ` (${code})` : ''}`);
}
