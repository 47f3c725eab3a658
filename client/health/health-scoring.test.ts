// Scoring spread over workers, each distinct password once, gives every item the score the report gave it
// when it asked zxcvbn item by item: weak, strong, long generated and look-alike passwords alike.
import { describe, expect, it } from 'vitest';
import { loadStrengthEstimator } from '../password-strength.ts';
import { loadHealthEstimator } from './health-estimator.ts';
import { DEFAULT_MIN_SCORE, type HealthItem, healthReport } from './health-report.ts';
import {
  type ScorePort,
  type ScoreReply,
  scorePasswords,
  scoreWorkerHandler,
  scoringPool,
} from './health-scoring.ts';

/** Scoring workers in this process; messages are copied by structured clone, as between threads. */
function ports(count: number): ScorePort[] {
  return Array.from({ length: count }, () => {
    const handle = scoreWorkerHandler();
    let listener: ((reply: ScoreReply) => void) | undefined;
    return {
      postMessage(message) {
        const request = structuredClone(message);
        setImmediate(() => {
          void handle(request).then((reply) => listener?.(structuredClone(reply)));
        });
      },
      onMessage: (l) => {
        listener = l;
      },
      onError: () => undefined,
      terminate: () => undefined,
    };
  });
}

const generated = (length: number, seed: number) => {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_!?';
  let out = '';
  let x = seed;
  for (let k = 0; k < length; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
};

const WEAK = ['password', 'qwerty123', 'Summer2024!', 'iloveyou', 'fragmentationfragmentation'];
const LOOK_ALIKE = ['P@ssw0rd1', 'dr@g0n123', 'M0nk3y!!'];
const STRONG = ['Shared-Horse-Battery-61!', 'correct-horse-battery-staple-orbit'];
const GENERATED = [generated(16, 1), generated(20, 2), generated(32, 3), generated(64, 4), generated(300, 5)];

const item = (i: number, value: string): HealthItem => ({
  id: `id-${i}`,
  name: `service-${i}`,
  path: '/',
  value,
  valueChangedAt: '2026-12-01T00:00:00.000Z',
  fields: [],
  twoStep: false,
});

describe('scoring the passwords of a report', () => {
  it('gives each item the score zxcvbn gives it alone, on several workers, shared passwords scored once', async () => {
    const passwords = [...WEAK, ...LOOK_ALIKE, ...STRONG, ...GENERATED];
    // Each password on two items, so the second is answered from the first's score.
    const items = [...passwords, ...passwords].map((value, i) => item(i, value));
    const scores = new Map<string, number>();
    const pool = scoringPool(ports(3));
    const progress: number[] = [];
    await scorePasswords(items, scores, pool.score, (done) => progress.push(done));
    pool.close();
    expect(scores.size).toBe(passwords.length);
    expect(progress.at(-1)).toBe(items.length);

    // The report before scoring moved to workers: zxcvbn asked item by item, with the item's name.
    const estimate = await loadHealthEstimator();
    const now = new Date('2026-12-02T00:00:00.000Z');
    const options = { now, oldAfterDays: 365, minScore: DEFAULT_MIN_SCORE };
    const before = healthReport(items, { ...options, estimate });
    const after = healthReport(items, { ...options, scores });
    expect(after).toEqual(before);
    for (const [i, password] of passwords.entries()) {
      expect(scores.get(password), password).toBe(estimate(password, [`service-${i}`]).score);
    }
  });

  it('finds weak what people type weak and strong what is generated, as the password forms do', async () => {
    const form = await loadStrengthEstimator();
    const pool = scoringPool(ports(2));
    const scores = new Map<string, number>();
    const passwords = [...WEAK, ...LOOK_ALIKE, ...STRONG, ...GENERATED];
    await scorePasswords(
      passwords.map((value, i) => item(i, value)),
      scores,
      pool.score,
    );
    pool.close();
    for (const password of [...WEAK, ...LOOK_ALIKE]) {
      expect(scores.get(password), password).toBeLessThan(DEFAULT_MIN_SCORE);
      expect(form(password).score, password).toBeLessThan(DEFAULT_MIN_SCORE);
    }
    for (const password of [...STRONG, ...GENERATED]) {
      expect(scores.get(password), password).toBe(4);
    }
  });
});
