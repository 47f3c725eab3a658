// Handlers for encrypted backups: back up now, list, delete, and the passphrase scheduled backups are sealed to.

import type { backupOperations } from '../../contract/ops-backup.ts';
import { BackupError } from '../backup/backup-error.ts';
import { deleteBackupFile } from '../backup/backup-files.ts';
import { saveRecipient } from '../backup/backup-recipient-repo.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor } from '../monitor/context.ts';

/** A backup refusal as the contract's error: a stable code, the service's readable message. */
function asOpError(error: unknown): unknown {
  if (!(error instanceof BackupError)) return error;
  switch (error.code) {
    case 'no_passphrase':
      return new OpError('conflict', error.message, { field: 'passphrase', auditCode: error.code });
    case 'not_found':
      return new OpError('not_found', error.message, { field: 'name' });
    case 'unsupported_store':
      return new OpError('conflict', error.message, { auditCode: error.code });
    default:
      return new OpError('internal', error.message, { auditCode: error.code });
  }
}

export const backupHandlers: HandlersFor<keyof typeof backupOperations> = {
  createBackup: async (ctx, { passphrase }) => {
    try {
      const made = await ctx.backups.create('manual', passphrase);
      ctx.setTarget(made.name);
      return made;
    } catch (error) {
      throw asOpError(error);
    }
  },

  listBackups: async (ctx) => {
    const backups = ctx.backups;
    try {
      return {
        backups: await backups.list(),
        passphraseStored: await backups.passphraseStored(),
        folder: backups.folder(),
        unavailable: backups.unavailable,
      };
    } catch (error) {
      throw asOpError(error);
    }
  },

  deleteBackup: async (ctx, { name }) => {
    try {
      await deleteBackupFile(ctx.backups.folder(), name);
      return { ok: true };
    } catch (error) {
      throw asOpError(error);
    }
  },

  setBackupPassphrase: async (ctx, { passphrase }) => {
    const recipient = await ctx.backups.recipientFor(passphrase);
    await ctx.atomically((trx) => saveRecipient(trx, ctx.keyring, recipient, ctx.nowIso));
    return { ok: true };
  },
};
