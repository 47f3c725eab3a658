// Entry of the window's password-health worker (built as assets/health-worker.js): the vault is opened here,
// so zxcvbn over a hundred thousand passwords never blocks the window. The same script, started by that
// worker under another name, is a scoring worker: it only scores the passwords it is sent (one per core).

import type { ScoreRequest } from '../../client/health/health-scoring.ts';
import { type ScorePort, scoreWorkerHandler } from '../../client/health/health-scoring.ts';
import type { HealthRequest } from './health-protocol.ts';
import { healthWorkerHandler } from './health-worker-core.ts';

const SCORER_NAME = 'keyhold-password-health-scorer';
/** At most four: scoring splits evenly, and the window and this worker are mostly idle meanwhile. */
const SCORERS = Math.min(4, Math.max(1, navigator.hardwareConcurrency || 1));

function startScorers(): ScorePort[] {
  return Array.from({ length: SCORERS }, () => {
    const worker = new Worker(self.location.href, { type: 'module', name: SCORER_NAME });
    return {
      postMessage: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
      onError: (listener) =>
        worker.addEventListener('error', () => listener(new Error('a password scoring worker stopped'))),
      terminate: () => worker.terminate(),
    } satisfies ScorePort;
  });
}

if (self.name === SCORER_NAME) {
  const score = scoreWorkerHandler();
  self.addEventListener('message', (event: MessageEvent<ScoreRequest>) => {
    void score(event.data).then((reply) => self.postMessage(reply));
  });
} else {
  const handle = healthWorkerHandler((reply) => self.postMessage(reply), startScorers);
  // One request at a time, in order: a report asked after a page is computed over that page too.
  let queue = Promise.resolve();
  self.addEventListener('message', (event: MessageEvent<HealthRequest>) => {
    const request = event.data;
    queue = queue.then(() => handle(request));
  });
}
