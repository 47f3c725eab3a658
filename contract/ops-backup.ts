// Encrypted online backups, for administrators: back up now, list, delete, and the passphrase scheduled ones use.
import { z } from 'zod';
import { ack, empty, timestampSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { adminOnly } from './roles.ts';

/** keyhold-<UTC time to the millisecond>-<kind>-<4 hex>.khbak: the only names a backup operation accepts. */
export const BACKUP_NAME_PATTERN =
  /^keyhold-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-(manual|scheduled)-[0-9a-f]{4}\.khbak$/;

export const backupPassphraseSchema = z
  .string()
  .min(12, { message: 'must be at least 12 characters' })
  .max(1024, { message: 'must be at most 1024 characters' });

export const backupSchema = z.object({
  name: z.string(),
  size: z.int(),
  createdAt: timestampSchema,
  kind: z.enum(['manual', 'scheduled']),
});
export type BackupInfo = z.infer<typeof backupSchema>;

export const backupOperations = {
  createBackup: defineOperation({
    summary:
      'Back the whole server up now, encrypted, into the backup folder; without a passphrase, to the stored one.',
    input: z.object({ passphrase: backupPassphraseSchema.optional() }).strict(),
    output: backupSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/backups' },
    example: { passphrase: 'a long backup passphrase' },
  }),
  listBackups: defineOperation({
    summary:
      'The backups in the backup folder, newest first, and whether a passphrase is stored for the schedule.',
    input: empty,
    output: z.object({
      backups: z.array(backupSchema),
      passphraseStored: z.boolean(),
      folder: z.string(),
      /** Why Keyhold cannot back this store up (it is PostgreSQL, with its own tools), or null. */
      unavailable: z.string().nullable(),
    }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'GET', path: '/v1/backups' },
    example: {},
  }),
  deleteBackup: defineOperation({
    summary: 'Delete one backup from the backup folder.',
    input: z
      .object({
        name: z.string().max(64).regex(BACKUP_NAME_PATTERN, { message: 'is not the name of a backup' }),
      })
      .strict(),
    output: ack,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'DELETE', path: '/v1/backups/:name' },
    example: { name: 'keyhold-20260101T020000000Z-scheduled-3fa2.khbak' },
    auditTarget: 'name',
  }),
  setBackupPassphrase: defineOperation({
    summary:
      'Set the passphrase scheduled backups are encrypted to; the server keeps only a public key derived from it.',
    input: z.object({ passphrase: backupPassphraseSchema }).strict(),
    output: ack,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'PUT', path: '/v1/backups/passphrase' },
    example: { passphrase: 'a long backup passphrase' },
  }),
};
