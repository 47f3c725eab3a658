// User administration: create with an enrollment code, roles, disable (soft delete), unlock, login hours.
import { z } from 'zod';
import { displayNameSchema, idSchema, loginHoursSchema, timestampSchema, usernameSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { EXAMPLE_USER_ID } from './examples.ts';
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
    route: { method: 'GET', path: '/v1/users' },
    example: { query: 'bo' },
  }),
  createUser: defineOperation({
    summary: 'Create a user; the answer holds a one-time enrollment code to hand over.',
    input: z.object({ username: usernameSchema, displayName: displayNameSchema, role: roleSchema }).strict(),
    output: enrollmentSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/users' },
    example: { username: 'bob', displayName: 'Bob Stone', role: 'user' },
  }),
  setUserRole: defineOperation({
    summary: 'Change a user’s role.',
    input: z.object({ userId: idSchema, role: roleSchema }).strict(),
    output: userRecordSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'PUT', path: '/v1/users/:userId/role' },
    example: { userId: EXAMPLE_USER_ID, role: 'moderator' },
    auditTarget: 'userId',
  }),
  disableUser: defineOperation({
    summary: 'Soft delete: the user can no longer log in and every session ends now; history stays.',
    input: byUser,
    output: userRecordSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/users/:userId/disable' },
    example: { userId: EXAMPLE_USER_ID },
    auditTarget: 'userId',
  }),
  enableUser: defineOperation({
    summary: 'Let a disabled user log in again.',
    input: byUser,
    output: userRecordSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/users/:userId/enable' },
    example: { userId: EXAMPLE_USER_ID },
    auditTarget: 'userId',
  }),
  unlockUser: defineOperation({
    summary: 'Lift a lockout caused by failed logins.',
    input: byUser,
    output: userRecordSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/users/:userId/unlock' },
    example: { userId: EXAMPLE_USER_ID },
    auditTarget: 'userId',
  }),
  resetUserEnrollment: defineOperation({
    summary:
      'Issue a new enrollment code; the old credentials stop working (their vault cannot be recovered).',
    input: byUser,
    output: enrollmentSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/users/:userId/enrollment' },
    example: { userId: EXAMPLE_USER_ID },
    auditTarget: 'userId',
  }),
  setUserLoginHours: defineOperation({
    summary: 'Restrict when a user may log in (UTC), or null to follow the role’s setting.',
    input: z.object({ userId: idSchema, loginHours: loginHoursSchema.nullable() }).strict(),
    output: userRecordSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'PUT', path: '/v1/users/:userId/login-hours' },
    example: {
      userId: EXAMPLE_USER_ID,
      loginHours: { days: [1, 2, 3, 4, 5], fromMinute: 7 * 60, toMinute: 19 * 60 },
    },
    auditTarget: 'userId',
  }),
  endUserSessions: defineOperation({
    summary: 'End every session of a user now.',
    input: byUser,
    output: z.object({ ended: z.int() }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'DELETE', path: '/v1/users/:userId/sessions' },
    example: { userId: EXAMPLE_USER_ID },
    auditTarget: 'userId',
  }),
};
