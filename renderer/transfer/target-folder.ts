// Puts imported records under a folder the user chose, keeping the file's own folders beneath it.
import type { ImportRecord } from '../../client/import/import-types.ts';
import { pathSchema } from '../../contract/index.ts';

export type TargetFolder = { ok: true; folder: string } | { ok: false; message: string };

/** Reads the "Import into folder" field: empty means the file's own folders at the top. */
export function readTargetFolder(input: string): TargetFolder {
  const trimmed = input.trim().replace(/\/+$/, '');
  if (trimmed === '') return { ok: true, folder: '/' };
  const withSlash = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  const checked = pathSchema.safeParse(withSlash);
  if (!checked.success) return { ok: false, message: checked.error.issues[0]?.message ?? '' };
  return { ok: true, folder: checked.data };
}

export function underFolder(records: ImportRecord[], folder: string): ImportRecord[] {
  if (folder === '/') return records;
  return records.map((record) => ({
    ...record,
    path: record.path === '/' ? folder : `${folder}${record.path}`,
  }));
}
