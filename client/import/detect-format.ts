// Guesses a file's format from its name and first bytes, so the user rarely has to say it.
import Papa from 'papaparse';
import type { ImportFormat } from './import-types.ts';
import { keyholdCsvRequired } from './parse-keyhold-csv.ts';
import { stripBom } from './text-position.ts';

const firstLine = (text: string): string => {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
};

function headerCells(text: string): string[] {
  const parsed = Papa.parse<string[]>(firstLine(text), { delimiter: ',' });
  return (parsed.data[0] ?? []).map((c) => c.trim().toLowerCase());
}

const DOTENV_LINE = /^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=/;

export function detectFormat(fileName: string, input: string): ImportFormat | null {
  const text = stripBom(input);
  const head = text.slice(0, 65_536);
  const start = head.trimStart();
  const lowerName = fileName.toLowerCase().split(/[\\/]/).pop() ?? '';
  if (start.startsWith('{')) {
    if (/"format"\s*:\s*"keyhold-archive"/.test(head)) return 'keyhold-archive';
    if (/"format"\s*:\s*"keyhold-json"/.test(head)) return 'keyhold-json';
    if (/"(items|folders|encrypted)"\s*:/.test(head)) return 'bitwarden-json';
    return null;
  }
  if (start.startsWith('<')) return /<KeePassFile[\s>]/.test(head) ? 'keepass-xml' : null;
  const cells = headerCells(start);
  const has = (...names: string[]) => names.every((n) => cells.includes(n));
  if (has(...keyholdCsvRequired)) return 'keyhold-csv';
  if (has('group', 'title', 'username', 'password', 'url', 'notes')) return 'keepassxc-csv';
  if (has('title', 'username', 'password') && (cells.includes('url') || cells.includes('website'))) {
    return '1password-csv';
  }
  if (lowerName === '.env' || lowerName.startsWith('.env.') || lowerName.endsWith('.env')) return 'dotenv';
  // Multi-line quoted values make some lines look like anything: most lines, and the first, must be NAME=value.
  const lines = head
    .split(/\r?\n/)
    .slice(0, 50)
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const variables = lines.filter((l) => DOTENV_LINE.test(l)).length;
  if (lines[0] !== undefined && DOTENV_LINE.test(lines[0]) && variables * 2 >= lines.length) return 'dotenv';
  return null;
}
