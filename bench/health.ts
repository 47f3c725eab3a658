// The password health report at 100,000 items against opening the same vault alone, side by side in one
// run (issue 20 §4): wall time and peak memory of each, and their ratios. Both run on this thread as the
// window's health worker does (one thread opens, then scores). `npm run bench -- --only health [--items N]`.
import { BulkItems, type NewItem } from '../client/bulk-items.ts';
import { generateUserKeyPair, newVaultKey } from '../client/crypto/index.ts';
import { loadHealthEstimator } from '../client/health/health-estimator.ts';
import { healthItemOf, type SealedHealthItem } from '../client/health/health-items.ts';
import { DEFAULT_MIN_SCORE, healthReport } from '../client/health/health-report.ts';

export const DEFAULT_HEALTH_ITEMS = 100_000;

export interface HealthBench {
  items: number;
  distinctPasswords: number;
  decrypt: { seconds: number; peakMegabytes: number };
  report: { seconds: number; peakMegabytes: number; findings: number };
}

/** Samples the heap and off-heap buffers while `work` runs; the peak above where it started, in MB. */
async function measured<T>(
  work: (sample: () => void) => Promise<T>,
): Promise<{ result: T; seconds: number; peakMegabytes: number }> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
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

/**
 * A vault shaped like a team's: mostly generated passwords, some human ones, one in ten reused, a few
 * weak; a url on each, a totp on some, some marked for two-step sign-in; values of every age.
 */
function vaultItems(count: number): NewItem[] {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_!?';
  const generated = (i: number) => {
    let out = '';
    let x = (i + 1) * 2654435761;
    for (let k = 0; k < 18; k++) {
      x = (x * 1103515245 + 12345) >>> 0;
      out += alphabet[x % alphabet.length];
    }
    return out;
  };
  const words = ['summer', 'dragon', 'coffee', 'rocket', 'garden', 'winter', 'silver', 'monkey'];
  return Array.from({ length: count }, (_, i) => {
    const value =
      i % 10 === 9
        ? generated(i - 9) // reused: the same as an item before it
        : i % 50 === 7
          ? `${words[i % words.length]}${i % 100}` // weak, human-made
          : generated(i);
    return {
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
    };
  });
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
  // The dictionaries load before either is timed: the window and the CLI load them while the vault is read.
  const estimate = await loadHealthEstimator();
  const decrypt = await measured(open);
  const distinctPasswords = new Set(decrypt.result.map((i) => i.value)).size;
  decrypt.result.length = 0;
  const report = await measured(async (sample) => {
    const opened = await open(sample);
    // The report is one synchronous pass: memory is sampled at its progress calls (every 500 items).
    return healthReport(opened, {
      estimate,
      now: new Date(now),
      oldAfterDays: 365,
      minScore: DEFAULT_MIN_SCORE,
      onProgress: sample,
    });
  });
  return {
    items,
    distinctPasswords,
    decrypt: { seconds: decrypt.seconds, peakMegabytes: decrypt.peakMegabytes },
    report: {
      seconds: report.seconds,
      peakMegabytes: report.peakMegabytes,
      findings: report.result.findings.length,
    },
  };
}

export function printHealthBench(b: HealthBench): void {
  const f = (n: number, d = 1) =>
    n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(
    `Password health report, ${b.items.toLocaleString('en-US')} items (${b.distinctPasswords.toLocaleString('en-US')} distinct passwords), one thread`,
  );
  console.log(
    `  decrypt the vault alone:   ${f(b.decrypt.seconds, 2)} s, peak +${f(b.decrypt.peakMegabytes)} MB`,
  );
  console.log(
    `  decrypt + health report:   ${f(b.report.seconds, 2)} s, peak +${f(b.report.peakMegabytes)} MB (${b.report.findings.toLocaleString('en-US')} items with a problem)`,
  );
  console.log(
    `  ratio to decrypting alone: time ${f(b.report.seconds / b.decrypt.seconds, 2)}×, peak memory ${f(b.report.peakMegabytes / Math.max(0.1, b.decrypt.peakMegabytes), 2)}×`,
  );
}
