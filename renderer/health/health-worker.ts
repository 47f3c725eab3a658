// Entry of the window's password-health worker (built as assets/health-worker.js): the vault is opened and
// scored here, so zxcvbn over a hundred thousand passwords never blocks the window.

import type { HealthRequest } from './health-protocol.ts';
import { healthWorkerHandler } from './health-worker-core.ts';

const handle = healthWorkerHandler((reply) => self.postMessage(reply));
// One request at a time, in order: a report asked after a page is computed over that page too.
let queue = Promise.resolve();

self.addEventListener('message', (event: MessageEvent<HealthRequest>) => {
  const request = event.data;
  queue = queue.then(() => handle(request));
});
