// The body of the password-health worker: it holds the user's keys, opens each owned secret's value, keeps
// the opened items only in its own memory and computes the report there. Runtime-neutral, so a test runs
// it in Node. Only the report (names, paths, problems: never a password) goes back to the window.
import { BulkItems, type BulkOpener } from '../../client/bulk-items.ts';
import { loadHealthEstimator } from '../../client/health/health-estimator.ts';
import { openHealthItems } from '../../client/health/health-items.ts';
import { DEFAULT_MIN_SCORE, type HealthItem, healthReport } from '../../client/health/health-report.ts';
import type { HealthReply, HealthRequest } from './health-protocol.ts';

export function healthWorkerHandler(
  post: (reply: HealthReply) => void,
): (request: HealthRequest) => Promise<void> {
  let held: Uint8Array[] = [];
  let opener: BulkOpener | null = null;
  let items: HealthItem[] = [];
  let unreadable = 0;
  /** Scores by password, so a new threshold asks zxcvbn nothing again. */
  let scores = new Map<string, number>();

  const forget = () => {
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
        const opened = await openHealthItems(request.items, (sealed) => current.open(sealed));
        for (const item of opened.items) items.push(item);
        unreadable += opened.unreadable;
        post({ id: request.id, ok: true, kind: 'ack', opened: items.length, unreadable });
        return;
      }
      const estimate = await loadHealthEstimator();
      const report = healthReport(items, {
        estimate,
        now: new Date(request.now),
        oldAfterDays: request.oldAfterDays,
        minScore: DEFAULT_MIN_SCORE,
        scores,
        onProgress: (done, total) => post({ id: request.id, ok: true, kind: 'progress', done, total }),
      });
      post({ id: request.id, ok: true, kind: 'report', report, unreadable });
    } catch (error) {
      // The message names the kind of failure only: never a key, a value or a field.
      post({ id: request.id, ok: false, message: error instanceof Error ? error.message : 'failed' });
    }
  };
}
