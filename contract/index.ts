// The one contract: every operation of every domain, merged; transports and the monitor derive types from it.
import type { z } from 'zod';
import type { OperationSpec } from './define.ts';
import { adminOperations } from './ops-admin.ts';
import { attachmentOperations } from './ops-attachments.ts';
import { authOperations } from './ops-auth.ts';
import { backupOperations } from './ops-backup.ts';
import { certificateOperations } from './ops-certificates.ts';
import { clientOperations } from './ops-clients.ts';
import { folderOperations } from './ops-folders.ts';
import { importOperations } from './ops-import.ts';
import { linkOperations } from './ops-links.ts';
import { networkOperations } from './ops-network.ts';
import { secretOperations } from './ops-secrets.ts';
import { sharingOperations } from './ops-sharing.ts';
import { statsOperations } from './ops-stats.ts';
import { systemOperations } from './ops-system.ts';
import { userOperations } from './ops-users.ts';

function merge<T extends Record<string, OperationSpec>[]>(...maps: T): UnionToIntersection<T[number]> {
  const all: Record<string, OperationSpec> = {};
  for (const map of maps) {
    for (const [name, spec] of Object.entries(map)) {
      // Registering a name twice is a programming error, as in Actual Budget's handler maps.
      if (Object.hasOwn(all, name)) throw new Error(`operation ${name} is declared twice`);
      all[name] = spec;
    }
  }
  return all as UnionToIntersection<T[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void
  ? I
  : never;

export const operations = merge(
  systemOperations,
  authOperations,
  userOperations,
  secretOperations,
  folderOperations,
  sharingOperations,
  adminOperations,
  backupOperations,
  importOperations,
  clientOperations,
  statsOperations,
  certificateOperations,
  networkOperations,
  attachmentOperations,
  linkOperations,
);

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type InputOf<K extends OperationName> = z.input<Operations[K]['input']>;
export type ParsedInputOf<K extends OperationName> = z.output<Operations[K]['input']>;
export type OutputOf<K extends OperationName> = z.output<Operations[K]['output']>;

export const operationNames = Object.keys(operations) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

export * from './common.ts';
export type { Access, HttpMethod, HttpRoute, OperationSpec, SecretNeed } from './define.ts';
export * from './desktop/desktop-bridge.ts';
export * from './errors.ts';
export * from './kdf-floor.ts';
export type { AuditEntry, AuditExportFormat, AuditFilterInput } from './ops-admin.ts';
export { auditExportFormats, auditStatuses, systemAuditOperations } from './ops-admin.ts';
export { BACKUP_NAME_PATTERN, type BackupInfo } from './ops-backup.ts';
export {
  type CertificateInfo,
  type CertificateKind,
  type CertificateOverview,
  type CertificateStatus,
  certificateKinds,
  certificateStatuses,
  EXPIRING_WITHIN_DAYS,
  type RevocationReason,
  revocationReasons,
} from './ops-certificates.ts';
export {
  type ConnectedClient,
  type LoginEntry,
  type LoginResult,
  loginResults,
  type ReachabilityEntry,
  type ReachabilityStatus,
  reachabilityStatuses,
} from './ops-clients.ts';
export {
  IMPORT_HISTORY_LIMIT,
  IMPORT_ITEM_LIMIT,
  READ_BATCH_LIMIT,
  STAGE_BATCH_LIMIT,
  STAGE_VALUE_LIMIT,
  type StagedItem,
  valuesIn,
} from './ops-import.ts';
export type { SecretSummary } from './ops-secrets.ts';
export type { Contact, Principal } from './ops-sharing.ts';
export { type Metrics, type Statistics, type StatsRange, statsRanges } from './ops-stats.ts';
export type { SealStatus } from './ops-system.ts';
export type { UserRecord } from './ops-users.ts';
export * from './roles.ts';
export * from './secret-order.ts';
export * from './settings.ts';
export * from './user-name.ts';
export * from './wire.ts';
