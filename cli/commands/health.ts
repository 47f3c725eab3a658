// keyhold health: the password health report of the signed-in user's own items (weak, reused, old, and
// items marked for two-step sign-in without a one-time code), computed here like the window's Health
// section; values are opened and passwords scored on worker threads, and nothing of the report is sent to
// the server.
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadHealthEstimator } from '../../client/health/health-estimator.ts';
import { collectHealthItems } from '../../client/health/health-items.ts';
import {
  DEFAULT_MIN_SCORE,
  DEFAULT_OLD_AFTER_DAYS,
  HEALTH_PROBLEMS,
  type HealthFinding,
  type HealthProblem,
  type HealthReport,
  healthReport,
  OLD_AFTER_DAYS_MAX,
  OLD_AFTER_DAYS_MIN,
} from '../../client/health/health-report.ts';
import { type Scorer, scoreHere, scorePasswords, scoringPool } from '../../client/health/health-scoring.ts';
import { startBulkWorkers } from '../bulk-workers.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { UsageError } from '../errors.ts';
import { startScoreWorkers } from '../health-score-workers.ts';
import { joinPath, note, printJson, printLine, printTable } from '../output.ts';
import { progressBar } from '../progress.ts';

const oldDaysSchema = z
  .string()
  .regex(/^\d+$/)
  .transform(Number)
  .pipe(z.int().min(OLD_AFTER_DAYS_MIN).max(OLD_AFTER_DAYS_MAX));

export function parseOldDays(text: string | undefined): number {
  if (text === undefined) return DEFAULT_OLD_AFTER_DAYS;
  const parsed = oldDaysSchema.safeParse(text.trim());
  if (!parsed.success)
    throw new UsageError(
      `--old-days "${text}": must be a whole number of days from ${OLD_AFTER_DAYS_MIN} to ${OLD_AFTER_DAYS_MAX}`,
    );
  return parsed.data;
}

const TITLES: Record<HealthProblem, string> = {
  weak: 'Weak passwords',
  reused: 'Reused passwords',
  old: 'Old passwords',
  no_totp: 'Marked for two-step sign-in, no one-time code',
};

/** What --json prints: the report with each item's full path, and reused groups as those items. */
function jsonOf(report: HealthReport, unreadable: number, oldAfterDays: number) {
  const item = (f: HealthFinding) => ({
    id: f.id,
    path: joinPath(f.path, f.name),
    problems: f.problems,
    score: f.score,
    ageDays: f.ageDays,
    host: f.host,
    ...(f.reuseGroup !== null && { reuseGroup: f.reuseGroup }),
  });
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  return {
    checked: report.checked,
    unreadable,
    oldAfterDays,
    counts: report.counts,
    findings: report.findings.map(item),
    reusedGroups: report.reusedGroups.map((ids) =>
      ids.flatMap((id) => {
        const f = byId.get(id);
        return f ? [{ id, path: joinPath(f.path, f.name) }] : [];
      }),
    ),
  };
}

function printReport(report: HealthReport, unreadable: number, oldAfterDays: number): void {
  printLine(`${report.checked} items checked; "old" means unchanged for more than ${oldAfterDays} days.`);
  if (unreadable > 0) printLine(`${unreadable} items did not open with your key and are left out.`);
  printTable(
    ['PROBLEM', 'ITEMS'],
    HEALTH_PROBLEMS.map((p) => [TITLES[p], String(report.counts[p])]),
  );
  for (const problem of HEALTH_PROBLEMS) {
    const found = report.findings.filter((f) => f.problems.includes(problem));
    if (found.length === 0) continue;
    printLine('');
    printLine(`${TITLES[problem]}:`);
    if (problem === 'reused') {
      const byId = new Map(found.map((f) => [f.id, f]));
      report.reusedGroups.forEach((ids, group) => {
        printLine(`  group ${group + 1} (${ids.length} items share one password):`);
        for (const id of ids) {
          const f = byId.get(id);
          if (f) printLine(`    ${joinPath(f.path, f.name)}`);
        }
      });
      continue;
    }
    for (const f of found) {
      const detail = problem === 'old' ? `  (changed ${f.ageDays} days ago)` : f.host ? `  (${f.host})` : '';
      printLine(`  ${joinPath(f.path, f.name)}${detail}`);
    }
  }
}

/** zxcvbn's progress on stderr, drawn on a terminal only (as cli/progress.ts's bar), counted in items. */
function scoringBar() {
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'Checking   [{bar}] {value}/{total}',
    hideCursor: true,
    clearOnComplete: false,
    noTTYOutput: false,
  });
  let started = false;
  return {
    onProgress: (done: number, total: number) => {
      if (!started) bar.start(total, done);
      else bar.update(done);
      started = true;
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

async function health(store: ConfigStore, options: { json?: boolean; oldDays?: string }): Promise<void> {
  const oldAfterDays = parseOldDays(options.oldDays);
  // The scoring threads (or this thread, when their script is not beside this one, as in the bundled
  // command) load the dictionaries while the vault is read.
  const ports = startScoreWorkers();
  const pool = ports.length > 0 ? scoringPool(ports) : null;
  const here = pool ? null : loadHealthEstimator();
  const score: Scorer =
    pool?.score ??
    (async (jobs, onProgress) => scoreHere(await (here ?? loadHealthEstimator()))(jobs, onProgress));
  try {
    await reportHealth(store, options, oldAfterDays, score);
  } finally {
    pool?.close();
  }
}

async function reportHealth(
  store: ConfigStore,
  options: { json?: boolean },
  oldAfterDays: number,
  score: Scorer,
): Promise<void> {
  const { items, unreadable } = await withSession(store, async ({ session }) => {
    const bar = progressBar();
    // Values are opened on worker threads (every core) while the next page is listed and read.
    const parallel = session.bulk.inWorkers(startBulkWorkers());
    try {
      return await collectHealthItems(
        session.client,
        (sealed) => parallel.open(sealed),
        (done, total) => bar.onProgress({ phase: 'decrypting', done, total }),
      );
    } finally {
      parallel.close();
      bar.stop();
    }
  });
  if (items.length > 1000) note(`Checking ${items.length} passwords…`);
  const scores = new Map<string, number>();
  const bar = scoringBar();
  try {
    await scorePasswords(items, scores, score, bar.onProgress);
  } finally {
    bar.stop();
  }
  const report = healthReport(items, {
    scores,
    now: new Date(),
    oldAfterDays,
    minScore: DEFAULT_MIN_SCORE,
  });
  if (options.json) printJson(jsonOf(report, unreadable, oldAfterDays));
  else printReport(report, unreadable, oldAfterDays);
}

export function registerHealth(program: Command, store: ConfigStore): void {
  program
    .command('health')
    .summary('report weak, reused and old passwords in your vault')
    .description(
      'Open every item you own here and report: weak passwords (zxcvbn score below 3), passwords used on ' +
        'more than one item (grouped), passwords unchanged for more than --old-days days (default 365), and ' +
        'items marked in the window as having a site with two-step sign-in but no one-time code (a totp ' +
        'field). Computed in this process; nothing of the report is sent to the server. No value is printed.',
    )
    .option('--json', 'print {checked, unreadable, oldAfterDays, counts, findings, reusedGroups}')
    .option(
      '--old-days <days>',
      `a password unchanged for more than this many days is old (default ${DEFAULT_OLD_AFTER_DAYS})`,
    )
    .action((options: { json?: boolean; oldDays?: string }) => health(store, options));
}
