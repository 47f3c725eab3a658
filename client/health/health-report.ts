// The password health report: weak, reused and old passwords, and items marked as having a site that offers
// one-time codes while the item has none. Computed where the vault is open (a worker of the window, or the
// CLI), from opened items; nothing of it is sent to the server, which never sees a value.
import type { StrengthEstimator } from '../password-strength.ts';
import { totpFieldOf } from '../totp.ts';

/** One opened item as the report reads it. */
export interface HealthItem {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  /** The password (the item's value). */
  readonly value: string;
  /** When the current version was written (ISO): the value's age, as far as the server's dates tell. */
  readonly valueChangedAt: string;
  readonly fields: readonly { name: string; value: string }[];
  /** The person marked the item's site as offering two-step sign-in (the payload's `twoStep`). */
  readonly twoStep: boolean;
}

export type HealthProblem = 'weak' | 'reused' | 'old' | 'no_totp';
export const HEALTH_PROBLEMS: readonly HealthProblem[] = ['weak', 'reused', 'old', 'no_totp'];

export interface HealthFinding {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly problems: readonly HealthProblem[];
  /** zxcvbn's score, 0–4. */
  readonly score: number;
  /** How many other items share this password (0 when not reused). */
  readonly sharedWith: number;
  /** Index into the report's `reusedGroups` when reused, else null. */
  readonly reuseGroup: number | null;
  readonly ageDays: number;
  /** The item's site, when it has a URL. */
  readonly host: string | null;
}

export interface HealthReport {
  readonly checked: number;
  readonly counts: Readonly<Record<HealthProblem, number>>;
  /** Items with at least one problem, most problems first, then weakest. */
  readonly findings: readonly HealthFinding[];
  /**
   * Items that share one password, as lists of ids (largest group first). A group is named by its place
   * here, never by the password or anything derived from it.
   */
  readonly reusedGroups: readonly (readonly string[])[];
}

export interface HealthOptions {
  /**
   * Scores a password `scores` does not hold. Absent when every password was scored beforehand (in
   * parallel, by health-scoring.ts's scorePasswords); a password missing then is an error.
   */
  readonly estimate?: StrengthEstimator;
  readonly now: Date;
  /** A password unchanged for more days than this is old. */
  readonly oldAfterDays: number;
  /** Scores below this are weak. */
  readonly minScore: number;
  /**
   * Scores already computed, by password: the window asks again with another "old" threshold without
   * scoring again. Held only where the passwords are (the worker or the CLI process).
   */
  readonly scores?: Map<string, number>;
  readonly onProgress?: (done: number, total: number) => void;
}

/** zxcvbn's "safely unguessable" (3): below it a password is weak, as the password policy's default. */
export const DEFAULT_MIN_SCORE = 3;
export const DEFAULT_OLD_AFTER_DAYS = 365;
/** The threshold a person may choose, in days (up to ten years). */
export const OLD_AFTER_DAYS_MIN = 1;
export const OLD_AFTER_DAYS_MAX = 3650;

const DAY = 86_400_000;
/** Progress is reported every this many items: often enough for a bar, rarely enough to cost nothing. */
const PROGRESS_EVERY = 500;

/** The host of an item's url field ("https://www.github.com/login" → "github.com"), or null. */
export function hostOf(fields: readonly { name: string; value: string }[]): string | null {
  const url = fields.find((f) => f.name.toLowerCase() === 'url')?.value.trim();
  if (!url) return null;
  try {
    const host = new URL(/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`).hostname.toLowerCase();
    return host.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

export function healthReport(items: readonly HealthItem[], options: HealthOptions): HealthReport {
  // Reuse is found by the password itself, kept only in this map for the length of the report.
  const byPassword = new Map<string, string[]>();
  for (const item of items) {
    if (!item.value) continue;
    const ids = byPassword.get(item.value);
    if (ids) ids.push(item.id);
    else byPassword.set(item.value, [item.id]);
  }
  const reusedGroups = [...byPassword.values()]
    .filter((ids) => ids.length > 1)
    .sort((a, b) => b.length - a.length);
  const groupOf = new Map<string, number>();
  reusedGroups.forEach((ids, group) => {
    for (const id of ids) groupOf.set(id, group);
  });
  // zxcvbn is the costly part: score each distinct password once.
  const scores = options.scores ?? new Map<string, number>();
  const counts: Record<HealthProblem, number> = { weak: 0, reused: 0, old: 0, no_totp: 0 };
  const findings: HealthFinding[] = [];
  items.forEach((item, index) => {
    const problems: HealthProblem[] = [];
    let score = 4;
    if (item.value) {
      let known = scores.get(item.value);
      if (known === undefined) {
        if (!options.estimate) throw new Error('a password was not scored');
        known = options.estimate(item.value, [item.name]).score;
        scores.set(item.value, known);
      }
      score = known;
      if (score < options.minScore) problems.push('weak');
    }
    const reuseGroup = groupOf.get(item.id) ?? null;
    const sharedWith = reuseGroup === null ? 0 : (reusedGroups[reuseGroup]?.length ?? 1) - 1;
    if (reuseGroup !== null) problems.push('reused');
    const ageDays = Math.max(0, Math.floor((options.now.getTime() - Date.parse(item.valueChangedAt)) / DAY));
    if (item.value && ageDays > options.oldAfterDays) problems.push('old');
    if (item.twoStep && !totpFieldOf(item.fields)) problems.push('no_totp');
    for (const problem of problems) counts[problem]++;
    if (problems.length > 0) {
      findings.push({
        id: item.id,
        name: item.name,
        path: item.path,
        problems,
        score,
        sharedWith,
        reuseGroup,
        ageDays,
        host: hostOf(item.fields),
      });
    }
    if ((index + 1) % PROGRESS_EVERY === 0) options.onProgress?.(index + 1, items.length);
  });
  options.onProgress?.(items.length, items.length);
  findings.sort(
    (a, b) => b.problems.length - a.problems.length || a.score - b.score || a.name.localeCompare(b.name),
  );
  return { checked: items.length, counts, findings, reusedGroups };
}
