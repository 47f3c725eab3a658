// The shared-memory channel between the window and its search worker, with a real second thread: answers
// come within the asking call, a busy worker makes the ask give up (the caller then asks by message), and
// a late answer is never taken for the next question's.
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelClient, createChannel } from './search-channel.ts';

/** A worker thread serving the channel: it answers a query with its text reversed, after `delayMs` of work. */
async function serving(buffer: SharedArrayBuffer, delayMs: number): Promise<Worker> {
  const source = `
    const { workerData, parentPort } = require('node:worker_threads');
    // The module is TypeScript: tsx's loader, registered in this thread, reads it.
    import('tsx/esm/api').then(({ register }) => {
      register();
      return import(workerData.module);
    }).then(({ serveChannel }) => {
      serveChannel(workerData.buffer, (q) => {
        const until = Date.now() + workerData.delayMs;
        while (Date.now() < until) {}
        return { total: q.limit, matches: [{ summary: null, field: q.query.split('').reverse().join(''), text: q.scope }] };
      });
      parentPort.postMessage('serving');
      // Kept alive as the window's worker is (by its message listener): a pending wait holds no thread open.
      parentPort.on('message', () => {});
    });`;
  const thread = new Worker(source, {
    eval: true,
    workerData: { buffer, delayMs, module: new URL('./search-channel.ts', import.meta.url).href },
  });
  await new Promise((resolve, reject) => {
    thread.once('message', resolve);
    thread.once('error', reject);
  });
  return thread;
}

let worker: Worker | null = null;
afterEach(async () => {
  await worker?.terminate();
  worker = null;
});

/** The first answer: the worker's wait on the channel may start a moment after it says it serves. */
function firstAnswer(client: ChannelClient) {
  return client.ask({ query: 'warm', scope: 'all', offset: 0, limit: 1 }, 2000);
}

describe('the search channel', () => {
  it('is not offered where the window is not cross-origin isolated', () => {
    expect(createChannel()).toBeNull();
  });

  it('answers within the asking call, each question with its own answer', async () => {
    const buffer = new SharedArrayBuffer(8 + 256 * 1024);
    worker = await serving(buffer, 0);
    const client = new ChannelClient(buffer);
    expect(firstAnswer(client)).not.toBeNull();
    for (const query of ['acct-1', 'acct-12', 'bank']) {
      const answer = client.ask({ query, scope: 'fields', offset: 0, limit: 7 }, 1000);
      expect(answer).toEqual({
        total: 7,
        matches: [{ summary: null, field: [...query].reverse().join(''), text: 'fields' }],
      });
    }
  });

  it('gives up on a busy worker, and never takes its late answer for the next question', async () => {
    const buffer = new SharedArrayBuffer(8 + 256 * 1024);
    worker = await serving(buffer, 0);
    const client = new ChannelClient(buffer);
    expect(firstAnswer(client)).not.toBeNull();
    await worker.terminate();
    // Now a worker that takes 200 ms per answer.
    worker = await serving(buffer, 200);
    expect(client.ask({ query: 'slow', scope: 'all', offset: 0, limit: 1 }, 5)).toBeNull();
    // The worker may still be working on "slow": a question meanwhile is not asked (null), and once its
    // late answer is in, the next question gets its own answer, not "wols".
    const until = Date.now() + 5000;
    let answer = null;
    while (!answer && Date.now() < until)
      answer = client.ask({ query: 'next', scope: 'all', offset: 0, limit: 1 }, 400);
    expect(answer?.matches[0]?.field).toBe('txen');
  });
});
