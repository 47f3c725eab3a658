// User administration: create with an enrollment code, roles, disable (soft delete), unlock, login hours.
import { z } from 'zod';
import { displayNameSchema, idSchema, loginHoursSchema, timestampSchema, usernameSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { adminOnly, roleSchema, staffRoles } from './roles.ts';

export const userRecordSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  isActive: z.boolean(),
  enrolled: z.boolean(),
  lockedUntil: timestampSchema.nullable(),
  loginHours: loginHoursSchema.nullable(),
  createdAt: timestampSchema,
});
export type UserRecord = z.infer<typeof userRecordSchema>;

const enrollmentSchema = z.object({
  userId: z.uuid(),
  enrollmentCode: z.string(),
  expiresAt: timestampSchema,
});
const byUser = z.object({ userId: idSchema }).strict();

export const userOperations = {
  listUsers: defineOperation({
    summary: 'All users, disabled ones included, optionally filtered by name.',
    input: z.object({ query: z.string().max(64).optional() }).strict(),
    output: z.object({ users: z.array(userRecordSchema) }),
    access: { kind: 'session', roles: staffRoles },
  }),
  createUser: defineOperation({
    summary: 'Create a user; the answer holds a one-time enrollment code to hand over.',
    input: z.object({ username: usernameSchema, displayName: displayNameSchema, role: roleSchema }).strict(),
    output: enrollmentSchema,
    access: { kind: 'session', roles: adminOnly },
  }),
  setUserRole: defineOperation({
    summary: 'Change a user’s role.',
    input: z.object({ userId: idSchema, role: roleSchema }).strict(),
    output: userRecordSchema,
    access: { kind: 'session', roles: adminOnly },
    auditTarget: 'userId',
  }),
  disableUser: defineOperation({
    summary: 'Soft delete: the user can no longer log in and every session ends now; history stays.',
    input: byUser,
    output: userRecordSchema,
    access: { kind: 'session', roles: adminOnly },
    auditTarget: 'userId',
  }),
  enableUser: defineOperation({
    summary: 'Let a disabled user log in again.',
    input: byUser,
    output: userRecordSchema,
    access: { kind: 'session', roles: adminOnly },
    auditTarget: 'userId',
  }),
  unlockUser: defineOperation({
    summary: 'Lift a lockout caused by failed logins.',
    input: byUser,
    output: userRecordSchema,
    access: { kind: 'session', roles: adminOnly },
    auditTarget: 'userId',
  }),
  resetUserEnrollment: defineOperation({
    summary:
      'Issue a new enrollment code; the old credentials stop working (their vault cannot be recovered).',
    input: byUser,
    output: enrollmentSchema,
    access: { kind: 'session', roles: adminOnly },
    auditTarget: 'userId',
  }),
  setUserLoginHours: defineOperation({
    summary: 'Restrict when a user may log in (UTC), or null to follow the role’s setting.',
    input: z.object({ userId: idSchema, loginHours: loginHoursSchema.nullable() }).strict(),
    output: userRecordSchema,
    access: { kind: 'session', roles: adminOnly },
    auditTarget: 'userId',
  }),
  endUserSessions: defineOperation({
    summary: 'End every session of a user now.',
    input: byUser,
    output: z.object({ ended: z.int() }),
    access: { kind: 'session', roles: adminOnly },
    auditTarget: 'userId',
  }),
};
