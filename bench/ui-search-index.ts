// The UI bench's part for the username and URL index: a vault of real sealed logins (the window must open
// every value), the index's first pass as the window records it, and the index worker's heap.
import type { BrowserContext, Page } from 'playwright-core';
import { startBulkWorkers } from '../cli/bulk-workers.ts';
import { collectVault } from '../client/export/collect-vault.ts';
import type { ImportRecord } from '../client/import/import-types.ts';
import { planImport, runImport } from '../client/import/importer.ts';
import type { VaultSession } from '../client/index.ts';

/** Names narrow by a tenfold per typed digit after "item-", usernames after "acct-"; neither holds the other. */
export const uiItem = (i: number) => ({
  name: `item-${i}`,
  path: `/team-${i % 100}/env-${i % 7}`,
  username: `acct-${i}@mail.test`,
  url: `https://svc-${i}.example.test`,
});

/**
 * Fills the vault through the import operations, sealed on worker threads like the command's import: every
 * value is a real end-to-end ciphertext with a username and a URL, so the window's index has to open it.
 */
export async function fillLogins(vault: VaultSession, n: number): Promise<void> {
  const records: ImportRecord[] = Array.from({ length: n }, (_, i) => {
    const item = uiItem(i);
    return {
      path: item.path,
      name: item.name,
      type: 'login',
      tags: [],
      payload: {
        value: `pw-${i}-not-searched`,
        notes: '',
        fields: [
          { name: 'username', value: item.username, hidden: false },
          { name: 'url', value: item.url, hidden: false },
        ],
      },
      source: `item ${i}`,
    };
  });
  const plan = await planImport(vault, records, 'skip');
  const pool = vault.bulk.inWorkers(startBulkWorkers());
  try {
    const result = await runImport(vault, plan, undefined, { parallel: pool });
    if (result.created !== n) throw new Error(`imported ${result.created} of ${n} logins`);
  } finally {
    pool.close();
  }
}

/**
 * The baseline for the index's first pass: the same vault listed, read and decrypted in Node on worker
 * threads (what the command's export does), in seconds' worth of ms, measured in the same run.
 */
export async function nodeDecryptAllMs(vault: VaultSession, n: number): Promise<number> {
  const pool = vault.bulk.inWorkers(startBulkWorkers());
  try {
    const started = performance.now();
    const all = await collectVault(vault, { parallel: pool });
    const ms = performance.now() - started;
    if (all.length !== n) throw new Error(`decrypted ${all.length} of ${n} logins`);
    return ms;
  } finally {
    pool.close();
  }
}

/** In every page before its scripts: keeps the window's long tasks (≥ 50 ms on the UI thread) as they come. */
export const RECORD_LONG_TASKS = `{
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask' });
}`;

/** The long tasks of the UI thread while the index's first pass ran: how many, and the longest (ms). */
export async function longTasksDuringBuild(page: Page): Promise<{ count: number; longestMs: number }> {
  return (await page.evaluate(`(() => {
    const build = performance.getEntriesByName(${JSON.stringify('keyhold:search-index-build')}).at(-1);
    const during = window.__longTasks.filter(([start, duration]) =>
      start + duration > build.startTime && start < build.startTime + build.duration);
    return { count: during.length, longestMs: Math.max(0, ...during.map(([, d]) => d)) };
  })()`)) as { count: number; longestMs: number };
}

/** The window's own record of the index's first pass (renderer/vault/search-index/search-index.ts). */
const BUILD_MEASURE = 'keyhold:search-index-build';

/** Waits for the index's first pass to finish in the page and returns how long it took (ms). */
export async function indexBuildMs(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    (name) => performance.getEntriesByName(name).at(-1)?.duration ?? null,
    BUILD_MEASURE,
    { timeout: 600_000, polling: 250 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * The index worker's JS heap after a full garbage collection, in MB: DevTools attaches to the page's
 * dedicated worker and asks it, as the Memory panel would.
 */
export async function workerHeapMb(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  try {
    const attached = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no worker to attach to')), 10_000);
      cdp.on('Target.attachedToTarget', (event) => {
        if (event.targetInfo.type !== 'worker') return;
        clearTimeout(timer);
        resolve(event.sessionId);
      });
    });
    const replies = new Map<number, (result: unknown) => void>();
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: unknown };
      if (message.id !== undefined) replies.get(message.id)?.(message.result);
    });
    await cdp.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    const sessionId = await attached;
    let next = 0;
    const call = (method: string) =>
      new Promise<unknown>((resolve) => {
        const id = ++next;
        replies.set(id, resolve);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
    await call('HeapProfiler.collectGarbage');
    const usage = (await call('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize / 1024 / 1024;
  } finally {
    await cdp.detach();
  }
}
