// The search index's worker body with real keys and real sealed items: what it finds, what it never holds.
import { describe, expect, it } from 'vitest';
import { BulkItems, type NewItem } from '../../../client/bulk-items.ts';
import { generateUserKeyPair, newVaultKey } from '../../../client/crypto/index.ts';
import type { BulkReply, WorkerPort } from '../../../client/workers/bulk-protocol.ts';
import { bulkWorkerHandler } from '../../../client/workers/bulk-worker-core.ts';
import type { SecretSummary } from '../../../contract/index.ts';
import { SecretIndex } from '../../../server/secrets/secret-index.ts';
import type { SecretRecord } from '../../../server/secrets/secrets-repo.ts';
import { searchIndexHandler } from './search-index-core.ts';
import type { QueryScope, SealedItem, SearchReply, SearchRequest } from './search-protocol.ts';

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

/**
 * Decrypt workers in this process, speaking the same protocol as the window's nested Web Workers and the
 * command's worker threads (messages copied by structured clone); `hold` keeps their answers back.
 */
function decryptWorkers(count: number) {
  let held: (() => void)[] | null = null;
  const ports: WorkerPort[] = Array.from({ length: count }, () => {
    const handle = bulkWorkerHandler();
    let listener: ((reply: BulkReply) => void) | undefined;
    return {
      postMessage(message) {
        const request = structuredClone(message);
        const run = () => {
          const reply = handle(request);
          if (reply) listener?.(structuredClone(reply));
        };
        if (held) held.push(run);
        else setImmediate(run);
      },
      onMessage: (l) => {
        listener = l;
      },
      onError: () => undefined,
      terminate: () => undefined,
    };
  });
  return {
    ports,
    hold: () => {
      held ??= [];
    },
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const run of waiting) setImmediate(run);
    },
  };
}

/**
 * With a vault key (items wrapped under it) or without (items wrapped to the public key, older sessions);
 * values opened on two decrypt workers, or in the index itself (where nested workers are unavailable).
 */
function worker(withVaultKey = true, options: { decrypt?: boolean } = {}) {
  const keys = { ...generateUserKeyPair(), vaultKey: withVaultKey ? newVaultKey() : null };
  const bulk = new BulkItems(keys);
  const decrypt = decryptWorkers(2);
  let deferred: (() => void)[] = [];
  const handle = searchIndexHandler({
    ...(options.decrypt !== false && { startPool: (k) => new BulkItems(k).inWorkers(decrypt.ports) }),
    defer: (run) => deferred.push(run),
  });
  const waiting = new Map<number, (reply: SearchReply) => void>();
  const send = (reply: SearchReply) => waiting.get(reply.id)?.(reply);
  let ids = 0;
  /** Sends a request; queries wait for runQueries(). */
  const post = (request: Record<string, unknown> & { kind: string }): Promise<SearchReply> => {
    const id = ++ids;
    const replied = new Promise<SearchReply>((resolve) => waiting.set(id, resolve));
    handle({ ...request, id } as SearchRequest, send);
    return replied;
  };
  const runQueries = () => {
    const runs = deferred;
    deferred = [];
    for (const run of runs) run();
  };
  const ask = (request: Record<string, unknown> & { kind: string }) => {
    const replied = post(request);
    runQueries();
    return replied;
  };
  const find = async (query: string, scope: QueryScope = 'fields', offset = 0, limit = 50) => {
    const reply = await ask({ kind: 'query', query, offset, limit, scope });
    if (!reply.ok || reply.kind !== 'found') throw new Error(`query failed: ${JSON.stringify(reply)}`);
    return reply;
  };
  const privateKey = keys.privateKey.slice();
  const vaultKey = keys.vaultKey?.slice() ?? null;
  handle({ kind: 'keys', publicKey: keys.publicKey.slice(), privateKey, vaultKey }, send);
  /** A message that has no answer (forget, cancel). */
  const tell = (request: SearchRequest) => handle(request, send);
  return { bulk, ask, post, tell, runQueries, find, privateKey, vaultKey, decrypt };
}

