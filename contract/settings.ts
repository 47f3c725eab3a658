// Server settings: one schema with defaults, shared by the updateSettings operation and the settings store.
import { z } from 'zod';
import { kdfParamsAtFloorSchema, kdfParamsSchema, loginHoursSchema, passwordPolicySchema } from './common.ts';

const minutes = (max: number) => z.int().min(1).max(max);

/** An absolute path (POSIX, or Windows with a drive or a share), without control characters or `..`. */
const backupFolderSchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, { message: 'must be an absolute path' })
  .refine((p) => ![...p].some((c) => c.charCodeAt(0) < 0x20), {
    message: 'must not contain control characters',
  })
  .refine((p) => !p.split(/[\\/]/).includes('..'), { message: 'must not contain ..' });

/** The TCP port the HTTPS listener binds: the one message for every way of getting it wrong. */
export const listenPortSchema = z
  .int({ message: 'the port must be a whole number from 1 to 65535' })
  .min(1, { message: 'the port must be a whole number from 1 to 65535' })
  .max(65535, { message: 'the port must be a whole number from 1 to 65535' });

/**
 * The address to bind when exposed: every IPv4 interface (0.0.0.0), every interface (::), or one of
 * this computer's own addresses. Whether it is one of them is checked when binding (server side).
 */
export const listenAddressSchema = z.union([z.ipv4(), z.ipv6()], {
  message: "the address must be an IP address: 0.0.0.0, ::, or one of this computer's addresses",
});

/** The network section's fields without defaults, so that a patch leaves out what it does not name. */
const networkFields = {
  exposed: z.boolean(),
  address: listenAddressSchema,
  port: listenPortSchema,
  /** Serve the web UI at `/`; the API answers either way. */
  webUi: z.boolean(),
  /**
   * Serve only clients presenting a good certificate from the server's CA (machine-only deployments):
   * every route refuses the others, except the CRL and the CA certificate.
   */
  requireClientCertificate: z.boolean(),
  /** Open connections from all addresses together; a new one past this is closed at once. */
  maxConnections: z
    .int({ message: 'must be a whole number from 16 to 100000' })
    .min(16, { message: 'must be a whole number from 16 to 100000' })
    .max(100_000, { message: 'must be a whole number from 16 to 100000' }),
  /** Open connections from one address (several people behind one NAT share it). */
  maxConnectionsPerAddress: z
    .int({ message: 'must be a whole number from 4 to 100000' })
    .min(4, { message: 'must be a whole number from 4 to 100000' })
    .max(100_000, { message: 'must be a whole number from 4 to 100000' }),
};

