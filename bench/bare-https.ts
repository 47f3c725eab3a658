// The baselines: a bare Node HTTPS server answering fixed JSON, with the same certificate and TLS
// settings; and the same server committing one durable row per request before it answers.
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';

export interface BareOptions {
  key: string;
  cert: string;
  /**
   * A SQLite file: each request's row (a hash-sized record, like an audit entry) is committed in WAL
   * with synchronous=FULL before the answer, concurrent requests sharing one commit per turn of the
   * event loop. This is the floor of "an audit entry made durable before the answer" on this machine.
   */
  durableLog?: string;
}

export async function startBareHttps(
  options: BareOptions,
): Promise<{ url: string; close: () => Promise<void> }> {
  const body = JSON.stringify({
    ok: true,
    value: { id: '00000000-0000-4000-8000-000000000000', value: 'x'.repeat(120) },
  });
  const log = options.durableLog ? durableLog(options.durableLog) : null;
  const server = https.createServer(
    { key: options.key, cert: options.cert, minVersion: 'TLSv1.2', keepAliveTimeout: 65_000 },
    (req, res) => {
      req.resume();
      req.on('end', () => {
        const answer = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(body);
        };
        if (log) log.append(answer);
        else answer();
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
        server.close(() => {
          log?.close();
          resolve();
        });
      }),
  };
}

/**
 * One row per request, committed in groups the way Keyhold's audit writer gathers them: while a turn of
 * the event loop brought more requests, wait another turn (at most 8), then one transaction for all.
 */
function durableLog(file: string) {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table if not exists log (seq integer primary key, time text, hash text)');
  const insert = db.prepare('insert into log (time, hash) values (?, ?)');
  const commit = db.transaction((count: number) => {
    const time = new Date().toISOString();
    for (let i = 0; i < count; i++) insert.run(time, randomBytes(32).toString('hex'));
  });
  let waiting: (() => void)[] = [];
  return {
    append(done: () => void) {
      waiting.push(done);
      if (waiting.length > 1) return;
      const gather = (seen: number, turns: number) =>
        setImmediate(() => {
          if (waiting.length > seen && turns < 8) return gather(waiting.length, turns + 1);
          const batch = waiting;
          waiting = [];
          commit(batch.length);
          for (const answer of batch) answer();
        });
      gather(0, 0);
    },
    close: () => db.close(),
  };
}
