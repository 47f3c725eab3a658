// Bad requests get a clear 4xx, never a 500 and never a crash; TLS below 1.2 is refused; many clients at once.
import https from 'node:https';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpsTransport, KeyholdClient } from '../client/index.ts';
import { rawRequest } from './support/raw-request.ts';
import { initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await initAndLoginAdmin(t);
});
afterAll(async () => {
  await t.stop();
});

async function send(
  path: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) {
  const response = await t.fetch(`${t.server.url}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    body: JSON.parse(text) as { ok: boolean; error?: { code: string; message: string; field?: string } },
  };
}

describe('the HTTPS transport under bad input', () => {
  it.each([
    ['malformed JSON', '{"username": ', 400, 'invalid_json'],
    ['a JSON array', '[1,2]', 400, 'bad_request'],
    ['a wrong type', '{"username": 42}', 400, 'bad_request'],
    ['an unknown field', '{"username": "ann", "admin": true}', 400, 'bad_request'],
    ['a too-short name', '{"username": "a"}', 400, 'bad_request'],
  ])('%s → %i %s, naming the field where there is one', async (_what, body, status, code) => {
    const answer = await send('/v1/op/prelogin', body);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ ok: false, error: { code } });
    expect(answer.body.error?.message.length).toBeGreaterThan(5);
  });

  it('names the field that is wrong', async () => {
    const answer = await send('/v1/op/prelogin', '{"username": 42}');
    expect(answer.body.error).toMatchObject({
      field: 'username',
      message: expect.stringMatching(/^username: /),
    });
  });

  it('refuses an oversized body with 413', async () => {
    const answer = await send('/v1/op/prelogin', JSON.stringify({ username: 'x'.repeat(3 * 1024 * 1024) }));
    expect(answer).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const answer = await send('/v1/op/prelogin', 'username=ann', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(answer).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
  });

  it('refuses an unknown operation or path with 404', async () => {
    expect(await send('/v1/op/dropTables', '{}')).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_operation' } },
    });
    expect(await send('/v1/op/__proto__', '{}')).toMatchObject({ status: 404 });
    expect(await send('/nowhere', '{}')).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_operation' } },
    });
  });

  it('refuses a session operation without a token with 401', async () => {
    expect(await send('/v1/op/listSecrets', '{}')).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthenticated' } },
    });
    const forged = await rawRequest(t, '/v1/op/listSecrets', {
      as: { token: 'A'.repeat(43), opNumber: 0 },
      body: {},
    });
    expect(forged.status).toBe(401);
  });

  it('is still serving after all of that', async () => {
    const response = await t.fetch(`${t.server.url}/v1/status`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // Every answer, errors included, carries the headers that keep it out of caches, frames and sniffing.
    const refused = await t.fetch(`${t.server.url}/v1/op/readSecret`, { method: 'POST', body: '{' });
    for (const answer of [response, refused]) {
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        headers[name] = value;
      });
      expect(headers).toMatchObject({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'strict-transport-security': 'max-age=31536000',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-security-policy': expect.stringContaining("default-src 'none'"),
        // Cross-origin isolated, so the window may share memory with its search worker.
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
    }
  });

  it('refuses TLS below 1.2', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = https.request(
        `${t.server.url}/v1/status`,
        { ca: t.server.caCertPem, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' },
        () => resolve('connected'),
      );
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      req.end();
    });
    expect(outcome).not.toBe('connected');
  });

  it('serves 100 concurrent clients, each on its own connection', async () => {
    // Each client has its own connection pool, whose connector notes the local port of each TLS connection
    // it opens: distinct ports are distinct TCP connections (all kept alive until the pools close).
    const agents: Agent[] = [];
    const clients = Array.from({ length: 100 }, () => {
      const ports: number[] = [];
      const connect = buildConnector({ ca: t.server.caCertPem });
      const agent = new Agent({
        connect: (options, callback) =>
          connect(options, (...result) => {
            if (result[1]?.localPort) ports.push(result[1].localPort);
            callback(...result);
          }),
      });
      agents.push(agent);
      const fetch = ((input: string | URL, init?: RequestInit) =>
        undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
      return { ports, client: new KeyholdClient(createHttpsTransport({ baseUrl: t.server.url, fetch })) };
    });
    try {
      const answers = await Promise.all(clients.map(({ client }) => client.call('status', {})));
      expect(answers.filter((a) => a.ok)).toHaveLength(100);
      expect(clients.map(({ ports }) => ports.length)).toEqual(clients.map(() => 1));
      expect(new Set(clients.flatMap(({ ports }) => ports)).size).toBe(100);
    } finally {
      await Promise.all(agents.map((agent) => agent.close()));
    }
  });
});
