// Anonymous refusals against a real server do not grow the audit log without bound: thousands of bad
// requests from one address add a few entries, each repeated kind counted in one entry that names the
// address, the operation, the refusal code and the count, inside the hash chain, which still verifies.
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import {
  ADMIN,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

let t: TestServer;
let agent: Agent;

beforeAll(async () => {
  t = await startTestServer();
  await initAndLoginAdmin(t);
  agent = new Agent({ connect: { ca: t.server.caCertPem }, connections: 16 });
}, 60_000);

afterAll(async () => {
  await agent?.close();
  await t?.stop();
});

/** `count` requests, 16 at a time, each answered before the next of its lane starts; their statuses. */
async function flood(count: number, request: (i: number) => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) statuses.push(await request(next++));
    }),
  );
  return statuses;
}

const auditRows = async () => (await t.sqlRow<{ n: number }>('select count(*) as n from audit')).n;

describe('anonymous refusals', () => {
  it('1,000 bad requests add a bounded number of entries; the counts name address, reason and how many; the chain verifies', async () => {
    const before = await auditRows();
    const post = (path: string, headers: Record<string, string> = {}) =>
      undiciFetch(`${t.server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
        dispatcher: agent,
      }).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      });
    // A made-up session token on a real operation, and operation names made up on each request.
    const N = 500;
    const bogus = await flood(N, () =>
      post('/v1/op/listSecrets', { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
    );
    const unknown = await flood(N, (i) => post(`/v1/op/probe${i}`));
    expect(new Set(bogus)).toEqual(new Set([401]));
    expect(new Set(unknown)).toEqual(new Set([404]));

    // The minute ends (here: the server stops, which writes the counts before the store closes).
    let rows: { operation: string; address: string; code: string; target: string | null; status: string }[] =
      [];
    await t.restart(async () => {
      rows = await t.sql(
        'select operation, address, code, target, status from audit where seq > ? order by seq',
        before,
      );
    });
    // Per kind: the first ten as they happened, then one count. Without aggregation: one per request.
    expect(rows.length).toBeLessThanOrEqual(22);
    const ofKind = (operation: string) => rows.filter((row) => row.operation === operation);
    const counted = (operation: string) =>
      ofKind(operation).reduce(
        (sum, row) => sum + Number(/^repeated (\d+) more times since /.exec(row.target ?? '')?.[1] ?? 1),
        0,
      );
    expect(ofKind('listSecrets')).toHaveLength(11);
    expect(ofKind('listSecrets').at(-1)).toMatchObject({
      address: '127.0.0.1',
      code: 'unauthenticated',
      status: 'denied',
      target: expect.stringMatching(new RegExp(`^repeated ${N - 10} more times since \\d{4}-\\d\\d-\\d\\dT`)),
    });
    expect(counted('listSecrets')).toBe(N);
    // Made-up names share one count (a caller cannot make a key per name); the first ten keep their names.
    const probes = rows.filter((row) => row.operation.startsWith('unknown:'));
    expect(probes.map((row) => row.operation)).toEqual([
      ...Array.from({ length: 10 }, () => expect.stringMatching(/^unknown:probe\d+$/)),
      'unknown:*',
    ]);
    expect(probes[10]).toMatchObject({
      address: '127.0.0.1',
      code: 'unknown_operation',
      target: expect.stringMatching(new RegExp(`^repeated ${N - 10} more times since `)),
    });

    // The counts are in the hash chain: after unseal, the administrator verifies it whole.
    await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    const admin = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    const verified = await admin.client.request('verifyAudit', {});
    expect(verified).toMatchObject({ valid: true });
    expect(t.logText()).not.toContain('the audit chain does not match its seal');
  }, 120_000);
});
