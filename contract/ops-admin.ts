// Audit log and settings operations for administrators (moderators read the audit log).
import { z } from 'zod';
import { idSchema, pageSchema, timestampSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { adminOnly, staffRoles } from './roles.ts';
import { settingsPatchSchema, settingsSchema } from './settings.ts';

export const auditStatuses = ['ok', 'denied', 'error'] as const;

export const auditEntrySchema = z.object({
  seq: z.int(),
  time: timestampSchema,
  operation: z.string(),
  opNumber: z.int().nullable(),
  userId: z.string().nullable(),
  sessionId: z.string().nullable(),
  address: z.string(),
  target: z.string().nullable(),
  status: z.enum(auditStatuses),
  code: z.string().nullable(),
  hash: z.string(),
  /** The caller's display name (people and machine identities alike); null for the server itself. */
  userName: z.string().nullable(),
  userKind: z.enum(['person', 'machine']).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Which entries: the same filter for the table, its pages and the export. */
export const auditFilterSchema = z.object({
  userId: idSchema.optional(),
  operation: z.string().max(64).optional(),
  status: z.enum(auditStatuses).optional(),
  from: timestampSchema.optional(),
  to: timestampSchema.optional(),
});
export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

export const auditExportFormats = ['jsonl', 'csv'] as const;
export type AuditExportFormat = (typeof auditExportFormats)[number];

/** Entries the server writes on its own (schedules, retention), listed with the operations in filters. */
export const systemAuditOperations = [
  'scheduledBackup',
  'scheduledBackupRetention',
  'auditRetention',
] as const;

export const adminOperations = {
  listAudit: defineOperation({
    summary: 'Audit entries, newest first, filtered by user, operation, status and time.',
    input: pageSchema.extend(auditFilterSchema.shape).strict(),
    output: z.object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() }),
    access: { kind: 'session', roles: staffRoles },
    route: { method: 'GET', path: '/v1/audit' },
    example: { status: 'denied', limit: 50 },
  }),
  verifyAudit: defineOperation({
    summary: 'Recompute the hash chain; reports the first entry where it breaks.',
    input: z.object({}).strict(),
    output: z.object({
      valid: z.boolean(),
      checked: z.int(),
      brokenAt: z.int().nullable(),
      reason: z.string().nullable(),
      /** The newest entry retention pruned: the chain is checked from the hash recorded for it. */
      prunedThrough: z.int().nullable(),
    }),
    access: { kind: 'session', roles: staffRoles },
    route: { method: 'GET', path: '/v1/audit/verify' },
    example: {},
  }),
  exportAudit: defineOperation({
    summary:
      'One page of the filtered audit log as JSON Lines or CSV, oldest first, with the hash chain fields; follow nextCursor for the rest.',
    input: auditFilterSchema
      .extend({
        format: z.enum(auditExportFormats),
        cursor: z.string().max(200).optional(),
        limit: z.int().min(1).max(5000).default(2000),
      })
      .strict(),
    output: z.object({ text: z.string(), rows: z.int(), nextCursor: z.string().nullable() }),
    access: { kind: 'session', roles: staffRoles },
    route: { method: 'GET', path: '/v1/audit/export' },
    example: { format: 'csv', limit: 100 },
    auditTarget: 'format',
  }),
  pruneAudit: defineOperation({
    summary:
      'Apply the audit retention setting now: prune entries older than it, recording where the chain now starts.',
    input: z.object({}).strict(),
    output: z.object({ pruned: z.int(), prunedThrough: z.int().nullable() }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/audit/prune' },
    example: {},
  }),
  getSettings: defineOperation({
    summary: 'The server settings.',
    input: z.object({}).strict(),
    output: settingsSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'GET', path: '/v1/settings' },
    example: {},
  }),
  updateSettings: defineOperation({
    summary: 'Change some settings; validated as a whole and applied at once.',
    input: z.object({ patch: settingsPatchSchema }).strict(),
    output: settingsSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'PATCH', path: '/v1/settings' },
    example: { patch: { secrets: { versionsToKeep: 20 } } },
  }),
};
