// Roles and client kinds: the closed sets every policy decision is made from.
import { z } from 'zod';

export const roles = ['admin', 'moderator', 'user'] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

export const clientKinds = ['desktop', 'web', 'cli'] as const;
export type ClientKind = (typeof clientKinds)[number];
export const clientKindSchema = z.enum(clientKinds);

export const allRoles: readonly Role[] = roles;
export const staffRoles: readonly Role[] = ['admin', 'moderator'];
export const adminOnly: readonly Role[] = ['admin'];