/** A host name for a certificate: letters, digits and hyphens in dot-separated labels, optionally `*.` first. */
const dnsNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, {
    message: 'must be a host name such as vault.example.com (or *.example.com)',
  });

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
  rateLimits: z
    .object({
      /** Sign-in attempts (login, enroll, unseal, password change): the brake on password guessing. */
      login: z
        .object({
          perAddressPerMinute: z.int().min(1).max(100_000).default(120),
          perUserPerMinute: z.int().min(1).max(100_000).default(60),
        })
        .prefault({}),
      /** Every other request: room for scripts and busy desktops, a wall for floods. */
      api: z
        .object({
          perAddressPerSecond: z.int().min(1).max(1_000_000).default(2000),
          perUserPerSecond: z.int().min(1).max(1_000_000).default(1000),
        })
        .prefault({}),
    })
    .prefault({}),
  secrets: z.object({ versionsToKeep: z.int().min(1).max(1000).default(10) }).prefault({}),
  kdf: kdfParamsSchema.default({ algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1 }),
  passwordPolicy: passwordPolicySchema.prefault({}),
  enrollment: z
    .object({
      codeLifetimeHours: z
        .int()
        .min(1)
        .max(24 * 30)
        .default(72),
    })
    .prefault({}),
  /** Scheduled encrypted backups (createBackup runs on demand whatever these say). */
  backup: z
    .object({
      enabled: z.boolean().default(false),
      intervalHours: z
        .int()
        .min(1)
        .max(24 * 30)
        .default(24),
      /** Scheduled copies kept; older ones are deleted. Manual backups are never deleted by the schedule. */
      keep: z.int().min(1).max(365).default(7),
      /** An absolute folder on the server; null is `<data>/backups`. */
      folder: backupFolderSchema.nullable().default(null),
    })
    .prefault({}),
  /** The names a renewed server certificate is issued for (renewServerCertificate); the first DNS name is its CN. */
  tls: z
    .object({
      dnsNames: z.array(dnsNameSchema).min(1).max(50).default(['localhost']),
      ipAddresses: z
        .array(z.union([z.ipv4(), z.ipv6()]))
        .max(50)
        .default(['127.0.0.1', '::1']),
    })
    .prefault({}),
  /** Files on items: the largest one file may be, and the most one user's files may take together (MiB). */
  attachments: z
    .object({
      maxFileMiB: z.int().min(1).max(1_048_576).default(100),
      maxPerUserMiB: z.int().min(1).max(1_048_576).default(1024),
    })
    .prefault({}),
  /** Audit retention: entries older than this many days are pruned (daily, and at start); null keeps them all. */
  audit: z
    .object({
      retentionDays: z.int().min(1).max(3650).nullable().default(null),
    })
    .prefault({}),
  /** One-time share links (contract/ops-links.ts): an administrator may turn them off for everyone. */
  shareLinks: z
    .object({
      /** Off: creating is refused and existing links answer as expired (they are kept until they expire). */
      enabled: z.boolean().default(true),
      /** Opens of links from one address per minute (the public page's brake on guessing ids and passwords). */
      opensPerAddressPerMinute: z.int().min(1).max(10_000).default(30),
    })
    .prefault({}),
  /**
   * Where the server listens (server/transport/listener.ts). Not exposed: loopback only (headless) or no
   * network listener at all (desktop host, whose window uses IPC). Flags given at start win over these.
   */
  network: z
    .object({
      exposed: networkFields.exposed.default(false),
      address: networkFields.address.default('0.0.0.0'),
      port: networkFields.port.default(7777),
      webUi: networkFields.webUi.default(true),
      requireClientCertificate: networkFields.requireClientCertificate.default(false),
      maxConnections: networkFields.maxConnections.default(1024),
      maxConnectionsPerAddress: networkFields.maxConnectionsPerAddress.default(128),
    })
    .prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;

/**
 * A section of the settings as a patch: every field optional and WITHOUT its default, so a patch that
 * names one field leaves the others as they are (a default would silently put them back).
 */
function patchOf<S extends z.ZodRawShape>(section: z.ZodObject<S>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(section.shape)) {
    const inner = field instanceof z.ZodDefault ? field.unwrap() : field;
    shape[key] = z.optional(inner as z.ZodType);
  }
  return z.object(shape as { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> }).strict();
}

const sections = settingsSchema.shape;
const rateLimitSections = sections.rateLimits.unwrap().shape;

/** A partial update: any subset of sections, each section partial. */
export const settingsPatchSchema = z
  .object({
    session: patchOf(sections.session.unwrap()).optional(),
    lockout: patchOf(sections.lockout.unwrap()).optional(),
    loginHours: patchOf(sections.loginHours.unwrap()).optional(),
    rateLimits: z
      .object({
        login: patchOf(rateLimitSections.login.unwrap()).optional(),
        api: patchOf(rateLimitSections.api.unwrap()).optional(),
      })
      .strict()
      .optional(),
    secrets: patchOf(sections.secrets.unwrap()).optional(),
    kdf: kdfParamsAtFloorSchema.optional(),
    passwordPolicy: patchOf(sections.passwordPolicy.unwrap()).optional(),
    enrollment: patchOf(sections.enrollment.unwrap()).optional(),
    backup: patchOf(sections.backup.unwrap()).optional(),
    audit: patchOf(sections.audit.unwrap()).optional(),
    attachments: patchOf(sections.attachments.unwrap()).optional(),
    tls: patchOf(sections.tls.unwrap()).optional(),
    network: z.object(networkFields).partial().strict().optional(),
    shareLinks: patchOf(sections.shareLinks.unwrap()).optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
export type NetworkSettings = Settings['network'];
