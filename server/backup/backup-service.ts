// A server's backups: on demand and on a schedule, one at a time, with retention; stopped with the server.
import path from 'node:path';
import type { AuditRecord } from '../audit/audit-log.ts';
import type { AuditWriter } from '../audit/audit-writer.ts';
import { SerialSchedule } from '../serial-schedule.ts';
import type { ServerState } from '../server-state.ts';
import { SERVER_VERSION } from '../server-version.ts';
import { BackupError } from './backup-error.ts';
import { applyRetention, type BackupFile, backupName, listBackupFiles } from './backup-files.ts';
import { type BackupKind, DEFAULT_BACKUP_KDF, type Recipient, recipientFor } from './backup-format.ts';
import { loadRecipient } from './backup-recipient-repo.ts';
import { sweepWorkFolder, writeBackup } from './backup-writer.ts';

const POSTGRES_BACKUPS =
  "this server stores its data in PostgreSQL: back it up with PostgreSQL's own tools (pg_dump, or base backups with WAL archiving)";

export interface BackupServiceOptions {
  state: ServerState;
  /** Where a scheduled backup's outcome is audited. */
  audit: AuditWriter;
  dataDir: string;
  /** How often the schedule looks whether a backup is due; tests shorten it and move the server's clock. */
  checkMs?: number;
}

const HOUR = 3_600_000;

export class BackupService {
  readonly #state: ServerState;
  readonly #audit: AuditWriter;
  readonly #dataDir: string;
  /** Backups run one after another: each is a full copy, and two at once would only compete for the disk. */
  readonly #schedule: SerialSchedule;
  #checking = false;
  /** The last scheduled attempt; before the first, the newest scheduled file in the folder stands for it. */
  #lastRun: { at: number; ok: boolean } | null = null;

  constructor(options: BackupServiceOptions) {
    this.#state = options.state;
    this.#audit = options.audit;
    this.#dataDir = options.dataDir;
    this.#schedule = new SerialSchedule(options.checkMs ?? 60_000, () => this.#check());
    sweepWorkFolder(options.dataDir);
  }

  /** The configured folder, or `<data>/backups`. */
  folder(): string {
    return this.#state.settings.backup.folder ?? path.join(this.#dataDir, 'backups');
  }

  /** Argon2id cost for backup passphrases: the server's test override when it has one, else the default. */
  #kdfCost() {
    return this.#state.unsealKdf ?? DEFAULT_BACKUP_KDF;
  }

  /** The recipient a passphrase derives (fresh salt), for storing; the passphrase itself is not kept. */
  recipientFor(passphrase: string): Promise<Recipient> {
    return recipientFor(passphrase, this.#kdfCost());
  }

  /** Why Keyhold cannot back this store up, or null: a PostgreSQL store is backed up by PostgreSQL's tools. */
  get unavailable(): string | null {
    return this.#state.store.sqlite ? null : POSTGRES_BACKUPS;
  }

  async passphraseStored(): Promise<boolean> {
    return (await loadRecipient(this.#state.store.db, this.#state.keyring)) !== null;
  }

  list(): Promise<BackupFile[]> {
    return listBackupFiles(this.folder());
  }

  /** Backs up now, to the given passphrase or else to the stored recipient. */
  create(kind: BackupKind, passphrase?: string): Promise<BackupFile> {
    if (this.#schedule.stopped) return Promise.reject(new BackupError('io', 'the server is stopping'));
    const folder = this.folder();
    return this.#schedule.serial(async () => {
      const recipient =
        passphrase === undefined
          ? await loadRecipient(this.#state.store.db, this.#state.keyring)
          : await this.recipientFor(passphrase);
      if (!recipient) {
        throw new BackupError(
          'no_passphrase',
          'no backup passphrase is stored: give one, or store one for scheduled backups first',
        );
      }
      const sqlite = this.#state.store.sqlite;
      if (!sqlite) throw new BackupError('unsupported_store', POSTGRES_BACKUPS);
      const createdAt = this.#state.now();
      const name = backupName(createdAt, kind);
      const { size } = await writeBackup({
        sqlite,
        dataDir: this.#dataDir,
        folder,
        name,
        kind,
        recipient,
        createdAt,
        serverVersion: SERVER_VERSION,
      });
      this.#state.log.info({ backup: name, size, kind }, 'backup written');
      return { name, size, createdAt: createdAt.toISOString(), kind };
    });
  }

  start(): void {
    this.#schedule.start();
  }

  /** Stops the schedule and waits for a backup under way, so the store can close under nobody. */
  stop(): Promise<void> {
    return this.#schedule.stop();
  }

  async #check(): Promise<void> {
    if (this.#checking || this.#schedule.stopped || this.#state.sealed) return;
    this.#checking = true;
    try {
      const settings = this.#state.settings.backup;
      if (!settings.enabled || !this.#state.store.sqlite) return;
      const now = this.#state.now().getTime();
      if (!this.#lastRun) {
        const newest = (await this.list()).find((b) => b.kind === 'scheduled');
        if (newest) this.#lastRun = { at: Date.parse(newest.createdAt), ok: true };
      }
      const wait = settings.intervalHours * HOUR;
      // After a failure, try again within the hour rather than a whole interval later.
      const last = this.#lastRun;
      if (last && now - last.at < (last.ok ? wait : Math.min(wait, HOUR))) return;
      await this.#runScheduled(now, settings.keep);
    } catch (error) {
      this.#state.log.error({ err: describe(error) }, 'the backup schedule check failed');
    } finally {
      this.#checking = false;
    }
  }

  async #runScheduled(now: number, keep: number): Promise<void> {
    const audit = (status: AuditRecord['status'], target: string | null, code: string | null, op: string) =>
      this.#audit.write(
        {
          time: this.#state.now().toISOString(),
          operation: op,
          opNumber: null,
          userId: null,
          sessionId: null,
          address: 'schedule',
          target,
          status,
          code,
        },
        null,
      );
    try {
      const made = await this.create('scheduled');
      this.#lastRun = { at: now, ok: true };
      await audit('ok', made.name, null, 'scheduledBackup');
      for (const name of await applyRetention(this.folder(), keep)) {
        this.#state.log.info({ backup: name }, 'old scheduled backup deleted');
        await audit('ok', name, null, 'scheduledBackupRetention');
      }
    } catch (error) {
      this.#lastRun = { at: now, ok: false };
      const code = error instanceof BackupError ? error.code : 'internal';
      this.#state.log.error({ err: describe(error), code }, 'scheduled backup failed');
      await audit('error', null, code, 'scheduledBackup').catch(() => undefined);
    }
  }
}

/** Error name and message only: never a stack that might carry an input. */
function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'unknown', message: String(error) };
}
