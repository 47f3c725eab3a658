// The UI in Chromium with many secrets: login done → first rows painted, search keystroke → updated
// results (by name, and by username through the window's own index), the renderer's heap, and the index's
// first pass and worker heap; at a large and a small vault in the same run, with their ratios.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { Agent, fetch as undiciFetch } from 'undici';
import { TEST_KDF_PARAMS } from '../client/crypto/index.ts';
import { createHttpsTransport, KeyholdClient, VaultSession } from '../client/index.ts';
import { buildRenderer } from '../scripts/build-renderer.mjs';
import { startKeyholdServer } from '../server/app.ts';
import { percentile } from './load.ts';
import {
  fillLogins,
  indexBuildMs,
  longTasksDuringBuild,
  nodeDecryptAllMs,
  RECORD_LONG_TASKS,
  uiItem,
  workerHeapMb,
} from './ui-search-index.ts';

const ADMIN = { username: 'ui-bench', displayName: 'UI Bench', password: 'ui bench password' };

export interface UiFigures {
  secrets: number;
  firstRowsMs: number;
  /** Medians of the sign-ins' parts. */
  firstRowsBreakdown: Omit<FirstRows, 'total'>;
  searchP50: number;
  searchP95: number;
  heapMb: number;
  keystrokes: number;
  /** Medians of the keystrokes' parts, and the long tasks seen while typing. */
  breakdown: Omit<Keystroke, 'total'>;
  /** The username and URL index: its first pass after sign-in, and its worker's heap once built. */
  indexBuildMs: number;
  indexHeapMb: number;
  /** The baseline: the same vault decrypted in Node on worker threads, in the same run. */
  nodeDecryptMs: number;
  /** Long tasks (≥ 50 ms) on the window's UI thread while the first pass ran, and the longest. */
  buildLongTasks: number;
  buildLongestTaskMs: number;
  /** Keystrokes of a username ("acct-…"), found only by the index. */
  userP50: number;
  userP95: number;
  userKeystrokes: number;
  userBreakdown: Omit<Keystroke, 'total'>;
}

