import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepassEntry, makeKeepassXml } from '../../bench/make-keepass-xml.ts';
import { ImportFormatError, parseImport } from './index.ts';

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../../tests/fixtures/import', name), 'utf8');

const failure = async (text: string) => {
  try {
    await parseImport('keepass-xml', text);
    return 'parsed';
  } catch (error) {
    return error instanceof ImportFormatError ? error.message : String(error);
  }
};

const wrap = (entries: string, groups = '') => `<?xml version="1.0" encoding="UTF-8"?>
<KeePassFile>
  <Meta><RecycleBinUUID>AAAAAAAAAAAAAAAAAAAAAA==</RecycleBinUUID></Meta>
  <Root>
    <Group>
      <UUID>AAAAAAAAAAAAAAAAAAAAAQ==</UUID>
      <Name>Root</Name>
${entries}
${groups}
    </Group>
  </Root>
</KeePassFile>
`;

describe('KeePassXC XML export (written by keepassxc-cli 2.7.4)', () => {
  it('gives every entry with its folder, value, username, url, notes, custom fields and tags', async () => {
    const { records } = await parseImport('keepass-xml', fixture('keepassxc-2.7.4.xml'));
    expect(records.map((r) => `${r.path} | ${r.name}`)).toEqual([
      '/ | Home Wi-Fi',
      '/Work | AWS root',
      '/Work | Office door code',
      '/Work/Servers | Postgres <primary>',
      '/Work/Servers | Deploy key (SSH)',
    ]);
    const postgres = records.find((r) => r.name === 'Postgres <primary>');
    expect(postgres).toMatchObject({
      type: 'login',
      tags: ['db', 'prod'],
      payload: {
        value: 'p@ss"w&rd<1>',
        notes: 'Rotated quarterly.',
        fields: [
          { name: 'username', value: 'app_rw', hidden: false },
          { name: 'url', value: 'postgres://db1.acme.internal:5432/app', hidden: false },
          { name: 'Port', value: '5432', hidden: false },
          { name: 'Replication key', value: 'rk_9f8e7d6c', hidden: true },
        ],
      },
      source: "entry 'Work/Servers/Postgres <primary>'",
    });
    const wifi = records.find((r) => r.name === 'Home Wi-Fi');
    // Spaces around a password are part of it.
    expect(wifi?.payload).toEqual({
      value: '  correct horse battery staple  ',
      notes: 'Router: TP-Link\nAdmin page: http://192.168.0.1/',
      fields: [],
    });
    const aws = records.find((r) => r.name === 'AWS root');
    expect(aws?.payload.fields).toContainEqual({
      name: 'totp',
      value: 'otpauth://totp/AWS:root?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&issuer=AWS',
      hidden: true,
    });
    expect(records.find((r) => r.name === 'Office door code')).toMatchObject({
      type: 'note',
      payload: { value: '', notes: '4711, then #', fields: [] },
    });
  });

  it('leaves out the Recycle Bin, and makes History earlier versions of their entry, not entries', async () => {
    const { records } = await parseImport('keepass-xml', fixture('keepassxc-2.7.4.xml'));
    const everything = JSON.stringify(records);
    expect(everything).not.toContain('Old VPN');
    expect(everything).not.toContain('vpn-old');
    expect(records.map((r) => r.payload.value)).not.toContain('old-password');
    const postgres = records.find((r) => r.name === 'Postgres <primary>');
    expect(postgres?.history).toEqual([
      { payload: { value: 'old-password', notes: '', fields: [] }, createdAt: '2026-11-26T12:23:06.000Z' },
    ]);
    expect(records.filter((r) => r.history !== undefined)).toHaveLength(1);
  });

  it("keeps each entry's created and modified dates, and each earlier version's own date, oldest first", async () => {
    const entry = (title: string, password: string, created: string, modified: string, history = '') => `
      <Entry>
        <Times>
          <LastModificationTime>${modified}</LastModificationTime>
          <CreationTime>${created}</CreationTime>
        </Times>
        <String><Key>Title</Key><Value>${title}</Value></String>
        <String><Key>Password</Key><Value ProtectInMemory="True">${password}</Value></String>
        <String><Key>UserName</Key><Value>me</Value></String>
        ${history}
      </Entry>`;
    const history = `<History>${entry('Mail', 'first', '2019-03-01T08:00:00Z', '2019-03-01T08:00:00Z')}${entry(
      'Mail (renamed later)',
      'second',
      '2019-03-01T08:00:00Z',
      '2021-06-15T12:30:00Z',
    )}</History>`;
    const { records } = await parseImport(
      'keepass-xml',
      wrap(entry('Mail', 'third', '2019-03-01T08:00:00Z', '2024-01-10T09:00:00Z', history)),
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      name: 'Mail',
      payload: { value: 'third' },
      createdAt: '2019-03-01T08:00:00.000Z',
      updatedAt: '2024-01-10T09:00:00.000Z',
      history: [
        {
          payload: { value: 'first', notes: '', fields: [{ name: 'username', value: 'me', hidden: false }] },
          createdAt: '2019-03-01T08:00:00.000Z',
        },
        { payload: { value: 'second' }, createdAt: '2021-06-15T12:30:00.000Z' },
      ],
    });
  });

  it('reads KeePass 2 binary times (base64 seconds since year 1) and drops dates that cannot be right', async () => {
    // 2020-01-01T00:00:00Z is 63,713,433,600 s after 0001-01-01.
    const seconds = Buffer.alloc(8);
    seconds.writeBigInt64LE(63_713_433_600n);
    const keepass2 = seconds.toString('base64');
    const dated = (created: string, modified: string) =>
      wrap(`<Entry><Times><CreationTime>${created}</CreationTime><LastModificationTime>${modified}</LastModificationTime></Times>
        <String><Key>Title</Key><Value>x</Value></String></Entry>`);
    const [binary] = (await parseImport('keepass-xml', dated(keepass2, keepass2))).records;
    expect(binary).toMatchObject({
      createdAt: '2020-01-01T00:00:00.000Z',
      updatedAt: '2020-01-01T00:00:00.000Z',
    });
    const [bad] = (await parseImport('keepass-xml', dated('0001-01-01T00:00:00Z', 'not a date'))).records;
    expect(bad?.createdAt).toBeUndefined();
    expect(bad?.updatedAt).toBeUndefined();
    const [ahead] = (await parseImport('keepass-xml', dated('2999-01-01T00:00:00Z', '2999-01-01T00:00:00Z')))
      .records;
    expect(Date.parse(ahead?.createdAt ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('refuses protected values inside History too, naming the entry', async () => {
    const text = wrap(`<Entry><String><Key>Title</Key><Value>Mail</Value></String>
      <History><Entry><String><Key>Password</Key><Value Protected="True">AAAA</Value></String></Entry></History>
    </Entry>`);
    expect(await failure(text)).toMatch(/^entry 'Mail': the file holds protected \(encrypted\) values/);
  });

  it('refuses protected values, asking for an unprotected export', async () => {
    expect(await failure(fixture('keepass-inner-protected.xml'))).toMatch(
      /^entry 'Work\/AWS root': the file holds protected \(encrypted\) values: export .* as an XML file/,
    );
  });

  it('names the line of malformed XML', async () => {
    const broken = wrap(
      '      <Entry>\n        <String><Key>Title</Key><Value>x</Valu></String>\n      </Entry>',
    );
    expect(await failure(broken)).toBe('line 9: </Valu> where </Value> was expected');
    expect(
      await failure(wrap('      <Entry><String><Key>Title</Key><Value>a & b</Value></String></Entry>')),
    ).toMatch(/^line 8: '&' must start an entity/);
    const cut = fixture('keepassxc-2.7.4.xml');
    expect(await failure(cut.slice(0, cut.indexOf('<History>')))).toMatch(
      /^line \d+: the file ends before <\/Entry>/,
    );
    expect(await failure('<?xml version="1.0"?>\n<html><body/></html>')).toBe(
      'line 2: not a KeePass XML export (it must start with <KeePassFile>)',
    );
  });

  it('reads character references, CDATA and comments in values, and a byte-order mark', async () => {
    const entry = `<Entry>
        <String><Key>Title</Key><Value>Snow &#9731; &#x263A;</Value></String>
        <String><Key>Password</Key><Value><![CDATA[a<b>&c]]> + <!-- not part of it -->d</Value></String>
        <CustomData><Item><Key>KPXC_BROWSER</Key><Value>ignored</Value></Item></CustomData>
      </Entry>`;
    const { records } = await parseImport('keepass-xml', `\uFEFF${wrap(entry)}`);
    expect(records).toEqual([
      expect.objectContaining({ name: 'Snow ☃ ☺', payload: { value: 'a<b>&c + d', notes: '', fields: [] } }),
    ]);
    expect(await failure(wrap('<Entry><String><Key>Title</Key><Value>&nbsp;</Value></String></Entry>'))).toBe(
      'line 8: unknown entity &nbsp;',
    );
  });

  it('warns about attached files, which Keyhold cannot keep', async () => {
    const entry = (title: string, files: string[]) =>
      `<Entry><String><Key>Title</Key><Value>${title}</Value></String>${files
        .map((f, i) => `<Binary><Key>${f}</Key><Value Ref="${i}"/></Binary>`)
        .join('')}</Entry>`;
    const parsed = await parseImport(
      'keepass-xml',
      wrap(`${entry('Passport', ['scan.pdf', 'photo.jpg'])}${entry('Plain', [])}`),
    );
    expect(parsed.records.map((r) => r.name)).toEqual(['Passport', 'Plain']);
    expect(parsed.warnings).toEqual([
      "entry 'Passport': 2 attached files are not imported (Keyhold keeps no files)",
    ]);
    expect((await parseImport('keepass-xml', fixture('keepassxc-2.7.4.xml'))).warnings).toEqual([]);
  });

  it('refuses document type declarations (no entity expansion attacks)', async () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n${wrap('').split('\n').slice(1).join('\n')}`;
    expect(await failure(bomb)).toMatch(/^line 2: document type declarations and entities are not allowed/);
  });

  it('normalises titles and folders, and refuses what cannot be normalised, naming the entry', async () => {
    const entry = (title: string) =>
      `<Entry><String><Key>Title</Key><Value>${title}</Value></String><String><Key>Password</Key><Value>pw</Value></String></Entry>`;
    const group = (name: string, inner: string) =>
      `<Group><UUID>x</UUID><Name>${name}</Name>${inner}</Group>`;
    const { records } = await parseImport(
      'keepass-xml',
      wrap(entry('   '), group(' A/B ', group('  ', group('C\tD', entry('  trimmed  '))))),
    );
    expect(records.map((r) => [r.path, r.name])).toEqual([
      ['/', '(untitled)'],
      ['/A/B/C D', 'trimmed'],
    ]);
    expect(await failure(wrap('', group('Work', entry('x'.repeat(201)))))).toMatch(
      /^entry 'Work\/x{201}': name Too big: expected string to have <=200 characters \(line \d+\)$/,
    );
    expect(await failure(wrap('', group('..', entry('t'))))).toMatch(
      /^entry '\.\.\/t': the folder name '\.\.' is not allowed/,
    );
  });

  it('reads a 100,000-entry export in a few seconds, every entry intact', async () => {
    const xml = makeKeepassXml(100_000);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const progress: number[] = [];
    const { records } = await parseImport('keepass-xml', xml, { onProgress: (p) => progress.push(p.done) });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    // Printed, not asserted: the machine is shared, so a time limit here would fail at random.
    console.log(
      `keepass-xml: 100,000 entries (${(xml.length / 1e6).toFixed(0)} MB) parsed in ${seconds.toFixed(2)} s ` +
        `(${((used.user + used.system) / 1e6).toFixed(2)} s of CPU)`,
    );
    expect(records).toHaveLength(100_000);
    expect(progress.at(-1)).toBe(xml.length);
    expect(progress.length).toBeGreaterThan(10);
    for (const i of [0, 1, 4, 10, 99_999]) {
      const want = keepassEntry(i);
      const got = records.find((r) => r.name === want.title);
      expect(got).toMatchObject({
        path: want.groupPath,
        tags: want.tags,
        payload: { value: want.password, notes: want.notes },
      });
      expect(got?.payload.fields).toContainEqual({ name: 'API Key', value: want.apiKey, hidden: true });
    }
    expect(records.some((r) => r.name.endsWith('(old)'))).toBe(false);
  }, 120_000);
});
