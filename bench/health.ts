// The password health report at 100,000 items against opening the same vault alone, side by side in one
// run (issue 20 §4): wall time and peak memory of each, and their ratios. Opening runs on this thread as in
// the window's health worker; zxcvbn scores each distinct password once, over worker threads (one per core,
// at most four) as the health worker's scoring workers and `keyhold health` do. They start with the report,
// so loading their dictionaries overlaps the opening, as it does while the window reads the vault.
// `npm run bench -- --only health [--items N]`.

import { startScoreWorkers } from '../cli/health-score-workers.ts';
import { BulkItems, type NewItem } from '../client/bulk-items.ts';
import { generateUserKeyPair, newVaultKey } from '../client/crypto/index.ts';
import { healthItemOf, type SealedHealthItem } from '../client/health/health-items.ts';
import { DEFAULT_MIN_SCORE, healthReport } from '../client/health/health-report.ts';
import { scorePasswords, scoringPool } from '../client/health/health-scoring.ts';

export const DEFAULT_HEALTH_ITEMS = 100_000;

export interface HealthBench {
  items: number;
  distinctPasswords: number;
  decrypt: { seconds: number; peakMegabytes: number };
  report: {
    seconds: number;
    peakMegabytes: number;
    findings: number;
    workers: number;
    scoringSeconds: number;
  };
}

/**
 * Samples the heap and off-heap buffers while `work` runs, with the heaps of its worker threads
 * (`others`, as they last reported them); the peak above where it started, in MB.
 */
async function measured<T>(
  work: (sample: () => void) => Promise<T>,
  others: () => number = () => 0,
): Promise<{ result: T; seconds: number; peakMegabytes: number }> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers + others();
  };
  (globalThis as { gc?: () => void }).gc?.();
  const base = used();
  let peak = base;
  const sample = () => {
    peak = Math.max(peak, used());
  };
  const sampler = setInterval(sample, 20);
  const started = performance.now();
  try {
    const result = await work(sample);
    peak = Math.max(peak, used());
    return { result, seconds: (performance.now() - started) / 1000, peakMegabytes: (peak - base) / 1e6 };
  } finally {
    clearInterval(sampler);
  }
}

/** Lets the sampler run between slices of synchronous work. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A small seeded generator (mulberry32), so every run scores the same vault. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WORDS = [
  'summer',
  'dragon',
  'coffee',
  'rocket',
  'garden',
  'winter',
  'silver',
  'monkey',
  'shadow',
  'tiger',
];
const GENERATED_LENGTHS = [16, 18, 20, 24, 32];

/**
 * A password as people in a team leave them: mostly generated (16 to 32 characters), one in ten typed by a
 * person (words with a year or digits, look-alike letters, keyboard runs; some weak, some not), and one in
 * five the same as an earlier item's.
 */
