// Dates read from another tool's file: ISO 8601 text or KeePass's base64 seconds, kept only when believable.

/** Before this a date in a file is a placeholder or a misread, not a real history (the server refuses it too). */
const EARLIEST = Date.parse('1990-01-01T00:00:00.000Z');
/** Seconds from 0001-01-01 (where KeePass counts from in KDBX 4) to 1970-01-01. */
const KEEPASS_EPOCH_OFFSET = 62_135_596_800;

/**
 * An ISO 8601 date (UTC) from a file's date text, or undefined when it is missing, unreadable or not
 * believable (before 1990). A date ahead of `now` (a wrong clock) becomes `now`.
 */
export function importedDate(text: string | null | undefined, now = new Date()): string | undefined {
  if (text === null || text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let ms = /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(ms)) ms = keepassSeconds(trimmed);
  if (Number.isNaN(ms) || ms < EARLIEST) return undefined;
  return new Date(Math.min(ms, now.getTime())).toISOString();
}

/** KeePass 2 writes times in KDBX 4 as base64 of a little-endian 64-bit count of seconds since year 1. */
function keepassSeconds(text: string): number {
  if (!/^[A-Za-z0-9+/]{11}=$/.test(text)) return Number.NaN;
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  if (bytes.length !== 8) return Number.NaN;
  const seconds = new DataView(bytes.buffer).getBigInt64(0, true);
  return (Number(seconds) - KEEPASS_EPOCH_OFFSET) * 1000;
}
