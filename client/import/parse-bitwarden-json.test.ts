import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFormatError, parseImport } from './index.ts';

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../../tests/fixtures/import', name), 'utf8');

const failure = async (text: string) => {
  try {
    await parseImport('bitwarden-json', text);
    return 'parsed';
  } catch (error) {
    return error instanceof ImportFormatError ? error.message : String(error);
  }
};

const withItems = (...items: unknown[]) => JSON.stringify({ encrypted: false, folders: [], items });

describe('Bitwarden unencrypted JSON export', () => {
  it('reads logins, notes, cards, identities and SSH keys, with nested folders and custom fields', async () => {
    const { records } = await parseImport('bitwarden-json', fixture('bitwarden-unencrypted.json'));
    expect(records.map((r) => `${r.path} | ${r.name} | ${r.type} | ${r.source}`)).toEqual([
      '/Work/Cloud | GitHub | login | record 1',
      '/ | Alarm code | note | record 2',
      '/Work | Company Visa | custom | record 3',
      '/ | Jane Doe | custom | record 4',
      '/Work | Build server key | ssh_key | record 5',
    ]);
    expect(records[0]?.payload).toEqual({
      value: 'gh-Pa55w0rd!',
      notes: 'Recovery codes are in the safe.',
      fields: [
        { name: 'username', value: 'octo-admin', hidden: false },
        { name: 'url', value: 'https://github.com/login', hidden: false },
        { name: 'url 2', value: 'https://github.com/sessions/two-factor', hidden: false },
        { name: 'totp', value: 'otpauth://totp/GitHub:octo-admin?secret=JBSWY3DPEHPK3PXP', hidden: true },
        { name: 'Team', value: 'platform', hidden: false },
        { name: 'PAT', value: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a', hidden: true },
        { name: 'SSO', value: 'true', hidden: false },
      ],
    });
    expect(records[1]?.payload).toEqual({ value: '', notes: '1234#\nDisarm within 30 s.', fields: [] });
    expect(records[2]?.payload.value).toBe('4111111111111111');
    expect(records[2]?.payload.fields).toContainEqual({ name: 'code', value: '123', hidden: true });
    expect(records[3]?.payload.fields).toContainEqual({ name: 'ssn', value: '078-05-1120', hidden: true });
    expect(records[3]?.payload.fields).toContainEqual({
      name: 'email',
      value: 'jane@acme.example',
      hidden: false,
    });
    expect(records[4]?.payload.value).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(records[4]?.payload.fields).toContainEqual({
      name: 'publicKey',
      value: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGw build@acme',
      hidden: false,
    });
  });

  it('refuses an encrypted export, saying how to make a readable one', async () => {
    expect(await failure(fixture('bitwarden-encrypted.json'))).toMatch(
      /^file: this is an encrypted Bitwarden export.*choosing the format "\.json" \(not "\.json \(Encrypted\)"\)/,
    );
  });

  it('names the record that is wrong', async () => {
    const login = { type: 1, name: 'ok', login: { username: 'u', password: 'p' } };
    expect(await failure(withItems(login, { ...login, type: 9 }))).toMatch(
      /^record 2: type must be 1 \(login\)/,
    );
    expect(await failure(withItems(login, login, { ...login, folderId: 'nope' }))).toBe(
      'record 3: folderId nope is not in the folders list',
    );
    expect(await failure(withItems({ ...login, name: 'x'.repeat(201) }))).toMatch(/^record 1: name Too big/);
    expect(await failure('{"encrypted": false, "items": [')).toMatch(/^file: not valid JSON/);
    expect(await failure('{"encrypted": false, "items": 3}')).toMatch(/^file: not a Bitwarden export: items/);
  });

  it("makes a login's password history earlier versions, oldest first, dated when each was last used", async () => {
    const item = {
      type: 1,
      name: 'Bank',
      notes: 'branch 12',
      login: { username: 'me', password: 'now-pw', uris: [{ uri: 'https://bank.example' }] },
      // Bitwarden lists the newest first.
      passwordHistory: [
        { lastUsedDate: '2025-05-02T10:00:00.000Z', password: 'second-pw' },
        { lastUsedDate: '2024-01-15T08:30:00.000Z', password: 'first-pw' },
      ],
      creationDate: '2023-11-20T07:00:00.000Z',
      revisionDate: '2025-05-02T10:00:00.000Z',
    };
    const { records } = await parseImport('bitwarden-json', withItems(item));
    const fields = [
      { name: 'username', value: 'me', hidden: false },
      { name: 'url', value: 'https://bank.example', hidden: false },
    ];
    expect(records[0]).toMatchObject({
      payload: { value: 'now-pw', notes: 'branch 12', fields },
      createdAt: '2023-11-20T07:00:00.000Z',
      updatedAt: '2025-05-02T10:00:00.000Z',
      history: [
        { payload: { value: 'first-pw', notes: 'branch 12', fields }, createdAt: '2024-01-15T08:30:00.000Z' },
        {
          payload: { value: 'second-pw', notes: 'branch 12', fields },
          createdAt: '2025-05-02T10:00:00.000Z',
        },
      ],
    });
  });

  it('keeps the dates of the real export, which has no password history', async () => {
    const { records } = await parseImport('bitwarden-json', fixture('bitwarden-unencrypted.json'));
    expect(records[0]).toMatchObject({
      createdAt: '2026-09-30T08:00:00.000Z',
      updatedAt: '2026-10-01T09:15:22.123Z',
    });
    expect(records.some((r) => r.history !== undefined)).toBe(false);
  });
});
