// Certificates: the CA, the server certificate, client certificates for mutual TLS, revocation and the admin overview.
import { z } from 'zod';
import { idSchema, timestampSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { adminOnly, staffRoles } from './roles.ts';

export const certificateKinds = ['ca', 'server', 'client'] as const;
export type CertificateKind = (typeof certificateKinds)[number];

/** What the list shows: computed from the dates and the revocation at the time of asking. */
export const certificateStatuses = ['valid', 'expiring', 'expired', 'revoked'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];

/** A certificate counts as expiring this many days before its end at most (a third of its lifetime if shorter). */
export const EXPIRING_WITHIN_DAYS = 30;

/** RFC 5280 reason codes an administrator may give (removeFromCRL is a delta-CRL mechanism, not a reason). */
export const revocationReasons = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
  'aACompromise',
] as const;
export type RevocationReason = (typeof revocationReasons)[number];

/** A serial number as hex, the way the list shows it (case is forgiven). */
export const serialSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[0-9A-Fa-f]+$/, { message: 'must be a hexadecimal serial number' })
  .transform((s) => s.toLowerCase());

const validityDaysSchema = z.int().min(1).max(3650);

/** A common name: printable text only, so it cannot smuggle another attribute into the subject. */
export const commonNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(64, { message: 'must be at most 64 characters' })
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), {
    message: 'must not contain control characters',
  });

const pemSchema = (label: string, max: number) =>
  z
    .string()
    .max(max)
    .regex(new RegExp(`-----BEGIN ${label}-----`), { message: `must be PEM (-----BEGIN ${label}-----)` });

export const certificateInfoSchema = z.object({
  serial: z.string(),
  kind: z.enum(certificateKinds),
  subject: z.string(),
  commonName: z.string(),
  issuedAt: timestampSchema,
  expiresAt: timestampSchema,
  status: z.enum(certificateStatuses),
  /** The server certificate in use now (server certificates only; older ones stay listed). */
  current: z.boolean(),
  /** The user a client certificate was issued for, when it was. */
  forUserId: z.string().nullable(),
  forUsername: z.string().nullable(),
  revokedAt: timestampSchema.nullable(),
  revokeReason: z.enum(revocationReasons).nullable(),
  /** The serial of the certificate this one was renewed into. */
  renewedTo: z.string().nullable(),
  fingerprintSha256: z.string(),
  dnsNames: z.array(z.string()),
  ipAddresses: z.array(z.string()),
});
export type CertificateInfo = z.infer<typeof certificateInfoSchema>;

const issuedSchema = z.object({
  certificate: certificateInfoSchema,
  certPem: z.string(),
  /** Returned once: the server does not keep it. */
  keyPem: z.string(),
  /** PKCS#12 (AES-256-CBC, PBKDF2-SHA-256, HMAC-SHA-256) as base64, when a password was given. */
  pkcs12Base64: z.string().nullable(),
});

const pkcs12PasswordSchema = z
  .string()
  .min(8, { message: 'must be at least 8 characters' })
  .max(256, { message: 'must be at most 256 characters' });

export const certificateOverviewSchema = z.object({
  /** Certificates in use that are expiring (certificate-view.ts's rule) or already ended, soonest first. */
  attention: z.array(
    z.object({
      serial: z.string(),
      kind: z.enum(certificateKinds),
      commonName: z.string(),
      expiresAt: timestampSchema,
      status: z.enum(['expiring', 'expired']),
      current: z.boolean(),
    }),
  ),
  certificates: z.object({ valid: z.int(), expiring: z.int(), expired: z.int(), revoked: z.int() }),
  users: z.object({ active: z.int(), disabled: z.int(), locked: z.int() }),
  sessionsOpen: z.int(),
  keyringTerm: z.int(),
  serverCertificateExpiresAt: timestampSchema.nullable(),
  caFingerprintSha256: z.string(),
});
export type CertificateOverview = z.infer<typeof certificateOverviewSchema>;