async function measure(browser: Browser, webRoot: string, secrets: number): Promise<UiFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-ui-bench-'));
  const server = await startKeyholdServer({
    dataDir,
    port: 0,
    logLevel: 'warn',
    logDestination: { write: () => undefined },
    webRoot,
    synchronous: 'normal',
  });
  const agent = new Agent({ connect: { ca: server.caCertPem } });
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  const client = new KeyholdClient(createHttpsTransport({ baseUrl: server.url, fetch }));
  await VaultSession.initialize(client, {
    unseal: { method: 'passphrase', passphrase: 'ui bench unseal passphrase' },
    admin: ADMIN,
    kdf: TEST_KDF_PARAMS,
  });
  const admin = await VaultSession.login(client, ADMIN.username, ADMIN.password, 'cli');
  await fillLogins(admin, secrets);
  const nodeDecryptMs = await nodeDecryptAllMs(admin, secrets);
  await admin.logout();

  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
  });
  await context.addInitScript(RECORD_LONG_TASKS);
  const page = await context.newPage();
  try {
    // Signs in a few times (a fresh page each time: the session lives in memory only); the median counts.
    const firstRows: FirstRows[] = [];
    for (let i = 0; i < SIGN_INS; i++) {
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('User name').fill(ADMIN.username);
      await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
      await page.evaluate(WATCH_FIRST_ROWS);
      await page.getByRole('button', { name: 'Sign in' }).click();
      firstRows.push((await page.evaluate(AWAIT_PROBE)) as FirstRows);
    }

    // The heap with the list shown: once its first page is in and the count line shows the whole vault.
    await waitSettled(page, secrets);
    // Keystrokes are timed once the index has read the whole vault (its first pass is timed on its own).
    const buildMs = await indexBuildMs(page);
    const buildTasks = await longTasksDuringBuild(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const indexHeapMb = await workerHeapMb(context, page);

    const search = page.getByRole('searchbox', { name: 'Search secrets' });
    await search.focus();
    const typed = new Set<string>();
    // Warm-up round, not counted: the first search builds the server's search text and warms the JIT.
    await typeRound(page, NAME, '9876', secrets, typed);
    const keystrokes: Keystroke[] = [];
    for (let round = 0; keystrokes.length < KEYSTROKES; round++) {
      keystrokes.push(...(await typeRound(page, NAME, roundDigits(round), secrets, typed)));
    }
    const latencies = keystrokes.map((k) => k.total);
    await typeRound(page, USERNAME, '9876', secrets, typed);
    const userKeystrokes: Keystroke[] = [];
    for (let round = 0; userKeystrokes.length < KEYSTROKES; round++) {
      userKeystrokes.push(...(await typeRound(page, USERNAME, roundDigits(round), secrets, typed)));
    }
    const userLatencies = userKeystrokes.map((k) => k.total);
    return {
      secrets,
      firstRowsMs: median(firstRows, 'total'),
      firstRowsBreakdown: {
        toRequest: median(firstRows, 'toRequest'),
        request: median(firstRows, 'request'),
        toPaint: median(firstRows, 'toPaint'),
      },
      searchP50: percentile(latencies, 50),
      searchP95: percentile(latencies, 95),
      heapMb: heap.usedSize / 1024 / 1024,
      keystrokes: latencies.length,
      breakdown: breakdownOf(keystrokes),
      indexBuildMs: buildMs,
      indexHeapMb,
      nodeDecryptMs,
      buildLongTasks: buildTasks.count,
      buildLongestTaskMs: buildTasks.longestMs,
      userP50: percentile(userLatencies, 50),
      userP95: percentile(userLatencies, 95),
      userKeystrokes: userLatencies.length,
      userBreakdown: breakdownOf(userKeystrokes),
    };
  } finally {
    await context.close();
    await agent.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = <T>(rows: T[], key: { [K in keyof T]: T[K] extends number ? K : never }[keyof T]) =>
  percentile(
    rows.map((row) => row[key] as number),
    50,
  );

function breakdownOf(keystrokes: Keystroke[]): Omit<Keystroke, 'total'> {
  return {
    toRequest: median(keystrokes, 'toRequest'),
    request: median(keystrokes, 'request'),
    toDom: median(keystrokes, 'toDom'),
    toPaint: median(keystrokes, 'toPaint'),
    longTasks: keystrokes.reduce((n, k) => n + k.longTasks, 0),
    requests: keystrokes.filter((k) => k.requests > 0).length,
    withKey: keystrokes.filter((k) => k.withKey > 0).length,
  };
}

/** What a round types before its timed digits, and the text each secret is found by. */
interface Typed {
  prefix: string;
  textOf(i: number): string;
}
/** A name: the server's search (the index adds nothing, no username holds "item-"). */
const NAME: Typed = { prefix: 'item-', textOf: (i) => uiItem(i).name };
/** A username: the window's index alone (no name, folder or tag holds "acct-"). */
const USERNAME: Typed = { prefix: 'acct-', textOf: (i) => uiItem(i).username };

/** Sign-ins timed per vault size (login done → first rows painted): their median counts. */
const SIGN_INS = 5;

/** At least this many timed keystrokes per vault size. */
const KEYSTROKES = 64;

/** Four digits typed after "item-": each narrows the results about tenfold; the first digit cycles 1–9. */
function roundDigits(round: number): string {
  return [1 + (round % 9), (round * 7 + 3) % 10, (round * 3 + 1) % 10, (round * 9 + 5) % 10].join('');
}

// The in-page probes are plain source text: the TypeScript loader would otherwise wrap them in helpers
// that do not exist in the page. Each one leaves its promise in window.__probe, awaited by AWAIT_PROBE,
// so that the probe is in place before the click or key it times is sent.

/** One sign-in: login done → first rows painted, split at the first list page requested and answered. */
export interface FirstRows {
  total: number;
  /** Sections shown → the list's first page requested. */
  toRequest: number;
  /** The request (resource timing, start → response end). */
  request: number;
  /** Response end → first row in the DOM → two frames later. */
  toPaint: number;
}

/** In the page: from the signed-in shell appearing to the first rows painted (two frames later). */
const WATCH_FIRST_ROWS = `{
  performance.clearResourceTimings();
  window.__probe = new Promise((resolve, reject) => {
    let t0 = null;
    const timer = setTimeout(() => reject(new Error('no rows after signing in')), 60000);
    const observer = new MutationObserver(() => {
      if (t0 === null && document.querySelector('nav[aria-label="Sections"]')) t0 = performance.now();
      if (t0 !== null && document.querySelector('[role="listbox"] [role="option"]')) {
        observer.disconnect();
        clearTimeout(timer);
        const start = t0;
        requestAnimationFrame(() => requestAnimationFrame(() => {
          const end = performance.now();
          const list = performance.getEntriesByType('resource').find((e) => e.name.includes('/v1/op/listSecrets'));
          const sent = list ? list.startTime : start;
          const answered = list ? list.responseEnd : start;
          resolve({ total: end - start, toRequest: sent - start, request: answered - sent, toPaint: end - answered });
        }));
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
  true;
}`;

/** In the page: reads the list's state, the count line as a number. */
const LIST_STATE = `const listState = () => {
  const count = document.querySelector('.list-count')?.textContent ?? '';
  const list = document.querySelector('[role="listbox"]');
  const first = list?.querySelector('[role="option"]')?.textContent ?? null;
  return { count: Number(count.replace(/\\D/g, '')), busy: list?.getAttribute('aria-busy') === 'true', first };
};`;

/** One timed keystroke, split at the search request sent and answered and the DOM updated. */
export interface Keystroke {
  total: number;
  /**
   * keydown → the search request sent (React renders, react-query); when the window's index answered the
   * whole search (no request), keydown → the DOM showing the results, and `request` and `toDom` are 0.
   */
  toRequest: number;
  /** The request on the wire and in the server (resource timing, start → response end). */
  request: number;
  /** Response end → the DOM showing the new results (JSON, react-query, React render). */
  toDom: number;
  /** DOM updated → two animation frames later (≈ painted). */
  toPaint: number;
  /** Main-thread long tasks (≥ 50 ms) during the keystroke. */
  longTasks: number;
  /** Search requests sent to the server during the keystroke (0 when the window's index answered). */
  requests: number;
  /** 1 when the results were in the DOM before the first animation frame after the key (drawn with it). */
  withKey: number;
}

/**
 * In the page: from the keydown (capture phase) to the count line showing the expected total with the
 * list no longer busy and its first row matching the query (or no rows for no match), painted.
 */
const watchKeystroke = (query: string, expected: number) => `{
  ${LIST_STATE}
  const query = ${JSON.stringify(query)};
  const expected = ${expected};
  const input = document.getElementById('vault-search');
  const updated = () => {
    const s = listState();
    return s.count === expected && !s.busy && (expected === 0 ? s.first === null : (s.first ?? '').includes(query));
  };
  performance.clearResourceTimings();
  window.__probe = new Promise((resolve, reject) => {
    let t0 = 0;
    let longTasks = 0;
    let framed = false;
    const tasks = new PerformanceObserver((list) => { longTasks += list.getEntries().length; });
    const observer = new MutationObserver(() => {
      if (updated()) {
        observer.disconnect();
        clearTimeout(timer);
        const tDom = performance.now();
        const withKey = framed ? 0 : 1;
        requestAnimationFrame(() => requestAnimationFrame(() => {
          const tPaint = performance.now();
          tasks.disconnect();
          const requests = performance.getEntriesByType('resource')
            .filter((e) => e.name.includes('/v1/op/searchSecrets') && e.startTime >= t0);
          const last = requests.at(-1);
          const start = last ? last.startTime : tDom;
          const end = last ? last.responseEnd : tDom;
          resolve({ total: tPaint - t0, toRequest: start - t0, request: end - start, toDom: tDom - end, toPaint: tPaint - tDom, longTasks, requests: requests.length, withKey });
        }));
      }
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      tasks.disconnect();
      reject(new Error('no update for ' + query + ' (expected ' + expected + '): ' + JSON.stringify(listState())));
    }, 20000);
    input.addEventListener('keydown', () => {
      t0 = performance.now();
      requestAnimationFrame(() => { framed = true; });
      tasks.observe({ type: 'longtask' });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    }, { once: true, capture: true });
  });
  true;
}`;

const AWAIT_PROBE = 'window.__probe';

/** Waits until the list shows `expected` in its count line and has stayed not busy for ten frames. */
async function waitSettled(page: Page, expected: number): Promise<void> {
  await page.evaluate(`new Promise((resolve, reject) => {
    ${LIST_STATE}
    let calm = 0;
    const timer = setTimeout(() => {
      reject(new Error('the list did not settle at ${expected}: ' + JSON.stringify(listState())));
    }, 60000);
    const check = () => {
      const s = listState();
      calm = s.count === ${expected} && !s.busy && s.first !== null ? calm + 1 : 0;
      if (calm >= 10) {
        clearTimeout(timer);
        resolve(true);
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

/** How many of the n secrets' names (or usernames) contain the query: what the count line must then show. */
function expectedCount(typed: Typed, query: string, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (typed.textOf(i).includes(query)) count++;
  return count;
}

/**
 * One round: clear the box, enter the prefix ("item-" or "acct-") untimed, then type the digits one key at a
 * time, each timed in the page until its results are painted. Only queries not typed before in this vault
 * count, so react-query's cache never answers a timed keystroke.
 */
async function typeRound(
  page: Page,
  kind: Typed,
  digits: string,
  secrets: number,
  typed: Set<string>,
): Promise<Keystroke[]> {
  const search = page.getByRole('searchbox', { name: 'Search secrets' });
  await page.keyboard.press('Escape');
  await waitSettled(page, secrets);
  await search.fill(kind.prefix);
  await waitSettled(page, secrets);
  const latencies: Keystroke[] = [];
  for (let k = 1; k <= digits.length; k++) {
    const query = `${kind.prefix}${digits.slice(0, k)}`;
    await page.evaluate(watchKeystroke(query, expectedCount(kind, query, secrets)));
    await page.keyboard.type(digits[k - 1] as string);
    const keystroke = (await page.evaluate(AWAIT_PROBE)) as Keystroke;
    if (!typed.has(query)) latencies.push(keystroke);
    typed.add(query);
  }
  return latencies;
}

export async function runUiBench(quick: boolean): Promise<{ large: UiFigures; small: UiFigures }> {
  // KEYHOLD_UI_WEBROOT: measure another build of the web UI (e.g. a change under test) instead of building.
  const webRoot = process.env.KEYHOLD_UI_WEBROOT ?? (await buildRenderer({ kdfFloor: 'test' }));
  const browser = await chromium.launch({
    executablePath: process.env.KEYHOLD_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const large = await measure(browser, webRoot, quick ? 20_000 : 100_000);
    const small = await measure(browser, webRoot, 1_000);
    return { large, small };
  } finally {
    await browser.close();
  }
}

export function printUiBench({ large, small }: { large: UiFigures; small: UiFigures }): void {
  const n = (v: number, d = 0) =>
    v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const row = (label: string, a: number, b: number, unit: string, target: string, d = 0) =>
    console.log(
      `   ${label.padEnd(34)}: ${n(a, d)} ${unit} vs ${n(b, d)} ${unit}   ratio ${n(a / b, 2)}${target ? `   (${target})` : ''}`,
    );
  console.log(
    `4. The UI in Chromium (${n(large.secrets)} vs ${n(small.secrets)} secrets; ${large.keystrokes} timed keystrokes each)`,
  );
  row(
    'login done → first rows painted',
    large.firstRowsMs,
    small.firstRowsMs,
    'ms',
    'target < 1,000 ms; ratio ≤ 3',
  );
  row('search keystroke → results p50', large.searchP50, small.searchP50, 'ms', '', 1);
  row(
    'search keystroke → results p95',
    large.searchP95,
    small.searchP95,
    'ms',
    'target < 50 ms; ratio ≤ 3',
    1,
  );
  row('username keystroke → results p95', large.userP95, small.userP95, 'ms', 'target < 50 ms; ratio ≤ 3', 1);
  row('renderer JS heap', large.heapMb, small.heapMb, 'MB', 'ratio ≤ 3', 1);
  row('username/URL index: first pass', large.indexBuildMs / 1000, small.indexBuildMs / 1000, 's', '', 1);
  row('username/URL index: worker heap', large.indexHeapMb, small.indexHeapMb, 'MB', '', 1);
  for (const f of [large, small]) {
    console.log(
      `   index first pass vs Node decrypt-all (${n(f.secrets).padStart(7)})  : ${n(f.indexBuildMs / 1000, 2)} s vs ${n(f.nodeDecryptMs / 1000, 2)} s   ratio ${n(f.indexBuildMs / f.nodeDecryptMs, 2)}   (the window's workers against worker threads in Node, same vault)`,
    );
  }
  for (const f of [large, small]) {
    console.log(
      `   UI-thread long tasks during the first pass (${n(f.secrets)}): ${f.buildLongTasks}, longest ${n(f.buildLongestTaskMs, 0)} ms   (target: none over 50 ms)`,
    );
  }
  console.log(
    `   username keystroke p95 (${n(large.secrets)} secrets): ${n(large.userP95, 1)} ms   (target < 50 ms)`,
  );
  console.log(
    `   username keystroke p95 vs name keystroke p95 (${n(large.secrets)} secrets): ${n(large.userP95, 1)} vs ${n(large.searchP95, 1)} ms   ratio ${n(large.userP95 / large.searchP95, 2)}`,
  );
  console.log(
    `   index per secret at ${n(large.secrets)}: ${n(((large.indexHeapMb - small.indexHeapMb) * 1024 * 1024) / (large.secrets - small.secrets))} bytes of worker heap; first pass ${n((large.indexBuildMs * 1000) / large.secrets, 1)} µs per secret`,
  );
  const rowsParts = ({ firstRowsBreakdown: b }: UiFigures) =>
    `${n(b.toRequest, 1)} + ${n(b.request, 1)} + ${n(b.toPaint, 1)} ms`;
  console.log('   first rows medians: shell → list requested + request + response → 2 frames');
  console.log(`     ${n(large.secrets).padStart(7)} secrets : ${rowsParts(large)}`);
  console.log(`     ${n(small.secrets).padStart(7)} secrets : ${rowsParts(small)}`);
  const parts = ({ breakdown: b, keystrokes }: UiFigures) =>
    `${n(b.toRequest, 1)} + ${n(b.request, 1)} + ${n(b.toDom, 1)} + ${n(b.toPaint, 1)} ms, ${b.longTasks} long tasks, ${b.requests} of ${keystrokes} asked the server, ${b.withKey} drawn with the key`;
  console.log(
    '   keystroke medians: keydown → request sent (→ results shown, when the index answers alone) + request + response → DOM + DOM → 2 frames',
  );
  console.log(`     ${n(large.secrets).padStart(7)} secrets : ${parts(large)}`);
  console.log(`     ${n(small.secrets).padStart(7)} secrets : ${parts(small)}`);
  const userParts = ({ userBreakdown: b, userKeystrokes }: UiFigures) =>
    `${n(b.toRequest, 1)} + ${n(b.request, 1)} + ${n(b.toDom, 1)} + ${n(b.toPaint, 1)} ms, ${b.longTasks} long tasks, ${b.requests} of ${userKeystrokes} asked the server, ${b.withKey} drawn with the key`;
  console.log('   username keystroke medians: the same parts');
  console.log(`     ${n(large.secrets).padStart(7)} secrets : ${userParts(large)}`);
  console.log(`     ${n(small.secrets).padStart(7)} secrets : ${userParts(small)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  printUiBench(await runUiBench(process.argv.includes('--quick')));
}
