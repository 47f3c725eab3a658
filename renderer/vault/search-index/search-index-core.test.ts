// The search index's worker body with real keys and real sealed items: what it finds, what it never holds.
import { describe, expect, it } from 'vitest';
import { BulkItems, type NewItem } from '../../../client/bulk-items.ts';
import { generateUserKeyPair, newVaultKey } from '../../../client/crypto/index.ts';
import type { SecretSummary } from '../../../contract/index.ts';
import { searchIndexHandler } from './search-index-core.ts';
import type { SealedItem, SearchReply, SearchRequest } from './search-protocol.ts';

const login = (name: string, path: string, username: string, url: string, password: string): NewItem => ({
  name,
  path,
  tags: [],
  type: 'login',
  payload: {
    value: password,
    notes: `notes of ${name}`,
    fields: [
      { name: 'username', value: username, hidden: false },
      { name: 'url', value: url, hidden: false },
      { name: 'recovery code', value: 'rc-771-secret', hidden: true },
    ],
  },
});

/** Seals items as a user's client does and turns them into what the window hands the worker. */
function sealed(bulk: BulkItems, items: NewItem[], version = 1): SealedItem[] {
  return bulk.sealNew(items).map((s) => ({
    summary: summary(s.id, s.name, s.path, version),
    valueVersion: 1,
    value: s.value,
    wrappedKey: s.wrappedKey,
  }));
}

const summary = (id: string, name: string, path: string, version = 1): SecretSummary => ({
  id,
  name,
  path,
  tags: [],
  type: 'login',
  version,
  revision: version,
  updatedAt: '2026-01-01T00:00:00.000Z',
  deletedAt: null,
});

/** With a vault key (items wrapped under it) or without (items wrapped to the public key, older sessions). */
function worker(withVaultKey = true) {
  const keys = { ...generateUserKeyPair(), vaultKey: withVaultKey ? newVaultKey() : null };
  const bulk = new BulkItems(keys);
  const handle = searchIndexHandler();
  let ids = 0;
  const ask = (request: Record<string, unknown> & { kind: string }) =>
    handle({ ...request, id: ++ids } as SearchRequest) as SearchReply;
  const find = (query: string) => {
    const reply = ask({ kind: 'query', query, offset: 0, limit: 50 });
    if (!reply.ok || reply.kind !== 'found') throw new Error(`query failed: ${JSON.stringify(reply)}`);
    return reply;
  };
  const privateKey = keys.privateKey.slice();
  const vaultKey = keys.vaultKey?.slice() ?? null;
  handle({ kind: 'keys', publicKey: keys.publicKey.slice(), privateKey, vaultKey });
  return { bulk, ask, find, privateKey, vaultKey };
}

describe('the search index worker', () => {
  it.each([
    ['under the vault key', true],
    ['wrapped to the public key', false],
  ])('finds a secret (%s) by part of its username or of its URL, and says which field matched', (_, vk) => {
    const w = worker(vk);
    const items = sealed(w.bulk, [
      login('build server', '/ci', 'deploy-bot@acme.example', 'https://jenkins.acme.example/login', 'pw-1'),
      login('bank', '/home', 'alice', 'https://bank.example', 'pw-2'),
    ]);
    w.ask({ kind: 'put', items });
    const byUser = w.find('DEPLOY-BOT');
    expect(byUser.total).toBe(1);
    expect(byUser.matches[0]).toMatchObject({
      summary: { name: 'build server' },
      field: 'username',
      text: 'deploy-bot@acme.example',
    });
    const byUrl = w.find('  jenkins.acme ');
    expect(byUrl.matches.map((m) => [m.summary.name, m.field])).toEqual([['build server', 'url']]);
  });

  it('never searches the value, the notes or a hidden field', () => {
    const w = worker();
    w.ask({
      kind: 'put',
      items: sealed(w.bulk, [login('db', '/', 'ops', 'https://db.example', 'hunter2-pw')]),
    });
    expect(w.find('hunter2').total).toBe(0);
    expect(w.find('notes of').total).toBe(0);
    expect(w.find('rc-771').total).toBe(0);
  });

  it('leaves out what the server search already returns (name, folder or tag), so no row shows twice', () => {
    const w = worker();
    w.ask({
      kind: 'put',
      items: sealed(w.bulk, [
        login('github', '/ci', 'octo', 'https://github.com', 'a'),
        login('gitlab', '/ci', 'octo', 'https://gitlab.example', 'b'),
      ]),
    });
    // "github" is in the first one's name: the server returns it, so the index does not add it again.
    expect(w.find('github').total).toBe(0);
    expect(w.find('gitlab.example').matches.map((m) => m.summary.name)).toEqual(['gitlab']);
    expect(w.find('octo').total).toBe(2);
  });

  it('follows the server: a sync asks only for new or changed values and drops what is gone', () => {
    const w = worker();
    const [a, b] = sealed(w.bulk, [
      login('a', '/', 'user-a', 'https://a.example', '1'),
      login('b', '/', 'user-b', 'https://b.example', '2'),
    ]) as [SealedItem, SealedItem];
    w.ask({ kind: 'sync-begin' });
    const need = w.ask({ kind: 'sync-page', summaries: [a.summary, b.summary] });
    expect(need).toMatchObject({ kind: 'need', ids: [a.summary.id, b.summary.id] });
    w.ask({ kind: 'put', items: [a, b] });
    w.ask({ kind: 'sync-end' });
    expect(w.find('user-').total).toBe(2);

    // Next pass: a renamed (metadata only, no value to read), b gone.
    const renamed = { ...a.summary, name: 'a renamed', revision: 2 };
    w.ask({ kind: 'sync-begin' });
    expect(w.ask({ kind: 'sync-page', summaries: [renamed] })).toMatchObject({ kind: 'need', ids: [] });
    const end = w.ask({ kind: 'sync-end' });
    expect(end).toMatchObject({ kind: 'ack', stats: { indexed: 1, pending: 0 } });
    expect(w.find('user-').matches.map((m) => m.summary.name)).toEqual(['a renamed']);
  });

  it('leaves out a value that does not open, and keeps the rest searchable', () => {
    const w = worker();
    const [good] = sealed(w.bulk, [login('good', '/', 'kept-user', 'https://kept.example', '1')]);
    const other = worker();
    const [foreign] = sealed(other.bulk, [login('foreign', '/', 'kept-user-2', 'https://x.example', '2')]);
    const reply = w.ask({ kind: 'put', items: [good, foreign] });
    expect(reply).toMatchObject({ kind: 'ack', stats: { indexed: 1, unreadable: 1 } });
    expect(w.find('kept-user').matches.map((m) => m.summary.name)).toEqual(['good']);
  });

  it('forgets everything, the private and vault keys included, when the window locks', () => {
    const w = worker();
    w.ask({ kind: 'put', items: sealed(w.bulk, [login('x', '/', 'forget-me', 'https://f.example', '1')]) });
    expect(w.find('forget-me').total).toBe(1);
    w.ask({ kind: 'forget' });
    expect(w.find('forget-me').total).toBe(0);
    expect(w.privateKey.every((b) => b === 0)).toBe(true);
    expect(w.vaultKey?.every((b) => b === 0)).toBe(true);
    expect(w.ask({ kind: 'put', items: [] })).toMatchObject({ ok: false });
  });
});
