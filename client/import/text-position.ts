// Small text helpers every parser shares: line numbers of offsets, XML entity decoding, byte-order marks.
import { ImportFormatError } from './import-types.ts';

/** The 1-based line number of a character offset (counted only when an error needs it). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const ENTITY = /&([^;&\s]{0,12});?/g;

function decodeEntity(match: string, body: string): string | null {
  if (!match.endsWith(';')) return null;
  const direct = named[body];
  if (direct !== undefined) return direct;
  if (!/^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.test(body)) return null;
  const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
  return code >= 1 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

/** XML text with the five predefined entities and character references; anything else is refused. */
export function decodeXmlText(raw: string, text: string, offset: number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(ENTITY, (match: string, body: string, at: number) => {
    const decoded = decodeEntity(match, body);
    if (decoded !== null) return decoded;
    const where = `line ${lineAt(text, offset + at)}`;
    throw new ImportFormatError(
      where,
      match.endsWith(';') ? `unknown entity ${match}` : `'&' must start an entity such as &amp;`,
    );
  });
}
