// Bitwarden unencrypted JSON export → records: logins, secure notes, cards, identities and SSH keys; folders become paths.
import { z } from 'zod';
import type { OpenedPayload } from '../item-payload.ts';
import { ImportFormatError, type ImportRecord, type OnProgress, type SecretType } from './import-types.ts';
import { importedDate } from './imported-dates.ts';
import { fieldIf, normaliseRecord } from './record-schema.ts';

const text = z.string().nullish();

const fileSchema = z.object({
  encrypted: z.boolean().optional(),
  passwordProtected: z.boolean().optional(),
  folders: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
  collections: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
  items: z.array(z.unknown()),
});

const itemSchema = z.object({
  type: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], {
    message: 'must be 1 (login), 2 (secure note), 3 (card), 4 (identity) or 5 (SSH key)',
  }),
  name: text,
  notes: text,
  folderId: text,
  collectionIds: z.array(z.string()).nullish(),
  fields: z.array(z.object({ name: text, value: text, type: z.number().int().min(0).max(3) })).nullish(),
  login: z
    .object({
      username: text,
      password: text,
      totp: text,
      uris: z.array(z.object({ uri: text })).nullish(),
    })
    .nullish(),
  card: z.record(z.string(), z.unknown()).nullish(),
  identity: z.record(z.string(), z.unknown()).nullish(),
  sshKey: z.object({ privateKey: text, publicKey: text, keyFingerprint: text }).nullish(),
  /** A login's earlier passwords, each with the date it was last in use. */
  passwordHistory: z.array(z.object({ password: text, lastUsedDate: text })).nullish(),
  creationDate: text,
  revisionDate: text,
});

type Field = OpenedPayload['fields'][number];
type Item = z.infer<typeof itemSchema>;

const CARD: [string, boolean][] = [
  ['cardholderName', false],
  ['brand', false],
  ['expMonth', false],
  ['expYear', false],
  ['code', true],
];
const IDENTITY: [string, boolean][] = [
  ['title', false],
  ['firstName', false],
  ['middleName', false],
  ['lastName', false],
  ['company', false],
  ['email', false],
  ['phone', false],
  ['username', false],
  ['address1', false],
  ['address2', false],
  ['address3', false],
  ['city', false],
  ['state', false],
  ['postalCode', false],
  ['country', false],
  ['ssn', true],
  ['passportNumber', true],
  ['licenseNumber', true],
];

const stringOf = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const fromObject = (object: Record<string, unknown> | null | undefined, keys: [string, boolean][]): Field[] =>
  keys.flatMap(([key, hidden]) => fieldIf(key, stringOf(object?.[key]), hidden));

function contentOf(item: Item): { type: SecretType; value: string; fields: Field[] } {
  switch (item.type) {
    case 1: {
      const uris = (item.login?.uris ?? []).map((u) => u.uri ?? '').filter((u) => u !== '');
      return {
        type: 'login',
        value: item.login?.password ?? '',
        fields: [
          ...fieldIf('username', item.login?.username, false),
          ...uris.map((uri, i) => ({ name: i === 0 ? 'url' : `url ${i + 1}`, value: uri, hidden: false })),
          ...fieldIf('totp', item.login?.totp, true),
        ],
      };
    }
    case 2:
      return { type: 'note', value: '', fields: [] };
    case 3:
      return { type: 'custom', value: stringOf(item.card?.number), fields: fromObject(item.card, CARD) };
    case 4:
      return { type: 'custom', value: '', fields: fromObject(item.identity, IDENTITY) };
    case 5:
      return {
        type: 'ssh_key',
        value: item.sshKey?.privateKey ?? '',
        fields: [
          ...fieldIf('publicKey', item.sshKey?.publicKey, false),
          ...fieldIf('fingerprint', item.sshKey?.keyFingerprint, false),
        ],
      };
  }
}

/** Bitwarden's custom fields: 0 text, 1 hidden, 2 boolean, 3 linked (a pointer to another field: nothing to keep). */
const customFields = (item: Item): Field[] =>
  (item.fields ?? [])
    .filter((f) => f.type !== 3)
    .map((f) => ({ name: f.name ?? '', value: f.value ?? '', hidden: f.type === 1 }));

/**
 * A login's earlier passwords become earlier versions (the rest of the item as it is now, since Bitwarden
 * keeps only the passwords), oldest first, each dated when it was last in use; and the item keeps its dates.
 */
function withDates(record: ImportRecord, item: Item, now: Date): ImportRecord {
  const history =
    item.type === 1
      ? (item.passwordHistory ?? [])
          .filter((h) => (h.password ?? '') !== '')
          .map((h) => ({
            payload: { ...record.payload, value: h.password ?? '' },
            createdAt: importedDate(h.lastUsedDate, now) ?? now.toISOString(),
          }))
          .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
      : [];
  const createdAt = importedDate(item.creationDate, now);
  const updatedAt = importedDate(item.revisionDate, now);
  return {
    ...record,
    ...(history.length > 0 && { history }),
    ...(createdAt !== undefined && { createdAt }),
    ...(updatedAt !== undefined && { updatedAt }),
  };
}

export function parseBitwardenJson(input: string, onProgress?: OnProgress): ImportRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(input);
  } catch (error) {
    throw new ImportFormatError(
      'file',
      `not valid JSON (${error instanceof Error ? error.message : 'unreadable'})`,
    );
  }
  const probe = z
    .object({ encrypted: z.unknown(), passwordProtected: z.unknown() })
    .partial()
    .safeParse(json);
  if (probe.success && (probe.data.encrypted === true || probe.data.passwordProtected === true)) {
    throw new ImportFormatError(
      'file',
      'this is an encrypted Bitwarden export, which only Bitwarden can open: export again choosing ' +
        'the format ".json" (not ".json (Encrypted)"), import it, then delete that file',
    );
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    const issue = file.error.issues[0];
    throw new ImportFormatError(
      'file',
      `not a Bitwarden export: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
  const folders = new Map(file.data.folders.map((f) => [f.id, f.name]));
  const collections = new Map(file.data.collections.map((c) => [c.id, c.name]));
  const records: ImportRecord[] = [];
  const now = new Date();
  file.data.items.forEach((raw, i) => {
    const source = `record ${i + 1}`;
    const parsed = itemSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ImportFormatError(
        source,
        `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is not valid'}`.trim(),
      );
    }
    const item = parsed.data;
    let folder = '';
    if (item.folderId) {
      const name = folders.get(item.folderId);
      if (name === undefined)
        throw new ImportFormatError(source, `folderId ${item.folderId} is not in the folders list`);
      folder = name;
    } else if (item.collectionIds?.[0]) {
      // An organization export has collections instead of folders: the first one places the item.
      folder = collections.get(item.collectionIds[0]) ?? '';
    }
    const content = contentOf(item);
    const record = normaliseRecord(
      {
        segments: [folder],
        name: item.name ?? '',
        type: content.type,
        tags: [],
        payload: {
          value: content.value,
          notes: item.notes ?? '',
          fields: [...content.fields, ...customFields(item)],
        },
      },
      source,
    );
    records.push(withDates(record, item, now));
  });
  onProgress?.({ done: input.length, total: input.length, phase: 'reading' });
  return records;
}
