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

/** XML text with the five predefined entities and character references; anything else is refused. */
export function decodeXmlText(raw: string, text: string, offset: number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{0,12});?/g, (match, body: string, at: number) => {
    const where = () => `line ${lineAt(text, offset + at)}`;
    if (!match.endsWith(';')) throw new ImportFormatError(where(), `'&' must start an entity such as &amp;`);
    const direct = named[body];
    if (direct !== undefined) return direct;
    const code = body.startsWith('#x')
      ? Number.parseInt(body.slice(2), 16)
      : body.startsWith('#')
        ? Number.parseInt(body.slice(1), 10)
        : Number.NaN;
    if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || /[^0-9a-fA-F#x]/.test(body)) {
      throw new ImportFormatError(where(), `unknown entity &${body};`);
    }
    return String.fromCodePoint(code);
  });
}
