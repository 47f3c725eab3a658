// Attachments: files on an item, sealed in the client in chunks under a per-file key that the item's content
// key wraps. The server keeps ciphertext it cannot open: the wrapped key, the sealed name and size, the chunks.
import { z } from 'zod';
import { ack, base64Schema, idSchema, timestampSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { EXAMPLE_SECRET_ID } from './examples.ts';
import { allRoles } from './roles.ts';

/** Plaintext bytes per chunk (the client's cipher cuts files there) and what sealing adds to each. */
export const ATTACHMENT_CHUNK_BYTES = 1024 * 1024;
export const ATTACHMENT_CHUNK_OVERHEAD = 29;
/** A sealed chunk as base64: the largest fits in the HTTP body limit with room to spare. */
const chunkSchema = base64Schema(Math.ceil((ATTACHMENT_CHUNK_BYTES + ATTACHMENT_CHUNK_OVERHEAD) / 3) * 4).min(
  40,
);
const wrappedFileKeySchema = base64Schema(512).min(40);
/** The file's name, size and type sealed under its key. */
const sealedMetaSchema = base64Schema(8192).min(40);
const attachmentIdSchema = z.uuid({ message: 'must be a UUID' });
const chunkIndexSchema = z.int().min(0).max(10_000_000);

const EXAMPLE_ATTACHMENT_ID = '5d0c7b1e-7a52-4a8e-9f0e-2b1c8e7d6a41';
const EXAMPLE_WRAPPED_FILE_KEY =
  'AXfFsXlVd1ZBm0N6tTFnTq2lqkR2N1e8s8Y1o3C5m1w2c3Y4dQy0kZ6jH8wJrP3bLq9sVt5xWzYaBcDeFgHiJkLmNoPq';
const EXAMPLE_SEALED_META = 'AQx8mAj9yQkQ8cE2bL4d1gS7hR3nP6tV0wZ5uY2xK9qF4jM1oC8eA7iN3sD6fG0hJ2lK5pR9vB';
const EXAMPLE_SEALED_CHUNK = 'AZk3sP0qL7dF2hJ9mC4xV6bN1tR8yW5eU3iO0aS7gK2zQ4wE6rT9uY1pL8mN3bV5cX7zA2sD';

const readAccess = { kind: 'session', roles: allRoles, resource: 'secret', need: 'read' } as const;
// The owner only, as deleteSecret: a recipient (person or machine) reads an item's files, never changes them.
const ownerAccess = { kind: 'session', roles: allRoles, resource: 'secret', need: 'owner' } as const;

export const attachmentSummarySchema = z.object({
  attachmentId: z.uuid(),
  /** The file key wrapped under the item's content key. */
  wrappedKey: z.string(),
  /** Name, size and type, sealed under the file key. */
  meta: z.string(),
  chunkCount: z.int(),
  /** Ciphertext bytes stored: what counts against the limits. */
  storedBytes: z.int(),
  createdAt: timestampSchema,
});
export type AttachmentSummary = z.infer<typeof attachmentSummarySchema>;

export const attachmentOperations = {
  beginAttachment: defineOperation({
    summary:
      'Open an upload of a file to an item: its id, wrapped key, sealed name and size, and how many chunks will follow. Refused past the per-file or per-user limit; an upload not finished within an hour is removed.',
    input: z
      .object({
        id: idSchema,
        attachmentId: attachmentIdSchema,
        wrappedKey: wrappedFileKeySchema,
        meta: sealedMetaSchema,
        /** The file's size in bytes (the chunks' lengths tell the server about as much). */
        size: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
        chunkCount: z.int().min(1).max(10_000_000),
      })
      .strict()
      .refine((i) => i.chunkCount === Math.max(1, Math.ceil(i.size / ATTACHMENT_CHUNK_BYTES)), {
        message: `must be the size divided into chunks of ${ATTACHMENT_CHUNK_BYTES} bytes, rounded up (at least 1)`,
        path: ['chunkCount'],
      }),
    output: z.object({ expiresAt: timestampSchema }),
    access: ownerAccess,
    route: { method: 'POST', path: '/v1/secrets/:id/attachments' },
    example: {
      id: EXAMPLE_SECRET_ID,
      attachmentId: EXAMPLE_ATTACHMENT_ID,
      wrappedKey: EXAMPLE_WRAPPED_FILE_KEY,
      meta: EXAMPLE_SEALED_META,
      size: 20,
      chunkCount: 1,
    },
    auditTarget: 'attachmentId',
  }),
  putAttachmentChunk: defineOperation({
    summary:
      'Store one sealed chunk of an upload that is open (base64 in the JSON body); chunks may arrive in any order.',
    input: z
      .object({ id: idSchema, attachmentId: attachmentIdSchema, index: chunkIndexSchema, data: chunkSchema })
      .strict(),
    output: ack,
    access: ownerAccess,
    route: { method: 'PUT', path: '/v1/secrets/:id/attachments/:attachmentId/chunks/:index' },
    example: {
      id: EXAMPLE_SECRET_ID,
      attachmentId: EXAMPLE_ATTACHMENT_ID,
      index: 0,
      data: EXAMPLE_SEALED_CHUNK,
    },
    auditTarget: 'attachmentId',
    // beginAttachment and finishAttachment record the upload; a refused chunk is still recorded.
    auditSuccess: 'none',
  }),
  finishAttachment: defineOperation({
    summary: 'Finish an upload once every chunk is stored: the file is listed from then on.',
    input: z.object({ id: idSchema, attachmentId: attachmentIdSchema }).strict(),
    output: ack,
    access: ownerAccess,
    route: { method: 'POST', path: '/v1/secrets/:id/attachments/:attachmentId/finish' },
    example: { id: EXAMPLE_SECRET_ID, attachmentId: EXAMPLE_ATTACHMENT_ID },
    auditTarget: 'attachmentId',
  }),
  listAttachments: defineOperation({
    summary:
      'The finished files on an item, with their wrapped keys and sealed names, for anyone who reads it.',
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ items: z.array(attachmentSummarySchema) }),
    access: readAccess,
    route: { method: 'GET', path: '/v1/secrets/:id/attachments' },
    example: { id: EXAMPLE_SECRET_ID },
    auditTarget: 'id',
  }),
  readAttachmentChunk: defineOperation({
    summary: 'One sealed chunk of a finished file (base64), for anyone who reads the item.',
    input: z.object({ id: idSchema, attachmentId: attachmentIdSchema, index: chunkIndexSchema }).strict(),
    output: z.object({ data: z.string() }),
    access: readAccess,
    route: { method: 'GET', path: '/v1/secrets/:id/attachments/:attachmentId/chunks/:index' },
    example: { id: EXAMPLE_SECRET_ID, attachmentId: EXAMPLE_ATTACHMENT_ID, index: 0 },
    auditTarget: 'attachmentId',
    // One entry per download (its first chunk), not one per chunk; refusals are always recorded.
    auditSuccess: { streamStart: 'index' },
  }),
  deleteAttachment: defineOperation({
    summary: 'Delete a file from an item for good, finished or not.',
    input: z.object({ id: idSchema, attachmentId: attachmentIdSchema }).strict(),
    output: ack,
    access: ownerAccess,
    route: { method: 'DELETE', path: '/v1/secrets/:id/attachments/:attachmentId' },
    example: { id: EXAMPLE_SECRET_ID, attachmentId: EXAMPLE_ATTACHMENT_ID },
    auditTarget: 'attachmentId',
  }),
};