export const certificateOperations = {
  listCertificates: defineOperation({
    summary:
      'Every certificate the server made or was given (CA, server, client), with status valid, expiring (ending within 30 days, or within the last third of its lifetime when that is shorter), expired or revoked; newest first.',
    input: z
      .object({
        kind: z.enum(certificateKinds).optional(),
        status: z.enum(certificateStatuses).optional(),
      })
      .strict(),
    output: z.object({ certificates: z.array(certificateInfoSchema) }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'GET', path: '/v1/certificates' },
    example: { kind: 'client', status: 'expiring' },
  }),
  issueClientCertificate: defineOperation({
    summary:
      'Issue a client certificate (ECDSA P-256, for mutual TLS of machines and CLIs). The key pair is made here and returned once, as PEM and, with a password, PKCS#12; the key is not kept.',
    input: z
      .object({
        commonName: commonNameSchema,
        validityDays: validityDaysSchema.default(365),
        forUserId: idSchema.optional(),
        pkcs12Password: pkcs12PasswordSchema.optional(),
      })
      .strict(),
    output: issuedSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/certificates' },
    example: { commonName: 'ci-runner-01', validityDays: 90 },
  }),
  renewCertificate: defineOperation({
    summary:
      'Renew a client certificate: a new serial and validity for the same subject and public key (the holder keeps their key). The old one stays valid until it ends or is revoked.',
    input: z.object({ serial: serialSchema, validityDays: validityDaysSchema.default(365) }).strict(),
    output: z.object({ certificate: certificateInfoSchema, certPem: z.string() }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/certificates/:serial/renew' },
    example: { serial: '5f3a9c0d2e1b', validityDays: 365 },
    auditTarget: 'serial',
  }),
  revokeCertificate: defineOperation({
    summary:
      'Revoke a client certificate with an RFC 5280 reason: it is refused from the next request on, and listed in the CRL at /v1/crl.pem.',
    input: z.object({ serial: serialSchema, reason: z.enum(revocationReasons) }).strict(),
    output: z.object({ certificate: certificateInfoSchema }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/certificates/:serial/revoke' },
    example: { serial: '5f3a9c0d2e1b', reason: 'keyCompromise' },
    auditTarget: 'serial',
  }),
  renewServerCertificate: defineOperation({
    summary:
      'Issue a new server certificate from the CA for the names in settings (tls) and start serving it at once, without a restart.',
    input: z.object({ validityDays: validityDaysSchema.default(825) }).strict(),
    output: z.object({ certificate: certificateInfoSchema }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/tls/server-certificate/renew' },
    example: { validityDays: 825 },
  }),
  replaceServerCertificate: defineOperation({
    summary:
      'Serve an administrator’s own certificate and key (PEM; the certificate may be followed by its chain). Refused unless it parses, the key matches, it is in its validity period and names at least one host.',
    input: z
      .object({
        certPem: pemSchema('CERTIFICATE', 64 * 1024),
        keyPem: pemSchema('(?:EC |RSA )?PRIVATE KEY', 16 * 1024),
      })
      .strict(),
    output: z.object({ certificate: certificateInfoSchema }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'PUT', path: '/v1/tls/server-certificate' },
    // Shortened PEM: the shape the schema asks for; the server refuses it as a certificate that does not parse.
    example: {
      certPem: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU...\n-----END CERTIFICATE-----\n',
      keyPem: '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49...\n-----END PRIVATE KEY-----\n',
    },
  }),
  downloadCaCertificate: defineOperation({
    summary: 'The certificate authority’s certificate (PEM) and fingerprint, to trust this server.',
    input: z.object({}).strict(),
    output: z.object({ certPem: z.string(), fingerprintSha256: z.string(), expiresAt: timestampSchema }),
    access: { kind: 'public' },
    route: { method: 'GET', path: '/v1/tls/ca' },
    example: {},
    whileSealed: true,
  }),
  getAdminOverview: defineOperation({
    summary:
      'The admin console’s first page: certificates needing attention (expiring or expired), certificate and user counts, open sessions, keyring term.',
    input: z.object({}).strict(),
    output: certificateOverviewSchema,
    access: { kind: 'session', roles: staffRoles },
    route: { method: 'GET', path: '/v1/admin/overview' },
    example: {},
  }),
};