describe('the search index worker', () => {
  it.each([
    ['under the vault key, opened on decrypt workers', true, true],
    ['wrapped to the public key, opened on decrypt workers', false, true],
    ['under the vault key, opened in the index itself', true, false],
  ])(
    'finds a secret (%s) by part of its username or of its URL, and says which field matched',
    async (_, vk, decrypt) => {
      const w = worker(vk, { decrypt });
      const items = sealed(w.bulk, [
        login('build server', '/ci', 'deploy-bot@acme.example', 'https://jenkins.acme.example/login', 'pw-1'),
        login('bank', '/home', 'alice', 'https://bank.example', 'pw-2'),
      ]);
      await w.ask({ kind: 'put', items });
      const byUser = await w.find('DEPLOY-BOT');
      expect(byUser.total).toBe(1);
      expect(byUser.matches[0]).toMatchObject({
        summary: { name: 'build server' },
        field: 'username',
        text: 'deploy-bot@acme.example',
      });
      const byUrl = await w.find('  jenkins.acme ');
      expect(byUrl.matches.map((m) => [m.summary.name, m.field])).toEqual([['build server', 'url']]);
    },
  );

  it('never searches the value, the notes or a hidden field', async () => {
    const w = worker();
    await w.ask({
      kind: 'put',
      items: sealed(w.bulk, [login('db', '/', 'ops', 'https://db.example', 'hunter2-pw')]),
    });
    expect((await w.find('hunter2')).total).toBe(0);
    expect((await w.find('notes of')).total).toBe(0);
    expect((await w.find('rc-771')).total).toBe(0);
  });

  it('leaves out what the server search already returns (name, folder or tag), so no row shows twice', async () => {
    const w = worker();
    await w.ask({
      kind: 'put',
      items: sealed(w.bulk, [
        login('github', '/ci', 'octo', 'https://github.com', 'a'),
        login('gitlab', '/ci', 'octo', 'https://gitlab.example', 'b'),
      ]),
    });
    // "github" is in the first one's name: the server returns it, so the index does not add it again.
    expect((await w.find('github')).total).toBe(0);
    expect((await w.find('gitlab.example')).matches.map((m) => m.summary.name)).toEqual(['gitlab']);
    expect((await w.find('octo')).total).toBe(2);
  });

  it('follows the server: a sync asks only for new or changed values and drops what is gone', async () => {
    const w = worker();
    const [a, b] = sealed(w.bulk, [
      login('a', '/', 'user-a', 'https://a.example', '1'),
      login('b', '/', 'user-b', 'https://b.example', '2'),
    ]) as [SealedItem, SealedItem];
    await w.ask({ kind: 'sync-begin' });
    const need = await w.ask({ kind: 'sync-page', summaries: [a.summary, b.summary] });
    expect(need).toMatchObject({ kind: 'need', ids: [a.summary.id, b.summary.id] });
    await w.ask({ kind: 'put', items: [a, b] });
    await w.ask({ kind: 'sync-end' });
    expect((await w.find('user-')).total).toBe(2);

    // Next pass: a renamed (metadata only, no value to read), b gone.
    const renamed = { ...a.summary, name: 'a renamed', revision: 2 };
    await w.ask({ kind: 'sync-begin' });
    expect(await w.ask({ kind: 'sync-page', summaries: [renamed] })).toMatchObject({ kind: 'need', ids: [] });
    const end = await w.ask({ kind: 'sync-end' });
    expect(end).toMatchObject({ kind: 'ack', stats: { indexed: 1, pending: 0 } });
    expect((await w.find('user-')).matches.map((m) => m.summary.name)).toEqual(['a renamed']);
  });

  it('leaves out a value that does not open, and keeps the rest searchable', async () => {
    const w = worker();
    const [good] = sealed(w.bulk, [login('good', '/', 'kept-user', 'https://kept.example', '1')]);
    const other = worker();
    const [foreign] = sealed(other.bulk, [login('foreign', '/', 'kept-user-2', 'https://x.example', '2')]);
    const reply = await w.ask({ kind: 'put', items: [good, foreign] });
    expect(reply).toMatchObject({ kind: 'ack', stats: { indexed: 1, unreadable: 1 } });
    expect((await w.find('kept-user')).matches.map((m) => m.summary.name)).toEqual(['good']);
  });

  it('forgets everything, the private and vault keys included, when the window locks', async () => {
    const w = worker();
    await w.ask({
      kind: 'put',
      items: sealed(w.bulk, [login('x', '/', 'forget-me', 'https://f.example', '1')]),
    });
    expect((await w.find('forget-me')).total).toBe(1);
    w.tell({ kind: 'forget' });
    expect((await w.find('forget-me')).total).toBe(0);
    expect(w.privateKey.every((b) => b === 0)).toBe(true);
    expect(w.vaultKey?.every((b) => b === 0)).toBe(true);
    expect(await w.ask({ kind: 'put', items: [] })).toMatchObject({ ok: false });
  });

  it('answers a query while values are still being opened on the decrypt workers', async () => {
    const w = worker();
    await w.ask({
      kind: 'put',
      items: sealed(w.bulk, [login('a', '/', 'early-user', 'https://a.example', '1')]),
    });
    w.decrypt.hold();
    const opening = w.ask({
      kind: 'put',
      items: sealed(w.bulk, [login('b', '/', 'late-user', 'https://b.example', '2')]),
    });
    let opened = false;
    void opening.then(() => {
      opened = true;
    });
    // The first value is searchable, the second not yet: the query did not wait behind its opening.
    expect((await w.find('-user')).matches.map((m) => m.summary.name)).toEqual(['a']);
    expect(opened).toBe(false);
    w.decrypt.release();
    expect(await opening).toMatchObject({ kind: 'ack', stats: { indexed: 2, pending: 0 } });
    expect((await w.find('-user')).matches.map((m) => m.summary.name)).toEqual(['a', 'b']);
  });

  it('never runs a query cancelled before its turn, and still answers the queries after it', async () => {
    const w = worker();
    await w.ask({
      kind: 'put',
      items: sealed(w.bulk, [login('a', '/', 'stale-user', 'https://a.example', '1')]),
    });
    const stale = w.post({ kind: 'query', query: 'st', offset: 0, limit: 50, scope: 'fields' });
    const current = w.post({ kind: 'query', query: 'stale-u', offset: 0, limit: 50, scope: 'fields' });
    // The window gave up on the first (the person typed on) before the index got to it.
    w.tell({ kind: 'cancel', ids: [1 + 1] });
    w.runQueries();
    expect(await stale).toEqual({ id: 2, ok: true, kind: 'cancelled' });
    expect(await current).toMatchObject({ kind: 'found', total: 1 });
  });

  it('finds, while a person types on and backspaces, exactly what a search from scratch finds', async () => {
    const w = worker();
    await w.ask({
      kind: 'put',
      items: sealed(w.bulk, [
        // Its name holds "ban" but not "bank-t": left out for the first, found by its username for the second.
        login('banner', '/', 'bank-teller', 'https://a.example', '1'),
        login('x', '/', 'bank-tom', 'https://b.example', '2'),
        login('y', '/', 'bob', 'https://bank-tally.example', '3'),
      ]),
    });
    const typed = ['b', 'ba', 'ban', 'bank', 'bank-', 'bank-t', 'bank-te', 'bank-t', 'bank-', 'ank-t'];
    const narrowed: string[][] = [];
    for (const text of typed) narrowed.push((await w.find(text)).matches.map((m) => m.summary.name));
    // What a scan of every entry finds for each text: the name, folder and tag rule of the server left out.
    const expected = typed.map((text) =>
      [
        ['banner', 'bank-teller', 'https://a.example'],
        ['x', 'bank-tom', 'https://b.example'],
        ['y', 'bob', 'https://bank-tally.example'],
      ]
        .filter(([name, user, url]) => `${user}\n${url}`.includes(text) && !`${name}\n/`.includes(text))
        .map(([name]) => name),
    );
    expect(narrowed).toEqual(expected);
    expect(narrowed[5]).toEqual(['banner', 'x', 'y']);
  });

  it('drops the values of an opening that was still running when the window locked', async () => {
    const w = worker();
    w.decrypt.hold();
    const opening = w.ask({
      kind: 'put',
      items: sealed(w.bulk, [login('a', '/', 'locked-user', 'https://a.example', '1')]),
    });
    w.tell({ kind: 'forget' });
    w.decrypt.release();
    await opening.catch(() => undefined);
    expect((await w.find('locked-user')).total).toBe(0);
  });
});

