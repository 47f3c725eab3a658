// Secrets never reach the disk, the WAL or the log in clear: write known markers, then grep the bytes.
import { afterEach, describe, expect, it } from 'vitest';
import { prepareLogin, VaultSession } from '../client/index.ts';
import {
  ADMIN,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

describe('no plaintext at rest or in logs', () => {
  it('the database, its WAL and the whole server log hold neither password, value, token, names nor passphrase', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const markers = {
      value: 'MARKER-VALUE-7f3a9c',
      notes: 'MARKER-NOTES-51be20',
      field: 'MARKER-FIELD-c0ffee',
      name: 'MARKER-NAME-a1b2c3',
      path: '/MARKER-PATH-d4e5f6',
      tag: 'MARKER-TAG-987654',
      password: ADMIN.password,
      passphrase: UNSEAL_PASSPHRASE,
      username: ADMIN.username,
    };
    await admin.createSecret({
      name: markers.name,
      path: markers.path,
      tags: [markers.tag],
      type: 'login',
      payload: {
        value: markers.value,
        notes: markers.notes,
        fields: [{ name: 'f', value: markers.field, hidden: true }],
      },
    });
    const second = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    const token = await tokenOf(t);
    // Failed attempts and bad input go through the log paths too.
    await VaultSession.login(t.client(), ADMIN.username, 'MARKER-WRONG-PASSWORD', 'cli').catch(
      () => undefined,
    );
    await t.client().call('unseal', { passphrase: 'MARKER-WRONG-PASSPHRASE' });
    await second.client.request('seal', {});
    await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });

    const disk = await t.databaseBytes();
    // What is stored in the clear (ids) is found: the bytes are the stored data.
    expect(disk.includes(Buffer.from(admin.user.id)), 'the admin id in the database').toBe(true);
    const log = t.logText();
    expect(log.length).toBeGreaterThan(0);
    for (const [what, marker] of Object.entries({
      ...markers,
      token,
      wrong: 'MARKER-WRONG-PASSWORD',
      wrongPass: 'MARKER-WRONG-PASSPHRASE',
    })) {
      expect(disk.includes(Buffer.from(marker)), `${what} found in the database`).toBe(false);
      expect(disk.includes(Buffer.from(marker, 'utf16le')), `${what} found in the database (utf-16)`).toBe(
        false,
      );
      expect(log.includes(marker), `${what} found in the server log`).toBe(false);
    }
  });
});

/** A fresh session token, taken from a raw login, to look for on disk. */
async function tokenOf(t: TestServer): Promise<string> {
  const client = t.client();
  const { authHash } = await prepareLogin(client, ADMIN.username, ADMIN.password);
  const login = await client.request('login', { username: ADMIN.username, authHash, clientKind: 'cli' });
  expect(login.token.length).toBeGreaterThanOrEqual(43);
  return login.token;
}
