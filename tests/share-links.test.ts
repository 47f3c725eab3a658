// One-time share links on a real server: made and opened through the contract as the window and the public
// page do, with the database asked what it holds (never the text) and the audit log what it recorded.
import { afterEach, describe, expect, it } from 'vitest';
import { toBase64 } from '../client/crypto/encoding.ts';
import { KeyholdError, type VaultSession } from '../client/index.ts';
import { openSharePayload } from '../client/links/share-link-crypto.ts';
import { createShareLink, openShareLink } from '../client/links/share-links.ts';
import { SHARE_LINK_FILE_MAX_BYTES, SHARE_LINK_GONE } from '../contract/ops-links.ts';
import { manualClock } from './support/manual-clock.ts';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

const TEXT = 'the staging database password is hunter2-violet-kettle';
const HOUR = 3_600_000;

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

async function start(now?: () => Date) {
  t = await startTestServer(now ? { now } : {});
  const admin = await initAndLoginAdmin(t);
  const alice = await addUser(t, admin, 'alice');
  return { admin, alice: alice.session, aliceId: alice.userId };
}

const make = (session: VaultSession, options: { views?: number; hours?: number; password?: string } = {}) =>
  createShareLink(session.client, t.server.url, {
    payload: { kind: 'text', text: TEXT },
    expiresInHours: options.hours ?? 24,
    maxViews: options.views ?? 1,
    password: options.password ?? null,
  });

/** Opens as a stranger would: a client with no session, the id from the path and the key from the fragment. */
async function openAsStranger(url: string, password: string | null = null) {
  const link = new URL(url);
  const id = link.pathname.slice(3);
  const stranger = t.client();
  return openShareLink(
    (input) => stranger.request('openShareLink', input),
    id,
    link.hash.slice(1),
    async () => password,
  );
}

