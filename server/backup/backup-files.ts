// The backup folder: file names that say when and why a backup was made, listing, deletion and retention.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BACKUP_NAME_PATTERN } from '../../contract/ops-backup.ts';
import { BackupError, ioError } from './backup-error.ts';
import type { BackupKind } from './backup-format.ts';

export interface BackupFile {
  name: string;
  size: number;
  createdAt: string;
  kind: BackupKind;
}

/** e.g. keyhold-20261126T121618123Z-scheduled-3fa9.khbak: sorts by time, and never collides. */
export function backupName(createdAt: Date, kind: BackupKind): string {
  const stamp = createdAt.toISOString().replace(/[-:.]/g, '');
  return `keyhold-${stamp}-${kind}-${randomBytes(2).toString('hex')}.khbak`;
}

/** What a name says, or null for anything that is not a backup this server wrote. */
export function parseBackupName(name: string): { createdAt: string; kind: BackupKind } | null {
  const match = BACKUP_NAME_PATTERN.exec(name);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, ms, kind] = match;
  const createdAt = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  if (Number.isNaN(createdAt.getTime())) return null;
  return { createdAt: createdAt.toISOString(), kind: kind === 'scheduled' ? 'scheduled' : 'manual' };
}

/** Backups in the folder, newest first; other files are not ours and are left out. */
export async function listBackupFiles(folder: string): Promise<BackupFile[]> {
  if (!existsSync(folder)) return [];
  try {
    const found: BackupFile[] = [];
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const parsed = entry.isFile() ? parseBackupName(entry.name) : null;
      if (!parsed) continue;
      const { size } = await stat(path.join(folder, entry.name));
      found.push({ name: entry.name, size, ...parsed });
    }
    return found.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  } catch (error) {
    throw ioError('listing the backup folder', error);
  }
}

/** Deletes one backup by a name already checked against the pattern, so it cannot leave the folder. */
export async function deleteBackupFile(folder: string, name: string): Promise<void> {
  if (!parseBackupName(name) || path.basename(name) !== name) {
    throw new BackupError('not_found', 'no backup by that name');
  }
  const file = path.join(folder, name);
  if (!existsSync(file)) throw new BackupError('not_found', 'no backup by that name');
  try {
    await rm(file);
  } catch (error) {
    throw ioError('deleting the backup', error);
  }
}

/** Keeps the newest `keep` scheduled backups and deletes the older ones; manual backups are never touched. */
export async function applyRetention(folder: string, keep: number): Promise<string[]> {
  const scheduled = (await listBackupFiles(folder)).filter((b) => b.kind === 'scheduled');
  const deleted: string[] = [];
  for (const old of scheduled.slice(keep)) {
    await deleteBackupFile(folder, old.name);
    deleted.push(old.name);
  }
  return deleted;
}