describe('name search in the window, once the index holds the whole vault', () => {
  const OWNER = 'owner-1';
  /** The server's record of a listed secret, as its in-memory index holds it. */
  const record = (s: SecretSummary): SecretRecord => ({
    id: s.id,
    ownerId: OWNER,
    name: s.name,
    path: s.path,
    tags: s.tags,
    type: s.type,
    version: s.version,
    metaVersion: s.revision,
    valueMetaVersion: s.revision,
    createdAt: s.updatedAt,
    updatedAt: s.updatedAt,
    deletedAt: null,
  });

  it("finds the rows the server's search finds, in the server's order, after the username and URL matches", async () => {
    const w = worker();
    // Names that sort differently by case, accents and folder; two secrets of one name; tags searched too.
    const items = sealed(w.bulk, [
      login('Bank', '/home', 'alice', 'https://bank.example', '1'),
      login('bank', '/home/old', 'bank-admin', 'https://old.example', '2'),
      login('BANK 2', '/', 'bob', 'https://second.example', '3'),
      login('Ärzte', '/home', 'doc', 'https://aerzte.example', '4'),
      login('zeta', '/ops/db', 'ops', 'https://db.example/bank', '5'),
      login('alpha', '/ops', 'alpha-user', 'https://alpha.example', '6'),
      login('bank', '/ops', 'ops', 'https://z.example', '7'),
    ]).map((item, i) => ({ ...item, summary: { ...item.summary, tags: i === 5 ? ['Tag-X', 'bank'] : [] } }));
    // One secret only listed, its value never opened (destroyed): still found by its name.
    const bare = summary('f0000000-0000-4000-8000-000000000099', 'bank vault', '/archive');
    await w.ask({ kind: 'sync-begin' });
    await w.ask({ kind: 'put', items });
    await w.ask({ kind: 'sync-page', summaries: [bare] });
    await w.ask({ kind: 'sync-end' });
    const server = new SecretIndex();
    server.load([...items.map((item) => record(item.summary)), record(bare)]);
    for (const typed of ['bank', 'BANK', ' ba ', 'a', '/ops', 'ops/db', 'tag-x', 'ä', 'nothing-here']) {
      const theirs = server.search(OWNER, { query: typed.trim(), limit: 100 });
      const names = await w.find(typed, 'names', 0, 100);
      expect(ids(names.matches), typed).toEqual(theirs.items.map((s) => s.id));
      expect(names.total, typed).toBe(theirs.total);
      expect(names.matches.every((m) => m.field === null)).toBe(true);
      // The whole answer: username and URL matches first (each once), then the same name matches.
      const fields = await w.find(typed, 'fields', 0, 100);
      const all = await w.find(typed, 'all', 0, 100);
      expect(ids(all.matches), typed).toEqual([...ids(fields.matches), ...theirs.items.map((s) => s.id)]);
      expect(all.total).toBe(fields.total + theirs.total);
      // A page across the seam between the two kinds of match.
      if (fields.total > 0 && theirs.total > 0) {
        const seam = await w.find(typed, 'all', fields.total - 1, 2);
        expect(ids(seam.matches)).toEqual(ids(all.matches).slice(fields.total - 1, fields.total + 1));
      }
    }
    // "bank" is in a username ("bank-admin") and a URL too, but those rows are found by name: listed once.
    expect((await w.find('bank', 'fields')).total).toBe(1);
  });

  it('finds a rename and forgets a deletion once the next pass lists them', async () => {
    const w = worker();
    const [a, b] = sealed(w.bulk, [
      login('payroll', '/hr', 'hr-bot', 'https://pay.example', '1'),
      login('wiki', '/eng', 'eng', 'https://wiki.example', '2'),
    ]) as [SealedItem, SealedItem];
    await w.ask({ kind: 'sync-begin' });
    await w.ask({ kind: 'put', items: [a, b] });
    await w.ask({ kind: 'sync-end' });
    expect(ids((await w.find('payroll', 'names')).matches)).toEqual([a.summary.id]);
    await w.ask({ kind: 'sync-begin' });
    await w.ask({ kind: 'sync-page', summaries: [{ ...a.summary, name: 'salaries', revision: 2 }] });
    await w.ask({ kind: 'sync-end' });
    expect((await w.find('payroll', 'names')).total).toBe(0);
    expect(ids((await w.find('salaries', 'names')).matches)).toEqual([a.summary.id]);
    expect((await w.find('wiki', 'names')).total).toBe(0);
  });
});

const ids = (matches: { summary: SecretSummary }[]) => matches.map((m) => m.summary.id);
