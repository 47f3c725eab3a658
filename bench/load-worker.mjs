// The load generator's thread: keeps `connections` requests in flight for the duration, counts answers.
// Plain JavaScript because worker threads do not inherit tsx's loader on Node 20; its input is LoadOptions.
// With `writeEvery`, every n-th request of a connection creates a new secret instead, and the ids the
// server acknowledged are counted, so a test can check afterwards that none was lost. With `updates`, every
// request of a connection makes a new version of that connection's own secret.
import { randomBytes, randomUUID } from 'node:crypto';
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
let written = 0;
// Each session numbers its own operations; connections share sessions round-robin (`tokens`), so no
// session has more requests in flight than its replay window allows, as with many real clients.
const tokens = options.tokens ?? [null];
const opNumbers = tokens.map(() => 0);
const errorStatuses = {};
const latencies = [];
const started = performance.now();
const deadline = started + options.durationMs;

function createBody() {
  const id = randomUUID();
  return JSON.stringify({
    id,
    name: `load ${id}`,
    path: '/load',
    type: 'api_key',
    // Opaque to the server, like every end-to-end ciphertext.
    value: randomBytes(96).toString('base64'),
    wrappedKey: randomBytes(80).toString('base64'),
  });
}

// With `updates`, connection i changes secret ids[i] instead: a new version each time (check-and-set).
function updateBody(update) {
  return JSON.stringify({
    id: update.id,
    expectedVersion: update.version,
    value: randomBytes(96).toString('base64'),
  });
}

async function worker(_, connection) {
  const session = connection % tokens.length;
  const token = tokens[session];
  const update = options.updates
    ? { id: options.updates.ids[connection % options.updates.ids.length], version: 1 }
    : null;
  let n = 0;
  let made = 0;
  // A test asks for a number of requests whatever the machine's speed; the bench runs for the duration.
  const atLeast = options.minRequestsPerConnection ?? 0;
  while (performance.now() < deadline || made < atLeast) {
    made++;
    const headers = { ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.opNumberHeader) headers[options.opNumberHeader] = String(++opNumbers[session]);
    const write = update !== null || (options.writeEvery > 0 && ++n % options.writeEvery === 0);
    const t0 = performance.now();
    try {
      const response = await pool.request({
        method: 'POST',
        path: update ? options.updates.path : write ? options.writePath : options.path,
        headers,
        body: update ? updateBody(update) : write ? createBody() : options.body,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) {
        errors++;
        errorStatuses[response.statusCode] = (errorStatuses[response.statusCode] ?? 0) + 1;
      } else if (update) {
        update.version = JSON.parse(text).value.version;
        written++;
      } else if (write) written++;
    } catch {
      errors++;
      errorStatuses.network = (errorStatuses.network ?? 0) + 1;
    }
    latencies.push(performance.now() - t0);
    requests++;
  }
}

await Promise.all(Array.from({ length: options.connections }, worker));
const seconds = (performance.now() - started) / 1000;
await pool.close();
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
parentPort?.postMessage({
  requests,
  errors,
  errorStatuses,
  written,
  seconds,
  perSecond: requests / seconds,
  p50: at(0.5),
  p99: at(0.99),
});
