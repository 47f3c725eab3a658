// The name an export is saved under: keyhold-export-YYYY-MM-DD with the extension of its kind.

export const exportKinds = ['archive', 'json', 'csv'] as const;
export type ExportKind = (typeof exportKinds)[number];

const extensions = { archive: 'keyhold', json: 'json', csv: 'csv' } satisfies Record<ExportKind, string>;

/** The local calendar date: an export made late in the evening is named after that evening, not UTC's day. */
export function exportFileName(kind: ExportKind, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `keyhold-export-${day}.${extensions[kind]}`;
}
