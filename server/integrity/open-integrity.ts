// At unseal: row tags switched on for the store, rows from before migration 15 tagged once, and the database's
// generation checked against the copy kept outside it (a database rolled back to an older copy is reported).
import type { AuditRecord } from '../audit/audit-log.ts';
import type { Keyring } from '../keyring/index.ts';
import type { Logger } from '../log.ts';
import { loadIntegrityState, saveIntegrityState } from '../settings/settings-repo.ts';
import type { Store } from '../storage/database.ts';
import {
  generationFilePath,
  type OutsideGeneration,
  readGenerationFile,
  writeGenerationFile,
} from './generation-file.ts';
import { anyRow, tagUntaggedRows } from './row-backfill.ts';
import { rowSealOf } from './row-seal.ts';

/** The operation name of the audit entries this module writes (a check by the server, not a caller). */
export const INTEGRITY_OPERATION = 'integrityCheck';

export interface IntegrityOpening {
  store: Store;
  keyring: Keyring;
  log: Logger;
  now: () => Date;
  /** Appends one audit entry (the audit writer's write). */
  audit: (record: AuditRecord) => Promise<void>;
}

export interface OpenedIntegrity {
  /** The database's generation after this unseal. */
  generation: number;
  /**
   * Called once the server is open: the entries found while opening are audited then, after the audit
   * chain's own check (an entry appended before it would be blessed by the seal over the chain).
   */
  ready(): Promise<void>;
}

/** At most this many tampered rows are audited one by one per unseal; the log still names them all. */
const AUDITED_ROWS = 1000;

export async function openRowIntegrity(o: IntegrityOpening): Promise<OpenedIntegrity> {
  const seal = rowSealOf(o.keyring);
  const pending: AuditRecord[] = [];
  let live = false;
  const reported = new Set<string>();
  const record = (target: string, code: string): AuditRecord => ({
    time: o.now().toISOString(),
    operation: INTEGRITY_OPERATION,
    opNumber: null,
    userId: null,
    sessionId: null,
    address: 'server',
    target: target.slice(0, 200),
    status: 'error',
    code,
  });
  const audit = (entry: AuditRecord) => {
    if (!live) {
      pending.push(entry);
      return;
    }
    o.audit(entry).catch((error: unknown) =>
      o.log.error({ err: String(error) }, 'an integrity finding could not be audited'),
    );
  };
  seal.reportTo((table, id) => {
    const key = `${table} ${id}`;
    // Once per row per unseal: a tampered session presented again and again must not flood the log.
    if (reported.has(key) || reported.size >= AUDITED_ROWS) return;
    reported.add(key);
    o.log.error({ table, id }, 'a row failed its integrity check: it was changed outside the server');
    audit(record(key, 'integrity_error'));
  });

  const file = generationFilePath(o.store.sqlite?.name ?? null);
  const outside: OutsideGeneration = file ? readGenerationFile(file, seal) : { kind: 'missing' };
  const outsideGeneration = outside.kind === 'found' ? outside.generation : 0;
  const nowIso = o.now().toISOString();
  const generation = await o.store.transaction(async (trx) => {
    const state = await loadIntegrityState(trx, o.keyring);
    let tagged: Record<string, number> | null = null;
    let untaggedLeft = false;
    // Only the first unseal since migration 15 tags rows: later, with the record gone but tags or the outside
    // counter still there, an untagged row is a forged one and stays refused (init writes every row tagged).
    if (!state && outsideGeneration === 0) {
      if (!(await anyRow(trx, true))) tagged = await tagUntaggedRows(trx, seal);
      else untaggedLeft = await anyRow(trx, false);
    }
    const inside = state?.generation ?? 0;
    const next = Math.max(inside, outsideGeneration) + 1;
    await saveIntegrityState(
      trx,
      o.keyring,
      { generation: next, sealedSince: state?.sealedSince ?? nowIso },
      nowIso,
    );
    return { inside, next, hadState: state !== null, tagged, untaggedLeft };
  });
  if (generation.tagged) {
    o.log.info({ tagged: generation.tagged }, 'access rows sealed for the first time');
    const counts = Object.entries(generation.tagged).map(([table, n]) => `${table} ${n}`);
    audit({ ...record(`rows tagged: ${counts.join(', ')}`, 'rows_tagged'), status: 'ok' });
  } else if (generation.untaggedLeft) {
    o.log.error(
      'the integrity record is missing from a database whose rows were tagged: untagged rows stay refused',
    );
    audit(record('integrity record missing from a tagged database', 'integrity_record_missing'));
  }

  if (outside.kind === 'found' && generation.inside < outside.generation) {
    const what = generation.hadState
      ? `database generation ${generation.inside} is older than ${outside.generation} recorded beside it`
      : `database has no integrity record but ${outside.generation} is recorded beside it`;
    o.log.error(
      { inside: generation.inside, outside: outside.generation },
      `the database was rolled back to an older copy (${what}); if a backup was restored on purpose this is expected, otherwise changes made since that copy (revocations, role changes, disabled users) may have been undone`,
    );
    audit(record(what, 'database_rolled_back'));
  } else if (outside.kind === 'invalid') {
    o.log.error(
      { file },
      'the generation file beside the database fails its check: rollback cannot be ruled out',
    );
    audit(record('generation file beside the database fails its check', 'generation_file_invalid'));
  } else if (file && outside.kind === 'missing' && generation.hadState) {
    o.log.warn({ file }, 'the generation file beside the database is missing: rollback cannot be ruled out');
    audit(record('generation file beside the database is missing', 'generation_file_missing'));
  }
  // After the database: a crash between the two leaves the file behind the database, which is no alarm.
  if (file) {
    try {
      writeGenerationFile(file, seal, generation.next);
    } catch (error) {
      // The server still opens: only the rollback check is lost, and that is said where it will be seen.
      o.log.error({ file, err: String(error) }, 'the generation file beside the database cannot be written');
      audit(record('generation file beside the database cannot be written', 'generation_file_unwritable'));
    }
  }

  return {
    generation: generation.next,
    ready: async () => {
      live = true;
      for (const entry of pending.splice(0)) await o.audit(entry);
    },
  };
}
