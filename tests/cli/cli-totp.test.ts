// keyhold totp: the current one-time code of a secret, computed by the CLI from the item's totp field.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTotp } from '../../client/totp.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser } from './cli-harness.ts';

vi.setConfig({ testTimeout: 120_000 });

// RFC 6238's SHA-1 seed in base32: the codes are known, and the setup must never be printed.
const SETUP = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

let t: TestServer;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

async function adminWithCli() {
  t = await startTestServer();
  const admin = await initAndLoginAdmin(t);
  const cli = cliUser(t);
  users.push(cli);
  await cliLogin(t, cli, ADMIN.username, ADMIN.password);
  return { admin, cli };
}

describe('keyhold totp', () => {
  it('prints the code an authenticator app shows now, and how long it stays valid', async () => {
    const { admin, cli } = await adminWithCli();
    await admin.createSecret({
      name: 'github',
      path: '/web',
      type: 'login',
      payload: {
        value: 'pw',
        fields: [{ name: 'totp', value: `otpauth://totp/GitHub:ops?secret=${SETUP}` }],
      },
    });
    const expected = parseTotp(SETUP);
    const before = expected.codeAt().code;
    const out = await cli.run(['totp', '/web/github']);
    const after = expected.codeAt().code;
    expect(out.code).toBe(0);
    expect([before, after]).toContain(out.stdout.trim());
    expect(out.stdout.trim()).toMatch(/^\d{6}$/);

    const json = await cli.run(['totp', '/web/github', '--json']);
    const parsed = JSON.parse(json.stdout) as { code: string; secondsLeft: number; period: number };
    expect(parsed.period).toBe(30);
    expect(parsed.secondsLeft).toBeGreaterThanOrEqual(1);
    expect(parsed.secondsLeft).toBeLessThanOrEqual(30);
    expect(json.stdout).not.toContain(SETUP);

    // The reference form gives the code too, never the setup it comes from.
    const start = expected.codeAt().code;
    const read = await cli.run(['read', 'keyhold://web/github#totp']);
    expect(read.code).toBe(0);
    expect([start, expected.codeAt().code]).toContain(read.stdout.trim());
  });

  it('says plainly when a secret has no one-time code, or a setup that cannot give one, without printing it', async () => {
    const { admin, cli } = await adminWithCli();
    await admin.createSecret({ name: 'plain', path: '/web', type: 'login', payload: { value: 'pw' } });
    await admin.createSecret({
      name: 'counter',
      path: '/web',
      type: 'login',
      payload: {
        value: 'pw',
        fields: [{ name: 'totp', value: `otpauth://hotp/x?secret=${SETUP}&counter=3` }],
      },
    });
    const none = await cli.run(['totp', '/web/plain']);
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toBe('keyhold: /web/plain has no one-time code (no totp field)\n');
    const hotp = await cli.run(['totp', '/web/counter']);
    expect(hotp.code).toBe(1);
    expect(hotp.stderr).toContain('only time-based codes');
    expect(hotp.stderr).not.toContain(SETUP);
  });
});
