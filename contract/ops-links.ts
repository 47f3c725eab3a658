// One-time share links: a text (or a small file) encrypted in the client under a key that lives only in the
// link's fragment; the server keeps the ciphertext with an expiry and a view limit, and serves it to anyone
// holding the link's id through the public open operation.
import { z } from 'zod';
import {
  ack,
  base64Schema,
  kdfParamsAtFloorSchema,
  kdfParamsSchema,
  key32Schema,
  timestampSchema,
} from './common.ts';
import { defineOperation } from './define.ts';
import { allRoles } from './roles.ts';

/** The public page of a link is `/s/<id>`; the decryption key follows in the fragment. */
export const SHARE_PAGE_PREFIX = '/s/';

/** Expiry choices are hours: one hour to thirty days, a week by default. */
export const SHARE_LINK_HOURS = { min: 1, max: 24 * 30, default: 24 * 7 } as const;
export const SHARE_LINK_VIEWS = { min: 1, max: 100, default: 1 } as const;
/** The largest file a link carries (1 MB): the CLI's `send --file` and the window's form refuse more first. */
export const SHARE_LINK_FILE_MAX_BYTES = 1_000_000;
/**
 * The client's ciphertext as base64. A file's bytes travel as base64 inside the sealed JSON, which is base64
 * again on the wire: 1 MB becomes about 1,780,000 characters; the rest is room for its name and type.
 */
export const SHARE_LINK_CIPHERTEXT_MAX = 1_800_000;

/** A link id: 16 random bytes as base64url (22 characters), made by the server. */
export const shareLinkIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}$/, { message: 'must be a link id (22 letters, digits, - or _)' });

/**
 * What the server keeps of a link's password: the salt and KDF parameters the opener's browser needs, and
 * the SHA-256 of the proof the password derives (so neither the server nor its database can present it).
 */
export const shareLinkPasswordSchema = z
  .object({
    salt: base64Schema(64).min(22),
    kdf: kdfParamsAtFloorSchema,
    verifier: key32Schema,
  })
  .strict();

export const shareLinkSummarySchema = z.object({
  id: shareLinkIdSchema,
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
  maxViews: z.int(),
  views: z.int(),
  /** Bytes of ciphertext held. */
  size: z.int(),
  password: z.boolean(),
});
export type ShareLinkSummary = z.infer<typeof shareLinkSummarySchema>;

/** The one answer for a link that expired, was used up, was revoked, or never existed. */
export const SHARE_LINK_GONE = 'this link has expired or does not exist';

const EXAMPLE_LINK_ID = 'q3Vb9xT2kLmN0pQrStUvWx';

export const linkOperations = {
  createShareLink: defineOperation({
    summary:
      'Keep a ciphertext made in the client under a key the server never sees, openable through /s/<id> until it expires or its views are used; refused while an administrator has turned links off.',
    input: z
      .object({
        ciphertext: base64Schema(SHARE_LINK_CIPHERTEXT_MAX).min(40, { message: 'must be a ciphertext' }),
        expiresInHours: z
          .int({ message: `must be a whole number of hours from 1 to ${SHARE_LINK_HOURS.max}` })
          .min(SHARE_LINK_HOURS.min, {
            message: `must be a whole number of hours from 1 to ${SHARE_LINK_HOURS.max}`,
          })
          .max(SHARE_LINK_HOURS.max, {
            message: `must be a whole number of hours from 1 to ${SHARE_LINK_HOURS.max}`,
          })
          .default(SHARE_LINK_HOURS.default),
        maxViews: z
          .int({ message: 'must be a whole number from 1 to 100' })
          .min(SHARE_LINK_VIEWS.min, { message: 'must be a whole number from 1 to 100' })
          .max(SHARE_LINK_VIEWS.max, { message: 'must be a whole number from 1 to 100' })
          .default(SHARE_LINK_VIEWS.default),
        password: shareLinkPasswordSchema.nullable().default(null),
      })
      .strict(),
    output: z.object({
      id: shareLinkIdSchema,
      expiresAt: timestampSchema,
      maxViews: z.int(),
      path: z.string(),
    }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'POST', path: '/v1/links' },
    example: { ciphertext: 'A'.repeat(64), expiresInHours: 24, maxViews: 1, password: null },
  }),
  listShareLinks: defineOperation({
    summary: 'The caller’s own links that can still be opened, newest first (never their content).',
    input: z.object({}).strict(),
    output: z.object({ links: z.array(shareLinkSummarySchema) }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'GET', path: '/v1/links' },
    example: {},
  }),
  revokeShareLink: defineOperation({
    summary: 'Delete one of the caller’s own links at once: it answers as if it never existed.',
    input: z.object({ id: shareLinkIdSchema }).strict(),
    output: ack,
    access: { kind: 'session', roles: allRoles },
    route: { method: 'DELETE', path: '/v1/links/:id' },
    example: { id: EXAMPLE_LINK_ID },
    auditTarget: 'id',
  }),
  openShareLink: defineOperation({
    summary:
      'Public: the ciphertext of a link, counting one view (the last view deletes it). A link with a password answers its salt and KDF parameters until the proof derived from the password is sent. Expired, used, revoked and unknown links all answer the same not_found.',
    input: z.object({ id: shareLinkIdSchema, proof: key32Schema.optional() }).strict(),
    output: z.discriminatedUnion('state', [
      z.object({
        state: z.literal('open'),
        ciphertext: z.string(),
        /** Views left after this one (0: the link is gone now). */
        viewsLeft: z.int(),
        expiresAt: timestampSchema,
        password: z.object({ salt: z.string(), kdf: kdfParamsSchema }).nullable(),
      }),
      z.object({
        state: z.literal('password'),
        salt: z.string(),
        kdf: kdfParamsSchema,
        /** True when a proof was sent and did not match. */
        wrong: z.boolean(),
      }),
    ]),
    access: { kind: 'public' },
    route: { method: 'POST', path: '/v1/public/links/:id/open' },
    example: { id: EXAMPLE_LINK_ID },
    auditTarget: 'id',
  }),
};
