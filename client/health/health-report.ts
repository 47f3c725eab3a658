// The password health report: weak, reused and old passwords, and sites that offer one-time codes where
// the item has none. Computed where the vault is open (a worker of the window, or the CLI), from opened
// items; nothing of it is sent to the server, which never sees a value.
import type { StrengthEstimator } from '../password-strength.ts';
import { totpFieldOf } from '../totp.ts';

/** One opened item as the report reads it. */
export interface HealthItem {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  /** The password (the item's value). */
  readonly value: string;
  /** When the value last changed (ISO). */
  readonly valueChangedAt: string;
  readonly fields: readonly { name: string; value: string }[];
}

export type HealthProblem = 'weak' | 'reused' | 'old' | 'no_totp';

export interface HealthFinding {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly problems: readonly HealthProblem[];
  /** zxcvbn's score, 0–4. */
  readonly score: number;
  /** How many other items share this password (0 when not reused). */
  readonly sharedWith: number;
  readonly ageDays: number;
  /** The item's site, when it has a URL. */
  readonly host: string | null;
}

export interface HealthReport {
  readonly checked: number;
  readonly counts: Readonly<Record<HealthProblem, number>>;
  /** Items with at least one problem, most problems first, then weakest. */
  readonly findings: readonly HealthFinding[];
}

export interface HealthOptions {
  readonly estimate: StrengthEstimator;
  readonly now: Date;
  /** A password unchanged for more days than this is old. */
  readonly oldAfterDays: number;
  /** Sites (host names) the person marked as offering one-time codes. */
  readonly sitesWithTotp: ReadonlySet<string>;
  /** Scores below this are weak (the password policy's minimum strength). */
  readonly minScore: number;
  readonly onProgress?: (done: number, total: number) => void;
}

const DAY = 86_400_000;

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

/** Whether `host` is a marked site or under one (login.github.com under github.com). */
function marked(host: string, sites: ReadonlySet<string>): boolean {
  for (let at = host; at.includes('.'); at = at.slice(at.indexOf('.') + 1)) if (sites.has(at)) return true;
  return false;
}

export function healthReport(items: readonly HealthItem[], options: HealthOptions): HealthReport {
  // Reuse is found by the password itself, kept only in this map for the length of the report.
  const byPassword = new Map<string, number>();
  for (const item of items) if (item.value) byPassword.set(item.value, (byPassword.get(item.value) ?? 0) + 1);
  // zxcvbn is the costly part: score each distinct password once.
  const scores = new Map<string, number>();
  const counts: Record<HealthProblem, number> = { weak: 0, reused: 0, old: 0, no_totp: 0 };
  const findings: HealthFinding[] = [];
  items.forEach((item, index) => {
    const problems: HealthProblem[] = [];
    let score = 4;
    if (item.value) {
      score = scores.get(item.value) ?? options.estimate(item.value, [item.name]).score;
      scores.set(item.value, score);
      if (score < options.minScore) problems.push('weak');
    }
    const sharedWith = item.value ? (byPassword.get(item.value) ?? 1) - 1 : 0;
    if (sharedWith > 0) problems.push('reused');
    const ageDays = Math.max(0, Math.floor((options.now.getTime() - Date.parse(item.valueChangedAt)) / DAY));
    if (item.value && ageDays > options.oldAfterDays) problems.push('old');
    const host = hostOf(item.fields);
    if (host && marked(host, options.sitesWithTotp) && !totpFieldOf(item.fields)) problems.push('no_totp');
    for (const problem of problems) counts[problem]++;
    if (problems.length > 0) {
      findings.push({
        id: item.id,
        name: item.name,
        path: item.path,
        problems,
        score,
        sharedWith,
        ageDays,
        host,
      });
    }
    if ((index + 1) % 500 === 0) options.onProgress?.(index + 1, items.length);
  });
  options.onProgress?.(items.length, items.length);
  findings.sort(
    (a, b) => b.problems.length - a.problems.length || a.score - b.score || a.name.localeCompare(b.name),
  );
  return { checked: items.length, counts, findings };
}
