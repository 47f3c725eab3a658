// keyhold through an HTTP proxy: HTTPS_PROXY (or https_proxy) sends every connection through a CONNECT
// tunnel, NO_PROXY names servers reached directly, and the pinned CA is checked inside the tunnel as on a
// direct connection. The proxy is a real one, a few lines of node:http here, counting the tunnels it opens.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VaultSession } from '../../client/vault-session.ts';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from '../support/test-server.ts';
import { type CliUser, cliUser } from './cli-harness.ts';

vi.setConfig({ testTimeout: 120_000 });

interface TinyProxy {
  url: string;
  /** The host:port of every tunnel asked for, in order. */
  tunnels: string[];
  /** Where tunnels really go; by default where they were asked to. */
  redirectTo: number | null;
  close(): Promise<void>;
}

async function startProxy(): Promise<TinyProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const proxy: TinyProxy = { url: '', tunnels, redirectTo: null, close: async () => {} };
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = new URL(`http://${req.url ?? ''}`);
    tunnels.push(req.url ?? '');
    sockets.add(client);
    const upstream = net.connect(proxy.redirectTo ?? Number(target.port), target.hostname, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', end);
    client.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

let t: TestServer;
let admin: VaultSession;
let proxy: TinyProxy;
let alice: { password: string };
const users: CliUser[] = [];

beforeAll(async () => {
  t = await startTestServer();
  admin = await initAndLoginAdmin(t);
  alice = await addUser(t, admin, 'alice');
  proxy = await startProxy();
});
afterAll(async () => {
  for (const user of users) user.cleanup();
  await proxy?.close();
  await t?.stop();
});

function freshCli(): CliUser {
  const cli = cliUser(t);
  users.push(cli);
  return cli;
}

const serverAuthority = () => new URL(t.server.url).host;

describe('keyhold through a proxy', () => {
  it('signs in, writes and lists through the CONNECT tunnel that HTTPS_PROXY names', async () => {
    const cli = freshCli();
    const env = { HTTPS_PROXY: proxy.url };
    const before = proxy.tunnels.length;
    const login = await cli.run(['login', '--server', t.server.url, '--ca', cli.caFile, '--user', 'alice'], {
      input: `${alice.password}\n`,
      env,
    });
    expect(login.code).toBe(0);
    expect(await cli.run(['put', '/proxied/key'], { input: 'through the tunnel', env })).toMatchObject({
      code: 0,
    });
    const listed = await cli.run(['ls', '/proxied', '--json'], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('key');
    const opened = proxy.tunnels.slice(before);
    // One command keeps its connection: at least one tunnel each, every one to the server.
    expect(opened.length).toBeGreaterThanOrEqual(3);
    expect(new Set(opened)).toEqual(new Set([serverAuthority()]));
  });

  it('takes the lower-case https_proxy too, and reads the CA through the proxy at the first meeting', async () => {
    const cli = freshCli();
    const before = proxy.tunnels.length;
    const { caFingerprint } = await import('../../cli/server-ca.ts');
    const login = await cli.run(
      [
        'login',
        '--server',
        t.server.url,
        '--ca-fingerprint',
        caFingerprint(t.server.caCertPem),
        '--user',
        'alice',
      ],
      { input: `${alice.password}\n`, env: { https_proxy: proxy.url } },
    );
    expect(login.code).toBe(0);
    // The unverified look at the CA, then the signed-in connection: both tunnelled.
    expect(proxy.tunnels.length - before).toBeGreaterThanOrEqual(2);
  });

  it('goes straight to a server that NO_PROXY names, with or without its port', async () => {
    const cli = freshCli();
    const host = new URL(t.server.url).hostname;
    const before = proxy.tunnels.length;
    for (const noProxy of [host, serverAuthority(), `example.org, ${host}`]) {
      const login = await cli.run(
        ['login', '--server', t.server.url, '--ca', cli.caFile, '--user', 'alice'],
        {
          input: `${alice.password}\n`,
          env: { HTTPS_PROXY: proxy.url, NO_PROXY: noProxy },
        },
      );
      expect(login.code).toBe(0);
    }
    expect(await cli.run(['ls'], { env: { HTTPS_PROXY: proxy.url, no_proxy: '*' } })).toMatchObject({
      code: 0,
    });
    expect(proxy.tunnels.length).toBe(before);
  });

  it('still checks the pinned CA inside the tunnel: a proxy that hands it another server is refused', async () => {
    const cli = freshCli();
    expect(
      await cli.run(['login', '--server', t.server.url, '--ca', cli.caFile, '--user', 'alice'], {
        input: `${alice.password}\n`,
      }),
    ).toMatchObject({ code: 0 });
    // Another Keyhold, with a CA of its own and a valid certificate for the same address.
    const impostor = await startTestServer();
    try {
      proxy.redirectTo = Number(new URL(impostor.server.url).port);
      const before = proxy.tunnels.length;
      const refused = await cli.run(['ls'], { env: { HTTPS_PROXY: proxy.url } });
      expect(proxy.tunnels.length).toBeGreaterThan(before);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('presented a certificate that is not from the CA pinned for it');
      expect(refused.stderr).toContain('nothing was sent');
    } finally {
      proxy.redirectTo = null;
      await impostor.stop();
    }
  });

  it('refuses a proxy it cannot use, naming the variable, before connecting', async () => {
    const cli = freshCli();
    const login = ['login', '--server', t.server.url, '--ca', cli.caFile, '--user', 'alice'];
    const before = proxy.tunnels.length;
    const socks = await cli.run(login, {
      input: `${alice.password}\n`,
      env: { HTTPS_PROXY: 'socks5://127.0.0.1:1080' },
    });
    expect(socks).toMatchObject({
      code: 2,
      stderr:
        'keyhold: HTTPS_PROXY: socks5 proxies are not supported; only http:// and https:// proxies are\n',
    });
    const withPassword = await cli.run(login, {
      input: `${alice.password}\n`,
      env: { HTTPS_PROXY: proxy.url.replace('http://', 'http://me:hunter22@') },
    });
    expect(withPassword.code).toBe(2);
    expect(withPassword.stderr).toContain(
      'HTTPS_PROXY: a user name or password in the proxy address is not supported',
    );
    expect(withPassword.stderr).not.toContain('hunter22');
    expect(proxy.tunnels.length).toBe(before);
  });

  it('says which proxy could not be used when it is not there', async () => {
    const cli = freshCli();
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await cli.run(['login', '--server', t.server.url, '--ca', cli.caFile, '--user', 'alice'], {
      input: `${alice.password}\n`,
      env: { HTTPS_PROXY: `http://127.0.0.1:${port}` },
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`the proxy 127.0.0.1:${port} could not be used`);
    expect(down.stderr).not.toContain(alice.password);
  });
});
