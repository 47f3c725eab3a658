// Keyhold's own record shape inside its exports (plain JSON and archives): flat, exact, and read back unchanged.
import { z } from 'zod';
import type { OpenedPayload } from '../item-payload.ts';
import { ImportFormatError, type ImportRecord } from './import-types.ts';
import { checkRecord } from './record-schema.ts';

const fieldsSchema = z.array(z.object({ name: z.string(), value: z.string(), hidden: z.boolean() }));

/** An older version inside a record: its value, notes and fields, and when it was made. */
const versionSchema = z.object({
  value: z.string(),
  notes: z.string(),
  fields: fieldsSchema,
  createdAt: z.iso.datetime({ offset: true }),
});

/** Loose on purpose: the exact limits are checked per record by checkRecord, which names the record. */
export const keyholdRecordSchema = z.object({
  path: z.string(),
  name: z.string(),
  type: z.string(),
  tags: z.array(z.string()),
  value: z.string(),
  notes: z.string(),
  fields: fieldsSchema,
  /** Older versions, oldest first (archives; absent in files written before history was kept). */
  history: z.array(versionSchema).optional(),
});
export type KeyholdRecord = z.infer<typeof keyholdRecordSchema>;

const copyPayload = (p: OpenedPayload) => ({
  value: p.value,
  notes: p.notes,
  fields: p.fields.map((f) => ({ name: f.name, value: f.value, hidden: f.hidden })),
});

export const toKeyholdRecord = (r: ImportRecord): KeyholdRecord => ({
  path: r.path,
  name: r.name,
  type: r.type,
  tags: [...r.tags],
  ...copyPayload(r.payload),
  ...(r.history !== undefined &&
    r.history.length > 0 && {
      history: r.history.map((v) => ({ ...copyPayload(v.payload), createdAt: v.createdAt })),
    }),
});

/** Each element of `records` checked as the server would check it; the first bad one is named. */
export function fromKeyholdRecords(records: unknown[]): ImportRecord[] {
  return records.map((raw, i) => {
    const source = `record ${i + 1}`;
    const parsed = keyholdRecordSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ImportFormatError(
        source,
        `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is not valid'}`.trim(),
      );
    }
    const { value, notes, fields, history, ...meta } = parsed.data;
    const record = checkRecord({ ...meta, payload: { value, notes, fields } }, source);
    if (!history?.length) return record;
    // Each older version must fit where the current one does: checked the same way, named by its place.
    const versions = history.map(({ createdAt, ...payload }, v) => ({
      payload: checkRecord({ ...meta, payload }, `${source}, version ${v + 1}`).payload,
      createdAt,
    }));
    return { ...record, history: versions };
  });
}

export const keyholdJsonSchema = z.object({
  format: z.literal('keyhold-json'),
  version: z.literal(1),
  records: z.array(z.unknown()),
});

export function parseKeyholdJson(text: string): ImportRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ImportFormatError(
      'file',
      `not valid JSON (${error instanceof Error ? error.message : 'unreadable'})`,
    );
  }
  const file = keyholdJsonSchema.safeParse(json);
  if (!file.success) {
    throw new ImportFormatError(
      'file',
      'not a Keyhold JSON export (format "keyhold-json", version 1, records)',
    );
  }
  return fromKeyholdRecords(file.data.records);
}
