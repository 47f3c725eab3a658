// Refusals carry what a client needs to word them for a person: the field, the kind of problem and its
// limit, and which secret was wrong (passphrase, enrollment code, current password).
import { afterEach, describe, expect, it } from 'vitest';
import { KeyholdError, VaultSession } from '../client/index.ts';
import { initAndLoginAdmin, kdf, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

async function refusal(promise: Promise<unknown>): Promise<KeyholdError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof KeyholdError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('input refusals', () => {
  it('name the field, the kind of problem and the limit, without the field twice in the message', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const tooLong = await admin.client.call('findPrincipal', { username: `a${'b'.repeat(64)}` });
    expect(tooLong).toEqual({
      ok: false,
      error: {
        code: 'bad_request',
        message: expect.stringMatching(/^username: [^:]+$/),
        field: 'username',
        issue: { kind: 'too_big', origin: 'string', maximum: 64 },
      },
    });
    const badForm = await admin.client.call('findPrincipal', { username: 'no spaces allowed' });
    expect(badForm).toMatchObject({
      ok: false,
      error: { field: 'username', issue: { kind: 'invalid_format', format: 'regex' } },
    });
  });

  it('say which secret was wrong: the enrollment code, the current password', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    await admin.client.request('createUser', { username: 'erin', displayName: 'Erin', role: 'user' });
    const wrongCode = await refusal(
      VaultSession.enroll(t.client(), 'erin', 'x'.repeat(20), 'violet tractor ocean 71', kdf),
    );
    expect([wrongCode.code, wrongCode.field]).toEqual(['invalid_credentials', 'code']);
    const wrongCurrent = await refusal(
      admin.changePassword('not my password', 'violet tractor ocean 71', kdf),
    );
    expect([wrongCurrent.code, wrongCurrent.field]).toEqual(['invalid_credentials', 'currentAuthHash']);
  });

  it('say a wrong unseal passphrase is the passphrase, not a sign-in', async () => {
    t = await startTestServer();
    await initAndLoginAdmin(t);
    await t
      .client()
      .request('seal', {})
      .catch(() => undefined);
    await t.restart();
    const wrong = await refusal(t.client().request('unseal', { passphrase: 'not the passphrase at all' }));
    expect([wrong.code, wrong.field]).toEqual(['invalid_credentials', 'passphrase']);
  });
});
