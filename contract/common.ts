// Schemas shared by several operations: identifiers, names, paths, encodings, KDF parameters.
import { z } from 'zod';
import { kdfFloor } from './kdf-floor.ts';
import { normalizeUserName } from './user-name.ts';

export const idSchema = z.uuid({ message: 'must be a UUID' });

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
export const base64Schema = (maxLength: number) =>
  z.string().max(maxLength).regex(base64Pattern, { message: 'must be base64' });

/** 32 bytes as base64: authentication hashes and X25519 public keys. */
export const key32Schema = z
  .string()
  .length(44)
  .regex(base64Pattern, { message: 'must be 32 bytes of base64' });

export const usernameSchema = z
  .string()
  .trim()
  .min(3, { message: 'must be at least 3 characters' })
  .max(64, { message: 'must be at most 64 characters' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, {
    message: 'may hold letters, digits, and . _ @ - (starting with a letter or digit)',
  })
  .transform(normalizeUserName);

export const displayNameSchema = z.string().trim().min(1).max(100);

/** A folder path: "/" or "/a/b" without a trailing slash, no empty or dot segments. */
export const pathSchema = z
  .string()
  .max(512)
  .regex(/^\/$|^(\/[^/]+)+$/, { message: 'must look like /folder/sub (no trailing slash)' })
  // Control characters would corrupt the index's sort keys and confuse every display.
  .refine((p) => ![...p].some((c) => c.charCodeAt(0) < 0x20), {
    message: 'must not contain control characters',
  })
  .refine((p) => !p.split('/').some((s) => s === '.' || s === '..'), { message: 'must not contain . or ..' });

export const secretNameSchema = z.string().trim().min(1).max(200);
export const tagSchema = z.string().trim().min(1).max(40);
export const secretTypes = ['login', 'api_key', 'ssh_key', 'certificate', 'note', 'custom'] as const;
export const secretTypeSchema = z.enum(secretTypes);

export const kdfParamsSchema = z.object({
  algorithm: z.literal('argon2id'),
  memoryKiB: z.int().min(1024).max(1_048_576),
  iterations: z.int().min(1).max(20),
  parallelism: z.int().min(1).max(8),
});
export type KdfParamsInput = z.infer<typeof kdfParamsSchema>;

/**
 * KDF parameters someone asks the server to use from now on (a new password, the setting): at least the
 * floor (kdf-floor.ts), so that no verifier made with weaker ones is stored. Stored ones are read with
 * kdfParamsSchema, so an older weaker row still opens.
 */
export const kdfParamsAtFloorSchema = kdfParamsSchema.superRefine((kdf, ctx) => {
  const floor = kdfFloor();
  if (kdf.memoryKiB < floor.memoryKiB) {
    ctx.addIssue({
      code: 'custom',
      path: ['memoryKiB'],
      message: `must be at least ${floor.memoryKiB} KiB (the KDF floor)`,
    });
  }
  if (kdf.iterations < floor.iterations) {
    ctx.addIssue({
      code: 'custom',
      path: ['iterations'],
      message: `must be at least ${floor.iterations} (the KDF floor)`,
    });
  }
});

/**
 * What a new account password must be. The server never sees a password, so Keyhold's clients apply
 * this rule when a password is chosen (enrollment, password change); the server keeps and hands it out.
 */
export const passwordPolicySchema = z.object({
  minLength: z.int().min(8).max(256).default(10),
  requireMixedCase: z.boolean().default(false),
  requireDigit: z.boolean().default(false),
  requireSymbol: z.boolean().default(false),
  /**
   * The least zxcvbn score (0 too guessable … 4 very unguessable) a new password must reach, so that
   * length alone does not pass (`bobbobbobbob` scores 1). 3, "strong", by default; 0 turns the check off.
   */
  minStrength: z.int().min(0).max(4).default(3),
});
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

/** What a client sends when it sets a password: everything the server keeps, nothing it could open. */
export const credentialMaterialSchema = z.object({
  salt: base64Schema(64).min(22),
  kdf: kdfParamsAtFloorSchema,
  authHash: key32Schema,
  publicKey: key32Schema,
  encryptedPrivateKey: base64Schema(256).min(40),
  /**
   * The user's vault key sealed under the password-derived key: what sign-in opens. Optional only for
   * clients from before vault keys (their accounts get one at their next sign-in with a newer client).
   */
  encryptedVaultKey: base64Schema(256).min(40).optional(),
  /** The same vault key sealed to the user's own public key, for a holder of the private key alone. */
  sealedVaultKey: base64Schema(256).min(40).optional(),
});
export type CredentialMaterial = z.infer<typeof credentialMaterialSchema>;

export const timestampSchema = z.iso.datetime();

export const pageSchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.int().min(1).max(500).default(100),
});

export const empty = z.object({}).strict();
export const ack = z.object({ ok: z.literal(true) });

/** Allowed login hours, in UTC: days 0 (Sunday) to 6, from–to in minutes of the day. */
export const loginHoursSchema = z
  .object({
    days: z.array(z.int().min(0).max(6)).min(1).max(7),
    fromMinute: z.int().min(0).max(1439),
    toMinute: z.int().min(1).max(1440),
  })
  .refine((h) => h.toMinute > h.fromMinute, {
    message: 'toMinute must be after fromMinute',
    path: ['toMinute'],
  });
export type LoginHours = z.infer<typeof loginHoursSchema>;
