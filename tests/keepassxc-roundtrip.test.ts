// The real keepassxc-cli makes databases and exports them as XML and CSV; Keyhold's parsers must read back every entry, group and field.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepassEntry, makeKeepassXml } from '../bench/make-keepass-xml.ts';
import { detectFormat, type ImportRecord, parseImport } from '../client/import/index.ts';
import { KEEPASSXC_CLI, keepassxcAvailable, keepassxcCli } from './support/keepassxc-cli.ts';

const DB_PASSWORD = 'roundtrip db pässword';

interface Added {
  entry: string;
  username: string;
  url: string;
  notes: string;
  password: string;
}

/** Made with `keepassxc-cli add`: root, nested and unicode groups, quotes, ampersands, newlines in notes. */
const added: Added[] = [
  {
    entry: 'Mail',
    username: 'me@example.com',
    url: 'https://mail.example.com',
    notes: '',
    password: 'mail-pw',
  },
  {
    entry: 'Work/Servers/Postgres "primary"',
    username: 'app_rw',
    url: 'postgres://db1:5432/app?sslmode=require&x=1',
    notes: 'Rotated quarterly.\nOwner: platform <ops@example.com>',
    password: 'p@ss"w&rd<1> ',
  },
  {
    entry: 'Work/VPN',
    username: 'jdoe',
    url: '',
    notes: 'Use the EU gateway',
    password: 'vpn; pw, with = signs',
  },
  {
    entry: 'Личное/Банк ☃',
    username: 'иван',
    url: 'https://bank.example/ru',
    notes: 'ПИН отдельно',
    password: 'пароль-1',
  },
];

let dir = '';
const exports: Record<'addedXml' | 'addedCsv' | 'importedXml' | 'importedCsv', string> = {
  addedXml: '',
  addedCsv: '',
  importedXml: '',
  importedCsv: '',
};

beforeAll(async () => {
  if (!keepassxcAvailable) return;
  dir = await mkdtemp(path.join(tmpdir(), 'keyhold-keepassxc-'));
  const added_db = path.join(dir, 'added.kdbx');
  await keepassxcCli(['db-create', '-q', '-p', '-t', '100', added_db], [DB_PASSWORD, DB_PASSWORD]);
  for (const group of ['Work', 'Work/Servers', 'Личное'])
    await keepassxcCli(['mkdir', '-q', added_db, group], [DB_PASSWORD]);
  for (const a of added) {
    const args = ['add', '-q', '-p', '-u', a.username, '--notes', a.notes, added_db, a.entry];
    if (a.url) args.splice(2, 0, '--url', a.url);
    await keepassxcCli(args, [DB_PASSWORD, a.password]);
  }
  exports.addedXml = await keepassxcCli(['export', '-q', '-f', 'xml', added_db], [DB_PASSWORD]);
  exports.addedCsv = await keepassxcCli(['export', '-q', '-f', 'csv', added_db], [DB_PASSWORD]);

  // Custom attributes, protected fields, tags and history cannot be made with `add`: import an XML made here.
  const xmlFile = path.join(dir, 'generated.xml');
  const imported_db = path.join(dir, 'imported.kdbx');
  await writeFile(xmlFile, makeKeepassXml(300, 12));
  await keepassxcCli(['import', '-q', '-p', '-t', '100', xmlFile, imported_db], [DB_PASSWORD, DB_PASSWORD]);
  exports.importedXml = await keepassxcCli(['export', '-q', '-f', 'xml', imported_db], [DB_PASSWORD]);
  exports.importedCsv = await keepassxcCli(['export', '-q', '-f', 'csv', imported_db], [DB_PASSWORD]);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const split = (entry: string) => {
  const parts = entry.split('/');
  const name = parts.pop() ?? '';
  return { path: `/${parts.join('/')}`, name };
};

const byName = (records: ImportRecord[], name: string) => records.find((r) => r.name === name);

describe.skipIf(!keepassxcAvailable)(
  `keepassxc-cli exports read back${keepassxcAvailable ? '' : ` (skipped: ${KEEPASSXC_CLI} is not installed)`}`,
  () => {
    it('finds every entry made with `add` in the XML export, in its group, with every field', async () => {
      expect(detectFormat('export.xml', exports.addedXml)).toBe('keepass-xml');
      const { records } = await parseImport('keepass-xml', exports.addedXml);
      expect(records).toHaveLength(added.length);
      for (const a of added) {
        const { path: folder, name } = split(a.entry);
        expect(byName(records, name)).toEqual({
          path: folder,
          name,
          type: 'login',
          tags: [],
          payload: {
            value: a.password,
            notes: a.notes,
            fields: [
              { name: 'username', value: a.username, hidden: false },
              ...(a.url ? [{ name: 'url', value: a.url, hidden: false }] : []),
            ],
          },
          source: `entry '${a.entry}'`,
          // keepassxc-cli dates what it adds: the dates come along (checked against the server in keepassxc-history).
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        });
      }
    });

    it('finds the same entries in the CSV export', async () => {
      expect(detectFormat('export.csv', exports.addedCsv)).toBe('keepassxc-csv');
      const xml = await parseImport('keepass-xml', exports.addedXml);
      const csv = await parseImport('keepassxc-csv', exports.addedCsv);
      // The CSV export has no dates and no history.
      const strip = (records: ImportRecord[]) =>
        records
          .map(({ source: _source, createdAt: _c, updatedAt: _u, history: _h, ...rest }) => rest)
          .sort((a, b) => a.name.localeCompare(b.name));
      expect(strip(csv.records)).toEqual(strip(xml.records));
    });

    it('keeps custom attributes, their protection, tags, groups, dates and history of an imported database; skips the recycle bin', async () => {
      const { records } = await parseImport('keepass-xml', exports.importedXml);
      expect(records).toHaveLength(300);
      for (let i = 0; i < 300; i++) {
        const want = keepassEntry(i, 12);
        const got = byName(records, want.title);
        expect(got, want.title).toEqual({
          path: want.groupPath,
          name: want.title,
          type: 'login',
          // KeePassXC sorts tags and writes them with ','.
          tags: [...want.tags].sort(),
          payload: {
            value: want.password,
            notes: want.notes,
            fields: [
              ...(want.username ? [{ name: 'username', value: want.username, hidden: false }] : []),
              ...(want.url ? [{ name: 'url', value: want.url, hidden: false }] : []),
              { name: 'API Key', value: want.apiKey, hidden: true },
              { name: 'Environment', value: want.environment, hidden: false },
            ],
          },
          source: `entry '${want.groupPath.slice(1)}/${want.title}'`,
          createdAt: '2026-01-02T03:04:05.000Z',
          updatedAt: '2026-01-02T03:04:05.000Z',
          // Every tenth entry has one earlier state: an earlier version with the old password, not an entry.
          ...(i % 10 === 0 && {
            history: [
              {
                payload: expect.objectContaining({ value: `old-${want.password}` }),
                createdAt: expect.any(String),
              },
            ],
          }),
        });
      }
      expect(records.some((r) => r.name.endsWith('(old)'))).toBe(false);
      expect(records.map((r) => r.name)).not.toContain(keepassEntry(301, 12).title);
    });

    it('reads the imported database from its CSV export too (which has no custom attributes or tags)', async () => {
      const { records } = await parseImport('keepassxc-csv', exports.importedCsv);
      expect(records).toHaveLength(300);
      for (const i of [0, 1, 4, 10, 150, 299]) {
        const want = keepassEntry(i, 12);
        expect(byName(records, want.title)).toMatchObject({
          path: want.groupPath,
          payload: { value: want.password, notes: want.notes },
        });
      }
    });
  },
);
