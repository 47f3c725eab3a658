// The baseline: a bare Node HTTPS server answering fixed JSON, with the same certificate and TLS settings.
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export async function startBareHttps(tls: {
  key: string;
  cert: string;
}): Promise<{ url: string; close: () => Promise<void> }> {
  const body = JSON.stringify({
    ok: true,
    value: { id: '00000000-0000-4000-8000-000000000000', value: 'x'.repeat(120) },
  });
  const server = https.createServer(
    { key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2', keepAliveTimeout: 65_000 },
    (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
