// The sealed part of a user row and the domain view of a user, kept apart from the row type.
import { z } from 'zod';
import { kdfParamsSchema, loginHoursSchema, type Role } from '../../contract/index.ts';

export const userDataSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  salt: z.string().nullable(),
  kdf: kdfParamsSchema.nullable(),
  /** Argon2id PHC string of the client's authentication hash. */
  verifier: z.string().nullable(),
  publicKey: z.string().nullable(),
  encryptedPrivateKey: z.string().nullable(),
  /** The vault key sealed on the client (under the password-derived key, and to the public key); opaque here. */
  encryptedVaultKey: z.string().nullable().default(null),
  sealedVaultKey: z.string().nullable().default(null),
  loginHours: loginHoursSchema.nullable(),
});
export type UserData = z.infer<typeof userDataSchema>;

export interface User extends UserData {
  id: string;
  role: Role;
  isActive: boolean;
  enrolled: boolean;
  rowVersion: number;
  failedLogins: number;
  failureWindowStart: string | null;
  lockedUntil: string | null;
  enrollmentCodeHash: string | null;
  enrollmentExpiresAt: string | null;
  createdAt: string;
  kind: 'person' | 'machine';
  /** For a machine identity: the user who made it (and may grant to it or revoke it). */
  ownerId: string | null;
}
