// Scoring a vault's passwords with zxcvbn, the costly part of the health report: several milliseconds per
// password (the dictionary matcher looks every substring up in twenty dictionaries, once per l33t variant
// and again for word sequences), so each distinct password is scored once, and the passwords are spread
// over several workers (the window's health worker starts Web Workers, the CLI worker threads).
//
// Nothing here shortens what zxcvbn sees below the forms' 256-character cap: a prefix's score is not a
// lower bound of the whole in zxcvbn (a repeat or a dictionary word cut at the prefix's end is scored as
// random characters: "fragmentationfragmentation" scores 1, its first 24 characters 4), so a bound would
// change verdicts for passwords people type.
import type { StrengthEstimator } from '../password-strength.ts';
import type { Port } from '../workers/worker-port.ts';
import { loadHealthEstimator } from './health-estimator.ts';
import type { HealthItem } from './health-report.ts';

/** One distinct password to score, with the name of the first item that holds it (zxcvbn's user input). */
export interface ScoreJob {
  readonly password: string;
  readonly hint: string;
}

export type ScoreRequest = { kind: 'score'; id: number; jobs: ScoreJob[] };

/** Scores in the order of the jobs; a failure is named by its kind only, never by a password. */
export type ScoreReply =
  | { id: number; ok: true; scores: number[] }
  | { id: number; ok: false; message: string };

/** A scoring worker seen from either runtime: a Web Worker or a node worker thread, adapted. */
export type ScorePort = Port<ScoreRequest, ScoreReply>;

/** Scores jobs, in order, reporting how many are done. */
export type Scorer = (
  jobs: readonly ScoreJob[],
  onProgress?: (done: number, total: number) => void,
) => Promise<number[]>;

export const scoreOf = (estimate: StrengthEstimator, job: ScoreJob): number =>
  estimate(job.password, job.hint ? [job.hint] : []).score;

/** The body of a scoring worker: it builds the estimator once (its first request waits for it), then scores. */
export function scoreWorkerHandler(
  load: () => Promise<StrengthEstimator> = loadHealthEstimator,
): (request: ScoreRequest) => Promise<ScoreReply> {
  return async (request) => {
    try {
      const estimate = await load();
      return { id: request.id, ok: true, scores: request.jobs.map((job) => scoreOf(estimate, job)) };
    } catch (error) {
      return { id: request.id, ok: false, message: error instanceof Error ? error.name : 'failed' };
    }
  };
}

/** Progress is reported every this many jobs: often enough for a bar, rarely enough to cost nothing. */
const CHUNK = 50;

/** Scoring on this thread (a test, or no worker to be had), with progress every CHUNK passwords. */
export function scoreHere(estimate: StrengthEstimator): Scorer {
  return async (jobs, onProgress) => {
    const scores: number[] = [];
    for (const job of jobs) {
      scores.push(scoreOf(estimate, job));
      if (scores.length % CHUNK === 0) onProgress?.(scores.length, jobs.length);
    }
    onProgress?.(jobs.length, jobs.length);
    return scores;
  };
}

export interface ScoringPool {
  readonly workers: number;
  readonly score: Scorer;
  /** Stops the workers; scoring in flight fails. */
  close(): void;
}

/**
 * Scores over several workers: each takes the next CHUNK jobs as soon as it answers the last, so a worker
 * slowed by long passwords (or by a busy core) does not hold the others up. Every worker is asked once at
 * the start with nothing to score, so it loads the dictionaries while the vault is still being read.
 */
export function scoringPool(ports: readonly ScorePort[]): ScoringPool {
  if (ports.length === 0) throw new Error('a scoring pool needs at least one worker');
  let ids = 0;
  let closed = false;
  const pending = new Map<number, { resolve: (scores: number[]) => void; reject: (error: Error) => void }>();
  const ask = (port: ScorePort, jobs: ScoreJob[]) =>
    new Promise<number[]>((resolve, reject) => {
      if (closed) {
        reject(new Error('the scoring workers are closed'));
        return;
      }
      const id = ++ids;
      pending.set(id, { resolve, reject });
      port.postMessage({ kind: 'score', id, jobs });
    });
  for (const port of ports) {
    port.onMessage((reply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.scores);
      else waiting.reject(new Error(`a scoring worker failed: ${reply.message}`));
    });
    port.onError((error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    ask(port, []).catch(() => undefined);
  }
  return {
    workers: ports.length,
    score: async (jobs, onProgress) => {
      const scores = new Array<number>(jobs.length);
      let next = 0;
      let done = 0;
      const lane = async (port: ScorePort) => {
        while (next < jobs.length) {
          const at = next;
          next += CHUNK;
          const share = jobs.slice(at, at + CHUNK);
          const answer = await ask(port, share);
          if (answer.length !== share.length)
            throw new Error('a scoring worker answered for other passwords');
          answer.forEach((score, k) => {
            scores[at + k] = score;
          });
          done += share.length;
          onProgress?.(done, jobs.length);
        }
      };
      await Promise.all(ports.map(lane));
      return scores;
    },
    close() {
      if (closed) return;
      closed = true;
      for (const port of ports) port.terminate();
      for (const waiting of pending.values()) waiting.reject(new Error('the scoring workers are closed'));
      pending.clear();
    },
  };
}

/**
 * Scores every distinct password of `items` that `scores` does not hold yet, and adds them there. zxcvbn's
 * user input is the name of the first item holding the password, as the report always took it. Progress is
 * counted in items (a password shared by five items counts five), over all of them.
 */
export async function scorePasswords(
  items: readonly HealthItem[],
  scores: Map<string, number>,
  score: Scorer,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const holders = new Map<string, number>();
  const jobs: ScoreJob[] = [];
  let settled = 0;
  for (const item of items) {
    if (!item.value || scores.has(item.value)) {
      settled++;
      continue;
    }
    const count = holders.get(item.value);
    if (count === undefined) jobs.push({ password: item.value, hint: item.name });
    holders.set(item.value, (count ?? 0) + 1);
  }
  // Prefix sums of the items each job stands for, so progress in jobs reads as progress in items.
  const itemsUpTo: number[] = [0];
  for (const job of jobs) itemsUpTo.push((itemsUpTo.at(-1) ?? 0) + (holders.get(job.password) ?? 1));
  onProgress?.(settled, items.length);
  const result = await score(jobs, (done) => onProgress?.(settled + (itemsUpTo[done] ?? 0), items.length));
  jobs.forEach((job, i) => {
    scores.set(job.password, result[i] as number);
  });
}