function passwordOf(i: number, earlier: (j: number) => string): string {
  const random = seeded(i + 1);
  if (i % 5 === 4 && i >= 5) return earlier(Math.floor(random() * i));
  if (i % 10 === 1) {
    const word = WORDS[i % WORDS.length] as string;
    const other = WORDS[(i >> 3) % WORDS.length] as string;
    const n = Math.floor(random() * 1000);
    switch (Math.floor(i / 10) % 5) {
      case 0:
        return `${word[0]?.toUpperCase()}${word.slice(1)}${1970 + (n % 55)}!`;
      case 1:
        return `${word.replace(/o/g, '0').replace(/a/g, '@').replace(/e/g, '3')}${n % 100}`;
      case 2:
        return `qwerty${n}`;
      case 3:
        return `${word}-${other}-${n}`;
      default:
        return `${word}${other}${n % 10}`;
    }
  }
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_!?';
  const length = GENERATED_LENGTHS[Math.floor(i / 2) % GENERATED_LENGTHS.length] as number;
  let out = '';
  for (let k = 0; k < length; k++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** A vault shaped like a team's: a url on each item, a totp on some, some marked for two-step sign-in. */
function vaultItems(count: number): NewItem[] {
  const values: string[] = [];
  for (let i = 0; i < count; i++) values.push(passwordOf(i, (j) => values[j] as string));
  return values.map((value, i) => ({
    name: `service-${i}`,
    path: `/team-${i % 40}`,
    tags: [],
    type: 'login' as const,
    payload: {
      value,
      notes: i % 7 === 0 ? `rotation notes for service ${i}` : '',
      fields: [
        { name: 'username', value: `ops-${i}@example.com`, hidden: false },
        { name: 'url', value: `https://service-${i}.example.com/login`, hidden: false },
        ...(i % 5 === 0 ? [{ name: 'totp', value: 'JBSWY3DPEHPK3PXP', hidden: true }] : []),
      ],
      ...(i % 3 === 0 && { twoStep: true }),
    },
  }));
}

export async function runHealthBench(items = DEFAULT_HEALTH_ITEMS): Promise<HealthBench> {
  const keys = { ...generateUserKeyPair(), vaultKey: newVaultKey() };
  const bulk = new BulkItems(keys);
  const newItems = vaultItems(items);
  const now = Date.now();
  const sealed: SealedHealthItem[] = bulk.sealNew(newItems).map((s, i) => ({
    id: s.id,
    name: s.name,
    path: s.path,
    valueVersion: 1,
    value: s.value,
    wrappedKey: s.wrappedKey,
    valueChangedAt: new Date(now - (i % 900) * 86_400_000).toISOString(),
  }));
  newItems.length = 0;
  const SLICE = 500;
  const open = async (sample: () => void) => {
    const opener = bulk.opener();
    const out = [];
    try {
      for (let at = 0; at < sealed.length; at += SLICE) {
        const slice = sealed.slice(at, at + SLICE);
        const payloads = opener.open(slice);
        for (const [k, one] of slice.entries()) out.push(healthItemOf(one, payloads[k] as never));
        sample();
        await breathe();
      }
    } finally {
      opener.forget();
    }
    return out;
  };
  const decrypt = await measured(open);
  const distinctPasswords = new Set(decrypt.result.map((i) => i.value)).size;
  decrypt.result.length = 0;
  const workerHeaps: number[] = [];
  let workers = 0;
  let scoringSeconds = 0;
  const report = await measured(
    async (sample) => {
      const pool = scoringPool(
        startScoreWorkers(undefined, (worker, bytes) => {
          workerHeaps[worker] = bytes;
        }),
      );
      workers = pool.workers;
      try {
        const opened = await open(sample);
        const scores = new Map<string, number>();
        const scoringStarted = performance.now();
        await scorePasswords(opened, scores, pool.score, sample);
        scoringSeconds = (performance.now() - scoringStarted) / 1000;
        // The report itself is one synchronous pass: memory is sampled at its progress calls.
        return healthReport(opened, {
          now: new Date(now),
          oldAfterDays: 365,
          minScore: DEFAULT_MIN_SCORE,
          scores,
          onProgress: sample,
        });
      } finally {
        pool.close();
      }
    },
    () => workerHeaps.reduce((sum, bytes) => sum + bytes, 0),
  );
  return {
    items,
    distinctPasswords,
    decrypt: { seconds: decrypt.seconds, peakMegabytes: decrypt.peakMegabytes },
    report: {
      seconds: report.seconds,
      peakMegabytes: report.peakMegabytes,
      findings: report.result.findings.length,
      workers,
      scoringSeconds,
    },
  };
}

export function printHealthBench(b: HealthBench): void {
  const f = (n: number, d = 1) =>
    n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(
    `Password health report, ${b.items.toLocaleString('en-US')} items (${b.distinctPasswords.toLocaleString('en-US')} distinct passwords)`,
  );
  console.log(
    `  decrypt the vault alone:   ${f(b.decrypt.seconds, 2)} s, peak +${f(b.decrypt.peakMegabytes)} MB`,
  );
  console.log(
    `  decrypt + health report:   ${f(b.report.seconds, 2)} s, peak +${f(b.report.peakMegabytes)} MB (${b.report.findings.toLocaleString('en-US')} items with a problem)`,
  );
  console.log(
    `    of which scoring on ${b.report.workers} worker threads: ${f(b.report.scoringSeconds, 2)} s (${f((b.report.scoringSeconds * 1000 * b.report.workers) / b.distinctPasswords, 2)} ms per distinct password and thread)`,
  );
  console.log(
    `  ratio to decrypting alone: time ${f(b.report.seconds / b.decrypt.seconds, 2)}×, peak memory ${f(b.report.peakMegabytes / Math.max(0.1, b.decrypt.peakMegabytes), 2)}×`,
  );
}
