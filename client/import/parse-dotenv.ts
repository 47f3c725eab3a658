// .env files → one api_key record per variable: `export ` prefixes, # comments, quotes, escapes and multi-line values.
import { ImportFormatError, type ImportRecord, type OnProgress } from './import-types.ts';
import { normaliseRecord } from './record-schema.ts';
import { stripBom } from './text-position.ts';

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$' };

interface Variable {
  key: string;
  value: string;
  line: number;
}

/** Reads a quoted value starting after its opening quote; returns the value and the offset after the closing quote. */
function readQuoted(text: string, from: number, quote: string, line: number): { value: string; end: number } {
  let value = '';
  let at = from;
  while (at < text.length) {
    const c = text[at];
    if (c === quote) return { value, end: at + 1 };
    if (c === '\\' && quote === '"') {
      const next = text[at + 1] ?? '';
      const escaped = ESCAPES[next];
      if (escaped === undefined) {
        // dotenv keeps an unknown escape as written, so "C:\dir" stays "C:\dir".
        value += '\\';
        at++;
        continue;
      }
      value += escaped;
      at += 2;
      continue;
    }
    value += c;
    at++;
  }
  throw new ImportFormatError(
    `line ${line}`,
    `the ${quote === '"' ? 'double' : 'single'}-quoted value is never closed`,
  );
}

export function readDotenv(input: string): Variable[] {
  const text = stripBom(input).replace(/\r\n?/g, '\n');
  const out: Variable[] = [];
  let at = 0;
  let line = 1;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    const raw = text.slice(at, end);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      at = end + 1;
      line++;
      continue;
    }
    const statement = trimmed.replace(/^export\s+/, '');
    const eq = statement.indexOf('=');
    if (eq === -1) throw new ImportFormatError(`line ${line}`, "expected NAME=value (no '=' on this line)");
    const key = statement.slice(0, eq).trim();
    if (!KEY.test(key)) {
      throw new ImportFormatError(
        `line ${line}`,
        `'${key.slice(0, 40)}' is not a variable name (letters, digits, _ . -)`,
      );
    }
    const valueStart = at + raw.indexOf(statement) + eq + 1;
    let rest = valueStart;
    while (text[rest] === ' ' || text[rest] === '\t') rest++;
    const quote = text[rest];
    if (quote === '"' || quote === "'") {
      const { value, end: close } = readQuoted(text, rest + 1, quote, line);
      let lineEnd = text.indexOf('\n', close);
      if (lineEnd === -1) lineEnd = text.length;
      const after = text.slice(close, lineEnd).trim();
      if (after !== '' && !after.startsWith('#')) {
        throw new ImportFormatError(`line ${line}`, `unexpected text after the closing quote of ${key}`);
      }
      out.push({ key, value, line });
      for (let i = at; i < lineEnd; i++) if (text[i] === '\n') line++;
      at = lineEnd + 1;
      line++;
    } else {
      // Unquoted: up to an inline comment (a # after a space), trimmed.
      const value = text
        .slice(rest, end)
        .replace(/(^|\s+)#.*$/, '')
        .trim();
      out.push({ key, value, line });
      at = end + 1;
      line++;
    }
  }
  return out;
}

export function parseDotenv(text: string, folder = '/', onProgress?: OnProgress): ImportRecord[] {
  const segments = folder.split('/');
  // As in dotenv, a name given twice takes its last value.
  const last = new Map(readDotenv(text).map((v) => [v.key, v]));
  const records = [...last.values()].map(({ key, value, line }) =>
    normaliseRecord(
      { segments, name: key, type: 'api_key', tags: [], payload: { value, notes: '', fields: [] } },
      `line ${line}`,
    ),
  );
  onProgress?.({ done: text.length, total: text.length, phase: 'reading' });
  return records;
}
