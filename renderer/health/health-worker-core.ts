// The body of the password-health worker: it holds the user's keys, opens each owned secret's value, keeps
// the opened items only in its own memory and computes the report there. Runtime-neutral, so a test runs
// it in Node. Only the report (names, paths, problems: never a password) goes back to the window.
// zxcvbn, the slow part, runs on scoring workers this worker starts (one per core, health-worker.ts), each
// given only the distinct passwords to score and answering only their scores.
import { BulkItems, type BulkOpener } from '../../client/bulk-items.ts';
import { loadHealthEstimator } from '../../client/health/health-estimator.ts';
import { openHealthItems } from '../../client/health/health-items.ts';
import { DEFAULT_MIN_SCORE, type HealthItem, healthReport } from '../../client/health/health-report.ts';
import {
  type ScorePort,
  type ScoringPool,
  scoreHere,
  scorePasswords,
  scoringPool,
} from '../../client/health/health-scoring.ts';
import type { HealthReply, HealthRequest } from './health-protocol.ts';

/**
 * `startScorers` starts the scoring workers, at the first page so their dictionaries load while the vault
 * is read; without it (a test, or a runtime without nested workers) this worker scores on its own thread.
 */
export function healthWorkerHandler(
  post: (reply: HealthReply) => void,
  startScorers?: () => ScorePort[],
): (request: HealthRequest) => Promise<void> {
  let held: Uint8Array[] = [];
  let opener: BulkOpener | null = null;
  let items: HealthItem[] = [];
  let unreadable = 0;
  /** Scores by password, so a new threshold asks zxcvbn nothing again. */
  let scores = new Map<string, number>();
  let scorers: ScoringPool | null = null;

  const forget = () => {
    scorers?.close();
    scorers = null;
    opener?.forget();
    opener = null;
    for (const key of held) key.fill(0);
    held = [];
    items = [];
    unreadable = 0;
    scores = new Map();
  };

  return async (request) => {
    if (request.kind === 'keys') {
      forget();
      const { kind: _kind, ...keys } = request;
      held = Object.values(keys).filter((k): k is Uint8Array => k instanceof Uint8Array);
      opener = new BulkItems(keys).opener();
      return;
    }
    if (request.kind === 'forget') {
      forget();
      return;
    }
    try {
      if (request.kind === 'put') {
        const current = opener;
        if (!current) throw new Error('the health worker holds no keys');
        if (startScorers && !scorers) scorers = scoringPool(startScorers());
        const opened = await openHealthItems(request.items, (sealed) => current.open(sealed));
        for (const item of opened.items) items.push(item);
        unreadable += opened.unreadable;
        post({ id: request.id, ok: true, kind: 'ack', opened: items.length, unreadable });
        return;
      }
      const progress = (done: number, total: number) =>
        post({ id: request.id, ok: true, kind: 'progress', done, total });
      // Only the passwords not scored yet: a new "old" threshold asks zxcvbn nothing again.
      const score = scorers ? scorers.score : scoreHere(await loadHealthEstimator());
      await scorePasswords(items, scores, score, progress);
      const report = healthReport(items, {
        now: new Date(request.now),
        oldAfterDays: request.oldAfterDays,
        minScore: DEFAULT_MIN_SCORE,
        scores,
      });
      progress(items.length, items.length);
      post({ id: request.id, ok: true, kind: 'report', report, unreadable });
    } catch (error) {
      // The message names the kind of failure only: never a key, a value or a field.
      post({ id: request.id, ok: false, message: error instanceof Error ? error.message : 'failed' });
    }
  };
}
