// keyhold health --json: the password health report of a vault whose every problem is known, computed by
// the CLI from opened items; no password ever printed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planImport, runImport } from '../../client/import/importer.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser } from './cli-harness.ts';

vi.setConfig({ testTimeout: 180_000 });

const WEAK = 'qwerty123';
const SHARED = 'Shared-Horse-Battery-Staple-61!';
const twoYearsAgo = new Date(Date.now() - 730 * 86_400_000).toISOString();

let t: TestServer;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

interface HealthJson {
  checked: number;
  unreadable: number;
  oldAfterDays: number;
  counts: Record<'weak' | 'reused' | 'old' | 'no_totp', number>;
  findings: { id: string; path: string; problems: string[]; ageDays: number }[];
  reusedGroups: { id: string; path: string }[][];
}

describe('keyhold health', () => {
  it('--json reports the weak, the reused pair, the old and the marked item without a code, and no password', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const login = (value: string, fields: { name: string; value: string; hidden?: boolean }[] = []) => ({
      value,
      fields: fields.map((f) => ({ hidden: false, ...f })),
    });
    await admin.createSecret({ name: 'router', path: '/home', type: 'login', payload: login(WEAK) });
    await admin.createSecret({ name: 'mail', path: '/web', type: 'login', payload: login(SHARED) });
    await admin.createSecret({ name: 'bank', path: '/web', type: 'login', payload: login(SHARED) });
    await admin.createSecret({
      name: 'github',
      path: '/web',
      type: 'login',
      payload: {
        ...login('Gh-Unique-Long-Pass-7731?', [{ name: 'url', value: 'https://github.com' }]),
        twoStep: true,
      },
    });
    await admin.createSecret({
      name: 'gitlab',
      path: '/web',
      type: 'login',
      payload: {
        ...login('Gl-Unique-Long-Pass-9917?', [{ name: 'totp', value: 'JBSWY3DPEHPK3PXP', hidden: true }]),
        twoStep: true,
      },
    });
    // An item whose value was last changed two years ago, as an import from another tool keeps it.
    const plan = await planImport(
      admin,
      [
        {
          path: '/legacy',
          name: 'old server',
          type: 'login',
          tags: [],
          payload: { value: 'Old-Unique-Long-Pass-4410?', notes: '', fields: [] },
          source: 'line 1',
          createdAt: twoYearsAgo,
          updatedAt: twoYearsAgo,
        },
      ],
      'skip',
    );
    await runImport(admin, plan);

    const cli = cliUser(t);
    users.push(cli);
    await cliLogin(t, cli, ADMIN.username, ADMIN.password);
    const out = await cli.run(['health', '--json']);
    expect(out.code, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout) as HealthJson;
    const problemsOf = (path: string) => report.findings.find((f) => f.path === path)?.problems ?? [];
    expect(report.checked).toBe(6);
    expect(report.unreadable).toBe(0);
    expect(report.oldAfterDays).toBe(365);
    expect(problemsOf('/home/router')).toContain('weak');
    expect(problemsOf('/web/mail')).toEqual(['reused']);
    expect(problemsOf('/web/bank')).toEqual(['reused']);
    expect(report.reusedGroups.map((g) => g.map((i) => i.path).sort())).toEqual([['/web/bank', '/web/mail']]);
    expect(problemsOf('/legacy/old server')).toEqual(['old']);
    expect(report.findings.find((f) => f.path === '/legacy/old server')?.ageDays).toBeGreaterThanOrEqual(729);
    expect(problemsOf('/web/github')).toEqual(['no_totp']);
    expect(problemsOf('/web/gitlab')).toEqual([]);
    expect(report.counts).toEqual({ weak: 1, reused: 2, old: 1, no_totp: 1 });
    for (const password of [WEAK, SHARED, 'JBSWY3DPEHPK3PXP']) {
      expect(out.stdout).not.toContain(password);
      expect(out.stderr).not.toContain(password);
    }

    // A longer threshold leaves the two-year-old password out; a bad one is refused, naming the option.
    const longerRun = await cli.run(['health', '--json', '--old-days', '1000']);
    expect(longerRun.code, longerRun.stderr).toBe(0);
    const longer = JSON.parse(longerRun.stdout) as HealthJson;
    expect(longer.counts.old).toBe(0);
    const bad = await cli.run(['health', '--old-days', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--old-days "soon"');
  });
});
