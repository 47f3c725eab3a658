// Makes every parsed record one the server will accept: names, paths and tags normalised where that is safe, refused with their location where not.
import { z } from 'zod';
import { pathSchema, secretNameSchema, secretTypeSchema, tagSchema } from '../../contract/common.ts';
import { itemPayloadSchema, type OpenedPayload } from '../item-payload.ts';
import { ImportFormatError, type ImportRecord, type SecretType } from './import-types.ts';

/** The end-to-end ciphertext of a payload may be at most 1,000,000 base64 characters (contract/ops-secrets.ts). */
export const MAX_PAYLOAD_BYTES = 700_000;
export const MAX_TAGS = 20;
export const UNTITLED = '(untitled)';

const payloadSchema = itemPayloadSchema.extend({
  fields: z.array(z.object({ name: z.string(), value: z.string(), hidden: z.boolean() })),
  notes: z.string(),
});

/** A record exactly as the server's createSecret would take its metadata. */
export const importRecordSchema = z.object({
  path: pathSchema,
  name: secretNameSchema,
  type: secretTypeSchema,
  tags: z.array(tagSchema).max(MAX_TAGS),
  payload: payloadSchema,
});

const encoder = new TextEncoder();

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? `${issue.path.join('.')} ` : ''}${issue.message}`)
    .join('; ');
}

const restSchema = importRecordSchema.omit({ path: true });

/** A 100,000-entry file has a few hundred folders: each distinct path is checked once. */
const pathVerdicts = new Map<string, string | null>();
function pathProblem(path: string): string | null {
  let verdict = pathVerdicts.get(path);
  if (verdict === undefined) {
    const parsed = pathSchema.safeParse(path);
    verdict = parsed.success ? null : describe(parsed.error);
    if (pathVerdicts.size > 10_000) pathVerdicts.clear();
    pathVerdicts.set(path, verdict);
  }
  return verdict;
}

function payloadChars(payload: OpenedPayload): number {
  let n = payload.value.length + payload.notes.length + 40;
  for (const f of payload.fields) n += f.name.length + f.value.length + 40;
  return n;
}

/** Checks a record already in Keyhold's own shape (keyhold-json, archives): nothing is changed, only refused. */
export function checkRecord(
  record: { path: string; name: string; type: string; tags: string[]; payload: OpenedPayload },
  source: string,
): ImportRecord {
  const badPath = pathProblem(record.path);
  if (badPath !== null) throw new ImportFormatError(source, `path ${badPath}`);
  const parsed = restSchema.safeParse(record);
  if (!parsed.success) throw new ImportFormatError(source, describe(parsed.error));
  const { payload } = parsed.data;
  // Characters underestimate UTF-8 bytes by up to 3×: only count bytes when it could matter.
  if (
    payloadChars(payload) * 3 > MAX_PAYLOAD_BYTES &&
    encoder.encode(JSON.stringify(payload)).length > MAX_PAYLOAD_BYTES
  ) {
    throw new ImportFormatError(source, `value, notes and fields together exceed ${MAX_PAYLOAD_BYTES} bytes`);
  }
  return { path: record.path, ...parsed.data, source };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced
const controlCharacters = /[\u0000-\u001f\u007f]+/g;

/** Folder names from another tool → a Keyhold path: "/" inside a name nests, blanks and control characters go. */
export function pathFromSegments(segments: readonly string[], source: string): string {
  const parts: string[] = [];
  for (const segment of segments) {
    for (const part of segment.split('/')) {
      const clean = part.replace(controlCharacters, ' ').trim();
      if (clean === '') continue;
      if (clean === '.' || clean === '..') {
        throw new ImportFormatError(source, `the folder name '${clean}' is not allowed`);
      }
      parts.push(clean);
    }
  }
  const path = `/${parts.join('/')}`;
  if (path.length > 512) throw new ImportFormatError(source, 'the folder path is longer than 512 characters');
  return path;
}

/** Tags from another tool: trimmed, blanks and repeats dropped. */
export function cleanTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const clean = tag.replace(controlCharacters, ' ').trim();
    if (clean !== '' && !out.includes(clean)) out.push(clean);
  }
  return out;
}

/** "a;b, c" → ["a", "b", "c"]: KeePass writes ";" or "," between tags, 1Password ",". */
export const splitTags = (text: string): string[] => cleanTags(text.split(/[;,]/));

export interface ForeignRecord {
  segments: readonly string[];
  name: string;
  type: SecretType;
  tags: readonly string[];
  payload: OpenedPayload;
}

/** A record from another tool: folder, name and tags normalised, then checked like any other. */
export function normaliseRecord(record: ForeignRecord, source: string): ImportRecord {
  const name = record.name.replace(controlCharacters, ' ').trim();
  return checkRecord(
    {
      path: pathFromSegments(record.segments, source),
      name: name === '' ? UNTITLED : name,
      type: record.type,
      tags: cleanTags(record.tags),
      payload: record.payload,
    },
    source,
  );
}

type Field = OpenedPayload['fields'][number];

/** Builds a field list, leaving out well-known fields that are empty (other tools write them blank). */
export function fieldIf(name: string, value: string | null | undefined, hidden: boolean): Field[] {
  return value === undefined || value === null || value === '' ? [] : [{ name, value, hidden }];
}

/** The usual row of a password manager's CSV: a login when it has credentials, a note otherwise. */
export function loginRecord(
  row: {
    segments: string[];
    title: string;
    username: string;
    password: string;
    url: string;
    totp: string;
    notes: string;
    tags: string[];
  },
  source: string,
): ImportRecord {
  const { username, password, url } = row;
  return normaliseRecord(
    {
      segments: row.segments,
      name: row.title,
      type: username !== '' || url !== '' || password !== '' ? 'login' : 'note',
      tags: row.tags,
      payload: {
        value: password,
        notes: row.notes,
        fields: [
          ...fieldIf('username', username, false),
          ...fieldIf('url', url, false),
          ...fieldIf('totp', row.totp, true),
        ],
      },
    },
    source,
  );
}