/** The refusal a stranger gets, as status and body. */
async function refusalOf(id: string) {
  const answer = await t.fetch(`${t.server.url}/v1/public/links/${id}/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return { status: answer.status, body: await answer.text() };
}

describe('one-time share links', () => {
  it('a stranger with the link reads the text once; the database holds only ciphertext', async () => {
    const { alice } = await start();
    const link = await make(alice);
    expect(link.url).toMatch(/^https:\/\/[^/]+\/s\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
    const bytes = await t.databaseBytes();
    expect(bytes.includes(Buffer.from(TEXT))).toBe(false);
    expect(bytes.includes(Buffer.from('hunter2'))).toBe(false);
    expect(await openAsStranger(link.url)).toEqual({ kind: 'text', text: TEXT });
    // The last view deleted it.
    expect(await t.sql('select id from share_links where id = ?', link.id)).toEqual([]);
    await expect(openAsStranger(link.url)).rejects.toMatchObject({
      code: 'not_found',
      message: SHARE_LINK_GONE,
    });
  });

  it('a file as large as the CLI and the window allow, with a long Cyrillic name, opens byte for byte', async () => {
    const { alice } = await start();
    const data = new Uint8Array(SHARE_LINK_FILE_MAX_BYTES).map((_, i) => (i * 7919) % 251);
    const payload = {
      kind: 'file' as const,
      name: `${'отчёт-'.repeat(40)}.pdf`,
      type: 'application/pdf',
      data: toBase64(data),
    };
    const link = await createShareLink(alice.client, t.server.url, {
      payload,
      expiresInHours: 1,
      maxViews: 1,
      password: null,
    });
    expect(await openAsStranger(link.url)).toEqual(payload);
  });

  it('a three-view link opens three times and then answers gone; its creator sees the count', async () => {
    const { alice } = await start();
    const link = await make(alice, { views: 3 });
    await openAsStranger(link.url);
    const { links } = await alice.client.request('listShareLinks', {});
    expect(links.map((l) => [l.id, l.views, l.maxViews, l.password])).toEqual([[link.id, 1, 3, false]]);
    await openAsStranger(link.url);
    await openAsStranger(link.url);
    await expect(openAsStranger(link.url)).rejects.toMatchObject({ code: 'not_found' });
    expect((await alice.client.request('listShareLinks', {})).links).toEqual([]);
  });

  it('ten opens at once of a one-view link: exactly one gets the ciphertext', async () => {
    const { alice } = await start();
    const link = await make(alice);
    const id = link.id;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.client().call('openShareLink', { id })),
    );
    const served = answers.filter((a) => a.ok);
    expect(served).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(
      Array(9).fill('not_found'),
    );
    const value = served[0]?.ok ? served[0].value : null;
    if (value?.state !== 'open') throw new Error('not opened');
    expect(await openSharePayload(value.ciphertext, new URL(link.url).hash.slice(1))).toEqual({
      kind: 'text',
      text: TEXT,
    });
  });

  it('expired, used up, revoked and never-made links answer the same status and body', async () => {
    const clock = manualClock();
    const { alice } = await start(clock.now);
    const expiring = await make(alice, { hours: 1 });
    const used = await make(alice);
    const revoked = await make(alice, { views: 5 });
    await openAsStranger(used.url);
    await alice.client.request('revokeShareLink', { id: revoked.id });
    clock.advance(HOUR + 1000);
    const answers = await Promise.all(
      [expiring.id, used.id, revoked.id, 'AAAAAAAAAAAAAAAAAAAAAA'].map(refusalOf),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.status).toBe(404);
    expect(JSON.parse(answers[0]?.body ?? '{}')).toEqual({
      ok: false,
      error: { code: 'not_found', message: SHARE_LINK_GONE },
    });
    // The expired row is swept; the revoked one was deleted when revoked.
    expect(await t.sql('select id from share_links')).toHaveLength(1);
    expect(await t.server.app.shareLinks.sweep()).toBe(1);
    expect(await t.sql('select id from share_links')).toEqual([]);
  });

  it('a password link asks for the password; a wrong one counts no view, the right one opens it', async () => {
    const { alice } = await start();
    const link = await make(alice, { password: 'correct pony' });
    const stranger = t.client();
    const id = link.id;
    const first = await stranger.request('openShareLink', { id });
    expect(first).toMatchObject({ state: 'password', wrong: false });
    const tries: boolean[] = [];
    let answer = 'wrong pony';
    const payload = await openShareLink(
      (input) => stranger.request('openShareLink', input),
      id,
      new URL(link.url).hash.slice(1),
      async (wrong) => {
        tries.push(wrong);
        const given = answer;
        answer = 'correct pony';
        return given;
      },
    );
    expect(tries).toEqual([false, true]);
    expect(payload).toEqual({ kind: 'text', text: TEXT });
  });

  it('turned off by an administrator: creating is refused and existing links answer gone', async () => {
    const { admin, alice } = await start();
    const link = await make(alice, { views: 2 });
    await admin.client.request('updateSettings', { patch: { shareLinks: { enabled: false } } });
    await expect(make(alice)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'one-time links are turned off on this server by its administrator',
    });
    expect(await refusalOf(link.id)).toEqual(await refusalOf('AAAAAAAAAAAAAAAAAAAAAA'));
    await admin.client.request('updateSettings', { patch: { shareLinks: { enabled: true } } });
    expect(await openAsStranger(link.url)).toEqual({ kind: 'text', text: TEXT });
  });

  it('opens from one address past the budget per minute are refused with a wait', async () => {
    const { admin, alice } = await start();
    await admin.client.request('updateSettings', { patch: { shareLinks: { opensPerAddressPerMinute: 3 } } });
    const link = await make(alice, { views: 10 });
    for (let i = 0; i < 3; i++) await openAsStranger(link.url);
    const refused = await t.client().call('openShareLink', { id: link.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(!refused.ok && refused.error.retryAfter).toBeGreaterThan(0);
  });

  it('only the creator lists and revokes a link', async () => {
    const { admin, alice } = await start();
    const link = await make(alice, { views: 2 });
    expect((await admin.client.request('listShareLinks', {})).links).toEqual([]);
    await expect(admin.client.request('revokeShareLink', { id: link.id })).rejects.toBeInstanceOf(
      KeyholdError,
    );
    await alice.client.request('revokeShareLink', { id: link.id });
    await expect(openAsStranger(link.url)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('audits creation, each view with its address under the creator, refusals and revocation', async () => {
    const { alice, aliceId } = await start();
    const link = await make(alice, { views: 2 });
    await openAsStranger(link.url);
    await openAsStranger(link.url);
    await refusalOf(link.id);
    const other = await make(alice, { views: 2 });
    await alice.client.request('revokeShareLink', { id: other.id });
    const rows = await t.sql<{
      operation: string;
      user_id: string | null;
      address: string;
      target: string;
      status: string;
      code: string | null;
    }>(
      "select operation, user_id, address, target, status, code from audit where operation in ('createShareLink', 'openShareLink', 'revokeShareLink') order by seq",
    );
    expect(rows.map((r) => [r.operation, r.user_id, r.target, r.status, r.code])).toEqual([
      ['createShareLink', aliceId, link.id, 'ok', null],
      ['openShareLink', aliceId, `${link.id} view 1/2`, 'ok', null],
      ['openShareLink', aliceId, `${link.id} view 2/2`, 'ok', null],
      ['openShareLink', null, link.id, 'denied', 'link_unknown'],
      ['createShareLink', aliceId, other.id, 'ok', null],
      ['revokeShareLink', aliceId, other.id, 'ok', null],
    ]);
    for (const row of rows) expect(row.address).toMatch(/127\.0\.0\.1/);
  });
});
