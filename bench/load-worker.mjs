// The load generator's thread: keeps `connections` requests in flight for the duration, counts answers.
// Plain JavaScript because worker threads do not inherit tsx's loader on Node 20; its input is LoadOptions.
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';

const options = workerData;
const pool = new Pool(options.url, {
  connections: options.connections,
  pipelining: 1,
  connect: { ca: options.ca },
});
let requests = 0;
let errors = 0;
let opNumber = 0;
const started = performance.now();
const deadline = started + options.durationMs;

async function worker() {
  while (performance.now() < deadline) {
    const headers = options.opNumberHeader
      ? { ...options.headers, [options.opNumberHeader]: String(++opNumber) }
      : options.headers;
    try {
      const response = await pool.request({
        method: 'POST',
        path: options.path,
        headers,
        body: options.body,
      });
      await response.body.text();
      if (response.statusCode !== 200) errors++;
    } catch {
      errors++;
    }
    requests++;
  }
}

await Promise.all(Array.from({ length: options.connections }, worker));
const seconds = (performance.now() - started) / 1000;
await pool.close();
parentPort?.postMessage({ requests, errors, seconds, perSecond: requests / seconds });
