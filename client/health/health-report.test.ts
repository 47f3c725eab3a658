// The password health report on a small vault whose every problem is known.
import { describe, expect, it } from 'vitest';
import { loadStrengthEstimator } from '../password-strength.ts';
import { type HealthItem, healthReport, hostOf } from './health-report.ts';

const now = new Date('2026-12-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const item = (id: string, value: string, age: number, fields: HealthItem['fields'] = []): HealthItem => ({
  id,
  name: id,
  path: '/',
  value,
  valueChangedAt: daysAgo(age),
  fields,
});

describe('the password health report', () => {
  it('finds weak, reused and old passwords, and marked sites without a one-time code', async () => {
    const estimate = await loadStrengthEstimator();
    const strong = 'correct-Horse-battery-staple-91!';
    const report = healthReport(
      [
        item('weak', 'bobbobbobbob', 10),
        item('mail', strong, 10, [{ name: 'url', value: 'https://mail.example.org' }]),
        item('bank', strong, 10, [{ name: 'url', value: 'www.bank.example' }]),
        item('old', 'Zq8#vL2!pW9@kR4$', 400),
        item('github', 'Tr0ub4dor&3-Xyzzy-Plugh!', 5, [{ name: 'url', value: 'https://github.com/login' }]),
        item('gitlab', 'Another-Long-Unique-Pass-42!', 5, [
          { name: 'url', value: 'https://gitlab.com' },
          { name: 'totp', value: 'JBSWY3DPEHPK3PXP' },
        ]),
        item('note', '', 900),
      ],
      { estimate, now, oldAfterDays: 365, minScore: 3, sitesWithTotp: new Set(['github.com', 'gitlab.com']) },
    );
    const problemsOf = (id: string) => report.findings.find((f) => f.id === id)?.problems ?? [];
    expect(report.checked).toBe(7);
    expect(problemsOf('weak')).toEqual(['weak']);
    expect(problemsOf('mail')).toEqual(['reused']);
    expect(problemsOf('bank')).toEqual(['reused']);
    expect(report.findings.find((f) => f.id === 'bank')?.sharedWith).toBe(1);
    expect(problemsOf('old')).toEqual(['old']);
    expect(problemsOf('github')).toEqual(['no_totp']);
    // A one-time code set up, and an item without a password: nothing to report.
    expect(problemsOf('gitlab')).toEqual([]);
    expect(problemsOf('note')).toEqual([]);
    expect(report.counts).toEqual({ weak: 1, reused: 2, old: 1, no_totp: 1 });
  });

  it('never puts a password in the report', async () => {
    const estimate = await loadStrengthEstimator();
    const report = healthReport([item('a', 'hunter2-marker', 1), item('b', 'hunter2-marker', 1)], {
      estimate,
      now,
      oldAfterDays: 365,
      minScore: 3,
      sitesWithTotp: new Set(),
    });
    expect(JSON.stringify(report)).not.toContain('hunter2-marker');
  });

  it('reads a site from the url field as people type it', () => {
    expect(hostOf([{ name: 'URL', value: 'https://www.GitHub.com/login' }])).toBe('github.com');
    expect(hostOf([{ name: 'url', value: 'bank.example/path' }])).toBe('bank.example');
    expect(hostOf([{ name: 'url', value: 'not a url at all' }])).toBeNull();
    expect(hostOf([])).toBeNull();
  });
});
