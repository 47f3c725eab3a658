// Slow and greedy clients against a real server: connections that never finish their headers (or never
// start TLS) are closed by the server's own timeouts, and connections past the cap per address, or in
// all, are refused while another address is still served.
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
const held: net.Socket[] = [];

beforeAll(async () => {
  // Short timeouts through the test option; the defaults are seconds (connection-guard.ts).
  t = await startTestServer({
    connectionTimeouts: { headersMs: 400, requestMs: 800, handshakeMs: 400, idleMs: 2000, checkEveryMs: 50 },
  });
  await initAndLoginAdmin(t);
}, 60_000);

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await t?.stop();
});

interface Opened {
  socket: tls.TLSSocket;
  /** Resolves, once the connection is closed, with what the server sent on it. */
  closed: Promise<string>;
}

/**
 * A TLS connection from `localAddress`: resolves once the handshake is over (having sent `firstBytes`, if
 * any, at once), rejects if it never is. What the server sends is collected from the start, so a close
 * that comes before the test looks is not missed.
 */
function connect(
  localAddress = '127.0.0.1',
  port = t.server.port,
  ca = t.server.caCertPem,
  firstBytes?: string,
): Promise<Opened> {
  return new Promise((resolve, reject) => {
    // From a chosen source address: the TCP connection first, TLS over it.
    const tcp = net.connect({ host: '127.0.0.1', port, localAddress });
    tcp.on('error', () => undefined);
    held.push(tcp);
    const socket = tls.connect({ socket: tcp, ca, servername: 'localhost' }, () => {
      if (firstBytes) socket.write(firstBytes);
      resolve({ socket, closed });
    });
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    const closed = new Promise<string>((done) => socket.once('close', () => done(received)));
    socket.on('error', reject);
    void closed.then(() => reject(new Error('closed before the handshake was over')));
    held.push(socket);
  });
}

/** Resolves with what the server sent before it closed the connection. */
function closedByServer(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(received));
  });
}

/** Half a request: the headers never end (no blank line), as a slow-loris client sends them. */
const SLOW_HEADERS = 'GET /v1/status HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n';

describe('slow clients', () => {
  it('40 connections that never finish their headers are all closed by the server’s headers timeout', async () => {
    const opened = await Promise.all(
      Array.from({ length: 40 }, () => connect(undefined, undefined, undefined, SLOW_HEADERS)),
    );
    const answers = await Promise.all(opened.map((o) => o.closed));
    // Each was told why (408) and closed; none was ever answered.
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).not.toMatch(/200 OK/);
    }
    // The server still serves everyone else.
    expect((await t.client().call('status', {})).ok).toBe(true);
  });

  it('connections that finish the handshake and then say nothing are closed as soon', async () => {
    const opened = await Promise.all(Array.from({ length: 10 }, () => connect()));
    const answers = await Promise.all(opened.map((o) => o.closed));
    // All closed (the waits above end only so), none served: at most told 408 (node's own check may come
    // first, when its clock started with the connection).
    expect(answers).toHaveLength(10);
    for (const answer of answers) expect(answer === '' || answer.startsWith('HTTP/1.1 408 ')).toBe(true);
  });

  it('a connection that never starts TLS is closed by the handshake timeout', async () => {
    const raw = net.connect({ host: '127.0.0.1', port: t.server.port });
    held.push(raw);
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    expect(await closedByServer(raw)).toBe('');
  });
});

describe('connection caps', () => {
  let capped: TestServer;

  beforeAll(async () => {
    // Default timeouts here: the connections held open must outlive the test's own steps.
    capped = await startTestServer();
    const cappedAdmin = await initAndLoginAdmin(capped);
    await cappedAdmin.client.request('updateSettings', {
      patch: { network: { maxConnectionsPerAddress: 4, maxConnections: 16 } },
    });
  }, 60_000);

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await capped?.stop();
  });

  it('refuses connections past the cap per address while another address is served, and past the cap in all', async () => {
    const port = capped.server.port;
    const ca = capped.server.caCertPem;
    // The administrator's own connection comes from 127.0.0.1; these come from other loopback addresses.
    const first = await Promise.all(Array.from({ length: 4 }, () => connect('127.0.0.2', port, ca)));
    expect(first).toHaveLength(4);
    await expect(connect('127.0.0.2', port, ca)).rejects.toThrow();
    // Another address (127.0.0.3 is loopback too on Linux) still gets in.
    const opened: Opened[] = [];
    let refused = false;
    for (const address of ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6']) {
      for (let i = 0; i < 4 && !refused; i++) {
        const socket = await connect(address, port, ca).catch(() => null);
        if (socket) opened.push(socket);
        else refused = true;
      }
    }
    // 16 in all: 4 from 127.0.0.2, the administrator's (up to 4) from 127.0.0.1, the rest from here.
    expect(refused).toBe(true);
    expect(opened.length).toBeGreaterThanOrEqual(8);
    expect(opened.length).toBeLessThanOrEqual(12);
    expect(capped.logText()).toContain('connection refused: too many open connections');
  });
});
