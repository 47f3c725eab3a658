// The rules for new passwords: public (enrollment needs them before anyone signs in), set by admins only.
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

describe('password rules', () => {
  it('are handed to anyone, follow the settings, and only administrators change them', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const anonymous = t.client();
    expect(await anonymous.request('getPasswordRules', {})).toEqual({
      policy: {
        minLength: 10,
        requireMixedCase: false,
        requireDigit: false,
        requireSymbol: false,
        minStrength: 3,
      },
      kdf: { algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1 },
    });

    await admin.client.request('updateSettings', {
      patch: {
        passwordPolicy: { minLength: 14, requireDigit: true },
        kdf: { algorithm: 'argon2id', memoryKiB: 131072, iterations: 4, parallelism: 2 },
      },
    });
    expect(await anonymous.request('getPasswordRules', {})).toEqual({
      policy: {
        minLength: 14,
        requireMixedCase: false,
        requireDigit: true,
        requireSymbol: false,
        minStrength: 3,
      },
      kdf: { algorithm: 'argon2id', memoryKiB: 131072, iterations: 4, parallelism: 2 },
    });

    const { session: mod } = await addUser(t, admin, 'mod', 'moderator');
    const refused = await mod.client.call('updateSettings', { patch: { passwordPolicy: { minLength: 8 } } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const tooShort = await admin.client.call('updateSettings', {
      patch: { passwordPolicy: { minLength: 4 } },
    });
    expect(tooShort).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'patch.passwordPolicy.minLength' },
    });
    expect((await anonymous.request('getPasswordRules', {})).policy.minLength).toBe(14);
  });
});
