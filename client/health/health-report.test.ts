// The password health report on a small vault whose every problem is known.
import { describe, expect, it } from 'vitest';
import { loadHealthEstimator } from './health-estimator.ts';
import { type HealthItem, type HealthOptions, healthReport, hostOf } from './health-report.ts';

const now = new Date('2026-12-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const item = (
  id: string,
  value: string,
  age: number,
  fields: HealthItem['fields'] = [],
  twoStep = false,
): HealthItem => ({ id, name: id, path: '/', value, valueChangedAt: daysAgo(age), fields, twoStep });

const options = async (change: Partial<HealthOptions> = {}): Promise<HealthOptions> => ({
  estimate: await loadHealthEstimator(),
  now,
  oldAfterDays: 365,
  minScore: 3,
  ...change,
});

describe('the password health report', () => {
  it('finds weak, reused and old passwords, and items marked for two-step sign-in without a one-time code', async () => {
    const strong = 'correct-Horse-battery-staple-91!';
    const report = healthReport(
      [
        item('weak', 'bobbobbobbob', 10),
        item('mail', strong, 10, [{ name: 'url', value: 'https://mail.example.org' }]),
        item('bank', strong, 10, [{ name: 'url', value: 'www.bank.example' }]),
        item('old', 'Zq8#vL2!pW9@kR4$', 400),
        item(
          'github',
          'Tr0ub4dor&3-Xyzzy-Plugh!',
          5,
          [{ name: 'url', value: 'https://github.com/login' }],
          true,
        ),
        item(
          'gitlab',
          'Another-Long-Unique-Pass-42!',
          5,
          [
            { name: 'url', value: 'https://gitlab.com' },
            { name: 'totp', value: 'JBSWY3DPEHPK3PXP' },
          ],
          true,
        ),
        // Same site as the marked github item, but not marked itself: the mark is per item.
        item('github-2', 'Plugh-Xyzzy-Unique-Long-77?', 5, [{ name: 'url', value: 'https://github.com' }]),
        item('note', '', 900),
      ],
      await options(),
    );
    const problemsOf = (id: string) => report.findings.find((f) => f.id === id)?.problems ?? [];
    expect(report.checked).toBe(8);
    expect(problemsOf('weak')).toEqual(['weak']);
    expect(problemsOf('mail')).toEqual(['reused']);
    expect(problemsOf('bank')).toEqual(['reused']);
    expect(report.findings.find((f) => f.id === 'bank')?.sharedWith).toBe(1);
    expect(problemsOf('old')).toEqual(['old']);
    expect(report.findings.find((f) => f.id === 'old')?.ageDays).toBe(400);
    expect(problemsOf('github')).toEqual(['no_totp']);
    expect(report.findings.find((f) => f.id === 'github')?.host).toBe('github.com');
    // A one-time code set up, an unmarked item, and an item without a password: nothing to report.
    expect(problemsOf('gitlab')).toEqual([]);
    expect(problemsOf('github-2')).toEqual([]);
    expect(problemsOf('note')).toEqual([]);
    expect(report.counts).toEqual({ weak: 1, reused: 2, old: 1, no_totp: 1 });
  });

  it('groups reused passwords, one group per password, largest first', async () => {
    const report = healthReport(
      [
        item('a1', 'Shared-Password-Alpha-2026!', 1),
        item('b1', 'Shared-Password-Bravo-2026!', 1),
        item('a2', 'Shared-Password-Alpha-2026!', 1),
        item('b2', 'Shared-Password-Bravo-2026!', 1),
        item('b3', 'Shared-Password-Bravo-2026!', 1),
        item('lone', 'Lonely-Password-Charlie-2026!', 1),
      ],
      await options(),
    );
    expect(report.reusedGroups).toEqual([
      ['b1', 'b2', 'b3'],
      ['a1', 'a2'],
    ]);
    const groupOf = (id: string) => report.findings.find((f) => f.id === id)?.reuseGroup;
    expect([groupOf('b1'), groupOf('b2'), groupOf('b3')]).toEqual([0, 0, 0]);
    expect([groupOf('a1'), groupOf('a2')]).toEqual([1, 1]);
    expect(report.findings.find((f) => f.id === 'b1')?.sharedWith).toBe(2);
    expect(report.findings.some((f) => f.id === 'lone')).toBe(false);
  });

  it('counts as old only what is past the threshold chosen', async () => {
    const items = [item('young', 'Zq8#vL2!pW9@kR4$a', 20), item('aged', 'Zq8#vL2!pW9@kR4$b', 40)];
    expect(healthReport(items, await options({ oldAfterDays: 30 })).counts.old).toBe(1);
    expect(healthReport(items, await options({ oldAfterDays: 10 })).counts.old).toBe(2);
    expect(healthReport(items, await options({ oldAfterDays: 365 })).counts.old).toBe(0);
  });

  it('scores each distinct password once, and not again when the cache already holds it', async () => {
    const estimate = await loadHealthEstimator();
    const asked: string[] = [];
    const counting: HealthOptions['estimate'] = (password, inputs) => {
      asked.push(password);
      return estimate(password, inputs);
    };
    const scores = new Map<string, number>();
    const items = [
      item('a', 'same-pass-Q7!x', 1),
      item('b', 'same-pass-Q7!x', 1),
      item('c', 'other-Z9?y', 1),
    ];
    healthReport(items, await options({ estimate: counting, scores }));
    expect(asked.sort()).toEqual(['other-Z9?y', 'same-pass-Q7!x']);
    healthReport(items, await options({ estimate: counting, scores, oldAfterDays: 1 }));
    expect(asked).toHaveLength(2);
  });

  it('reports progress up to the whole vault', async () => {
    const items = Array.from({ length: 1200 }, (_, i) => item(`i${i}`, `Pass-${i}-Unique-Long-Enough!`, 1));
    const seen: [number, number][] = [];
    // Progress is what is checked here, not scoring: every password is taken as strong.
    const estimate: HealthOptions['estimate'] = () => ({ score: 4, warning: null, suggestions: [] });
    healthReport(items, await options({ estimate, onProgress: (done, total) => seen.push([done, total]) }));
    expect(seen).toEqual([
      [500, 1200],
      [1000, 1200],
      [1200, 1200],
    ]);
  });

  it('never puts a password in the report', async () => {
    const report = healthReport(
      [item('a', 'hunter2-marker', 1), item('b', 'hunter2-marker', 1)],
      await options(),
    );
    expect(report.counts.reused).toBe(2);
    expect(JSON.stringify(report)).not.toContain('hunter2-marker');
  });

  it('reads a site from the url field as people type it', () => {
    expect(hostOf([{ name: 'URL', value: 'https://www.GitHub.com/login' }])).toBe('github.com');
    expect(hostOf([{ name: 'url', value: 'bank.example/path' }])).toBe('bank.example');
    expect(hostOf([{ name: 'url', value: 'not a url at all' }])).toBeNull();
    expect(hostOf([])).toBeNull();
  });
});
