// keyhold send: prints a one-time link a stranger can open once; lists and revokes the caller's links.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseShareLink } from '../../client/links/share-link-crypto.ts';
import { openShareLink } from '../../client/links/share-links.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliLogin, cliUser } from './cli-harness.ts';

vi.setConfig({ testTimeout: 120_000 });

let t: TestServer;
const users: CliUser[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) user.cleanup();
  await t?.stop();
});

async function strangerOpens(url: string, password: string | null = null) {
  const link = parseShareLink(url);
  if (!link) throw new Error(`not a link: ${url}`);
  const stranger = t.client();
  return openShareLink(
    (input) => stranger.request('openShareLink', input),
    link.id,
    link.key,
    async () => password,
  );
}

describe('keyhold send', () => {
  it('prints a link a stranger opens, one with a password from stdin, lists and revokes it', async () => {
    t = await startTestServer();
    await initAndLoginAdmin(t);
    const cli = cliUser(t);
    users.push(cli);
    await cliLogin(t, cli, ADMIN.username, ADMIN.password);

    const made = await cli.run(['send', '--expires', '24h', '--views', '2', 'deploy key: 7f3a9c']);
    expect(made.code).toBe(0);
    const url = made.stdout.trim();
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
    expect(await strangerOpens(url)).toEqual({ kind: 'text', text: 'deploy key: 7f3a9c' });

    const piped = await cli.run(['send', '--password-prompt', '-'], { input: 'pony pass\nfrom stdin\n' });
    expect(piped.code).toBe(0);
    expect(await strangerOpens(piped.stdout.trim(), 'pony pass')).toEqual({
      kind: 'text',
      text: 'from stdin',
    });

    const listed = await cli.run(['send', '--list', '--json']);
    const links = JSON.parse(listed.stdout) as { id: string; views: number; maxViews: number }[];
    const id = parseShareLink(url)?.id;
    expect(links.map((l) => [l.id, l.views, l.maxViews])).toEqual([[id, 1, 2]]);

    const revoked = await cli.run(['send', '--revoke', id ?? '']);
    expect(revoked.code).toBe(0);
    await expect(strangerOpens(url)).rejects.toMatchObject({ code: 'not_found' });

    const wrong = await cli.run(['send', '--expires', '90m', 'x']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--expires must be hours or days from 1h to 30d');
  });
});
