// The encrypted backup file: header, keys (Argon2id → X25519 recipient, per-file ephemeral key) and AES-GCM chunks.
//
// Layout: MAGIC (8) | header length (u32 BE) | header (JSON, UTF-8) | chunks. The plaintext is the data files
// concatenated in header order, cut into chunks of `chunkSize` bytes; each chunk is AES-256-GCM (ciphertext then
// 16-byte tag) with the nonce = chunk index and AAD = SHA-256(magic, length, header) ‖ index ‖ final flag, so a
// changed header, a reordered, dropped, added or altered chunk, and a file cut at a chunk boundary all fail.
//
// Why a recipient key rather than a key derived straight from the passphrase: the server stores only the public
// half for scheduled backups, so neither the server nor anyone who takes it over can open a backup, old or new.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { hashRaw } from '@node-rs/argon2';
import { z } from 'zod';
import { BackupError } from './backup-error.ts';

export const MAGIC = Buffer.from('KHBACKUP', 'ascii');
export const FORMAT_VERSION = 1;
export const CHUNK_SIZE = 1024 * 1024;
export const TAG_LENGTH = 16;
const MAX_HEADER_LENGTH = 64 * 1024;
const FILE_KEY_INFO = Buffer.from('keyhold/backup/v1/file-key', 'utf8');

/** What a backup may hold, by its path in the data folder, with the mode it is restored with. */
export const DATA_FILE_MODES = {
  'keyhold.db': 0o600,
  'tls/ca.pem': 0o644,
  'tls/server.pem': 0o644,
  'tls/server-key.pem': 0o600,
} as const;
export type DataFileName = keyof typeof DATA_FILE_MODES;
export const dataFileNames = Object.keys(DATA_FILE_MODES) as DataFileName[];

export const backupKinds = ['manual', 'scheduled'] as const;
export type BackupKind = (typeof backupKinds)[number];

const base64Of = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .refine((s) => Buffer.from(s, 'base64').length === bytes, {
      message: `must be ${bytes} bytes of base64`,
    });

/** Argon2id cost, bounded so a forged header cannot make a restore allocate without limit. */
export const backupKdfSchema = z.object({
  algorithm: z.literal('argon2id'),
  salt: base64Of(16),
  memoryKiB: z
    .int()
    .min(1024)
    .max(4 * 1024 * 1024),
  iterations: z.int().min(1).max(100),
  parallelism: z.int().min(1).max(16),
});
export type BackupKdf = z.infer<typeof backupKdfSchema>;
export type KdfCost = Omit<BackupKdf, 'algorithm' | 'salt'>;
export const DEFAULT_BACKUP_KDF: KdfCost = { memoryKiB: 65536, iterations: 3, parallelism: 1 };

export const headerSchema = z
  .object({
    format: z.literal('keyhold-backup'),
    version: z.literal(FORMAT_VERSION),
    createdAt: z.iso.datetime(),
    serverVersion: z.string().max(64),
    kind: z.enum(backupKinds),
    kdf: backupKdfSchema,
    recipient: base64Of(32),
    ephemeral: base64Of(32),
    chunkSize: z
      .int()
      .min(4096)
      .max(64 * 1024 * 1024),
    files: z
      .array(
        z.object({
          name: z.enum(dataFileNames as [DataFileName, ...DataFileName[]]),
          size: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
        }),
      )
      .min(1)
      .max(dataFileNames.length)
      .refine((files) => new Set(files.map((f) => f.name)).size === files.length, {
        message: 'names a file twice',
      })
      .refine((files) => files.some((f) => f.name === 'keyhold.db'), { message: 'holds no database' }),
  })
  .strict();
export type BackupHeader = z.infer<typeof headerSchema>;

/** The public half of a backup passphrase: all a server needs to write backups that only the passphrase opens. */
export interface Recipient {
  kdf: BackupKdf;
  publicKey: Buffer;
}

async function passphraseSeed(passphrase: string, kdf: BackupKdf): Promise<Buffer> {
  // @node-rs/argon2 defaults to Argon2id and runs off the event loop.
  return hashRaw(passphrase.normalize('NFKC'), {
    salt: Buffer.from(kdf.salt, 'base64'),
    memoryCost: kdf.memoryKiB,
    timeCost: kdf.iterations,
    parallelism: kdf.parallelism,
    outputLen: 32,
  });
}

/** A new recipient for a passphrase, with a fresh salt. */
export async function recipientFor(passphrase: string, cost: KdfCost): Promise<Recipient> {
  const kdf: BackupKdf = { algorithm: 'argon2id', salt: randomBytes(16).toString('base64'), ...cost };
  const seed = await passphraseSeed(passphrase, kdf);
  try {
    return { kdf, publicKey: Buffer.from(x25519.getPublicKey(seed)) };
  } finally {
    seed.fill(0);
  }
}

