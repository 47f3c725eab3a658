// Server settings: one schema with defaults, shared by the updateSettings operation and the settings store.
import { z } from 'zod';
import { kdfParamsSchema, loginHoursSchema } from './common.ts';

const minutes = (max: number) => z.int().min(1).max(max);

export const settingsSchema = z.object({
  session: z
    .object({
      lifetimeMinutes: minutes(60 * 24 * 30).default(720),
      idleMinutes: minutes(60 * 24).default(30),
    })
    .prefault({}),
  lockout: z
    .object({
      maxFailures: z.int().min(1).max(100).default(5),
      windowMinutes: minutes(24 * 60).default(15),
      durationMinutes: minutes(24 * 60).default(15),
    })
    .prefault({}),
  loginHours: z
    .object({
      admin: loginHoursSchema.nullable().default(null),
      moderator: loginHoursSchema.nullable().default(null),
      user: loginHoursSchema.nullable().default(null),
    })
    .prefault({}),
  secrets: z.object({ versionsToKeep: z.int().min(1).max(1000).default(10) }).prefault({}),
  kdf: kdfParamsSchema.default({ algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1 }),
  enrollment: z
    .object({
      codeLifetimeHours: z
        .int()
        .min(1)
        .max(24 * 30)
        .default(72),
    })
    .prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

/** A partial update: any subset of sections, each section partial. */
export const settingsPatchSchema = z
  .object({
    session: settingsSchema.shape.session.unwrap().partial().optional(),
    lockout: settingsSchema.shape.lockout.unwrap().partial().optional(),
    loginHours: settingsSchema.shape.loginHours.unwrap().partial().optional(),
    secrets: settingsSchema.shape.secrets.unwrap().partial().optional(),
    kdf: kdfParamsSchema.optional(),
    enrollment: settingsSchema.shape.enrollment.unwrap().partial().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
