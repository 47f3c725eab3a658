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
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const adminOperations = {
  listAudit: defineOperation({
    summary: 'Audit entries, newest first, filtered by user, operation, status and time.',
    input: pageSchema
      .extend({
        userId: idSchema.optional(),
        operation: z.string().max(64).optional(),
        status: z.enum(auditStatuses).optional(),
        from: timestampSchema.optional(),
        to: timestampSchema.optional(),
      })
      .strict(),
    output: z.object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() }),
    access: { kind: 'session', roles: staffRoles },
  }),
  verifyAudit: defineOperation({
    summary: 'Recompute the hash chain; reports the first entry where it breaks.',
    input: z.object({}).strict(),
    output: z.object({
      valid: z.boolean(),
      checked: z.int(),
      brokenAt: z.int().nullable(),
      reason: z.string().nullable(),
    }),
    access: { kind: 'session', roles: adminOnly },
  }),
  getSettings: defineOperation({
    summary: 'The server settings.',
    input: z.object({}).strict(),
    output: settingsSchema,
    access: { kind: 'session', roles: adminOnly },
  }),
  updateSettings: defineOperation({
    summary: 'Change some settings; validated as a whole and applied at once.',
    input: z.object({ patch: settingsPatchSchema }).strict(),
    output: settingsSchema,
    access: { kind: 'session', roles: adminOnly },
  }),
};