function fileKey(shared: Uint8Array, ephemeral: Uint8Array, recipient: Uint8Array): Buffer {
  if (shared.every((b) => b === 0)) throw new BackupError('integrity', 'the backup names an unusable key');
  const salt = Buffer.concat([ephemeral, recipient]);
  return Buffer.from(hkdfSync('sha256', shared, salt, FILE_KEY_INFO, 32));
}

/** A fresh ephemeral key agreement with the recipient: the key of one new file and what its header records. */
export function newFileKey(recipient: Recipient): { key: Buffer; ephemeral: Buffer } {
  const ephemeralPrivate = x25519.utils.randomSecretKey();
  const ephemeral = Buffer.from(x25519.getPublicKey(ephemeralPrivate));
  try {
    const shared = x25519.getSharedSecret(ephemeralPrivate, recipient.publicKey);
    return { key: fileKey(shared, ephemeral, recipient.publicKey), ephemeral };
  } finally {
    ephemeralPrivate.fill(0);
  }
}

/** The file key of a backup from its passphrase; a passphrase that derives another recipient is refused. */
export async function openFileKey(passphrase: string, header: BackupHeader): Promise<Buffer> {
  const seed = await passphraseSeed(passphrase, header.kdf);
  try {
    const recipient = Buffer.from(header.recipient, 'base64');
    if (!timingSafeEqual(Buffer.from(x25519.getPublicKey(seed)), recipient)) {
      throw new BackupError('wrong_passphrase', 'the passphrase does not open this backup');
    }
    const ephemeral = Buffer.from(header.ephemeral, 'base64');
    let shared: Uint8Array;
    try {
      shared = x25519.getSharedSecret(seed, ephemeral);
    } catch {
      throw new BackupError('integrity', 'the backup names an unusable key');
    }
    return fileKey(shared, ephemeral, recipient);
  } finally {
    seed.fill(0);
  }
}

/** The bytes that precede the chunks; their hash is in every chunk's AAD. */
export function encodeHeader(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, length, json]);
}

/** The header's length as read from the first 12 bytes, or a refusal if they are not a Keyhold backup's. */
export function headerLength(prefix: Buffer): number {
  if (prefix.length < MAGIC.length + 4 || !prefix.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BackupError('not_a_backup', 'the file is not a Keyhold backup');
  }
  const length = prefix.readUInt32BE(MAGIC.length);
  if (length < 2 || length > MAX_HEADER_LENGTH) {
    throw new BackupError('not_a_backup', 'the backup header has an impossible length');
  }
  return length;
}

export function decodeHeader(json: Buffer): BackupHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(json.toString('utf8'));
  } catch {
    throw new BackupError('not_a_backup', 'the backup header is not readable');
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== FORMAT_VERSION) {
    throw new BackupError('unsupported_version', `backup format ${version} is not supported by this version`);
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupError(
      'not_a_backup',
      `the backup header is malformed (${issue?.path.join('.') || 'header'}: ${issue?.message ?? 'invalid'})`,
    );
  }
  return parsed.data;
}

export function chunkCount(header: BackupHeader): number {
  const total = header.files.reduce((sum, f) => sum + f.size, 0);
  return Math.max(1, Math.ceil(total / header.chunkSize));
}

function chunkAad(headerHash: Buffer, index: number, final: boolean): Buffer {
  const aad = Buffer.alloc(32 + 8 + 1);
  headerHash.copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(index), 32);
  aad[40] = final ? 1 : 0;
  return aad;
}

function chunkNonce(index: number): Buffer {
  // The key is new for every file, so the chunk index alone is a unique nonce.
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

export const hashHeader = (encoded: Buffer): Buffer => createHash('sha256').update(encoded).digest();

export function sealChunk(
  key: Buffer,
  headerHash: Buffer,
  index: number,
  final: boolean,
  plain: Buffer,
): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(index));
  cipher.setAAD(chunkAad(headerHash, index, final));
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

export function openChunk(
  key: Buffer,
  headerHash: Buffer,
  index: number,
  final: boolean,
  sealed: Buffer,
): Buffer {
  if (sealed.length < TAG_LENGTH) throw new BackupError('integrity', 'the backup is cut short');
  const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(index));
  decipher.setAAD(chunkAad(headerHash, index, final));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_LENGTH)), decipher.final()]);
  } catch {
    throw new BackupError(
      'integrity',
      `the backup failed its integrity check at part ${index + 1}: it was altered or cut short`,
    );
  }
}
