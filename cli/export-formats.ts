// How `keyhold export` writes NAME → value pairs for the tool that reads them, quoted by that tool's own
// rules so that every byte comes back and nothing in a value is ever run or expanded:
//   dotenv  the dotenv library's parser (and those that follow it): each value in a quote it leaves alone;
//   shell   `export NAME='…'` for `source` / `.` in bash, zsh, dash: single quotes are literal in POSIX sh;
//   env     lines that dotenv and a POSIX shell both read back to the same bytes (refused when impossible);
//   json    {"NAME": "value"};
//   yaml    NAME: "value" with every key and value double-quoted and escaped (no YAML 1.1 `on`/`no` surprises).
// A value that a format cannot carry exactly is refused, naming the variable, never showing the value.
import { CliError } from './errors.ts';

export const exportFormats = ['dotenv', 'shell', 'env', 'json', 'yaml'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export type Pairs = readonly (readonly [name: string, value: string])[];

function refuse(name: string, format: string, why: string, instead: string): never {
  throw new CliError(
    `the value of ${name} ${why}, which --format ${format} cannot carry exactly; ${instead}`,
  );
}

/**
 * One dotenv value, in the first quote that dotenv's parser gives back unchanged. Its rules (lib/main.js):
 * the file's CR and CRLF become LF first; '…' and `…` are taken literally (no escapes, newlines allowed);
 * "…" turns the two characters \n and \r into a newline and a carriage return and nothing else.
 */
export function dotenvQuote(name: string, value: string): string {
  if (!value.includes("'") && !value.includes('\r')) return `'${value}'`;
  if (!value.includes('"') && !/\\[nr]/.test(value)) {
    return `"${value.replaceAll('\n', '\\n').replaceAll('\r', '\\r')}"`;
  }
  if (!value.includes('`') && !value.includes('\r')) return `\`${value}\``;
  return refuse(
    name,
    'dotenv',
    'holds \', " and ` (or a carriage return next to them)',
    'use --format json or --format shell',
  );
}

/** POSIX single quotes: everything literal; a ' is closed, escaped and reopened: 'it'\''s'. */
export function shellQuote(name: string, value: string): string {
  if (value.includes('\0')) {
    refuse(name, 'shell', 'holds a NUL character', 'no shell variable can hold one: use --format json');
  }
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * Both readers at once: single quotes mean the same to dotenv and sh; double quotes too, as long as there is
 * nothing a shell would expand ($ ` \) or dotenv would unescape, and no line break.
 */
export function envQuote(name: string, value: string): string {
  if (!value.includes("'") && !value.includes('\r') && !value.includes('\0')) return `'${value}'`;
  if (!/["$`\\\n\r\0]/.test(value)) return `"${value}"`;
  return refuse(
    name,
    'env',
    'holds \' together with " $ ` \\ or a line break',
    'use --format dotenv for .env files or --format shell to source it',
  );
}

/** YAML double-quoted scalars: JSON's escapes, plus \u escapes for what YAML may not hold raw (DEL, C1, BOM). */
export function yamlQuote(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function formatPairs(format: ExportFormat, pairs: Pairs): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(Object.fromEntries(pairs), null, 2)}\n`;
    case 'yaml':
      // An empty mapping written out: an empty YAML file is null, not {}.
      if (pairs.length === 0) return '{}\n';
      return pairs.map(([name, value]) => `${yamlQuote(name)}: ${yamlQuote(value)}\n`).join('');
    case 'shell':
      return pairs.map(([name, value]) => `export ${name}=${shellQuote(name, value)}\n`).join('');
    case 'dotenv':
      return pairs.map(([name, value]) => `${name}=${dotenvQuote(name, value)}\n`).join('');
    case 'env':
      return pairs.map(([name, value]) => `${name}=${envQuote(name, value)}\n`).join('');
  }
}
