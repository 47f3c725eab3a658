// The bulk estimator agrees with the password forms' one where it matters for the report: what is weak.
import { describe, expect, it } from 'vitest';
import { loadStrengthEstimator } from '../password-strength.ts';
import { loadHealthEstimator } from './health-estimator.ts';
import { DEFAULT_MIN_SCORE } from './health-report.ts';

describe('the health report estimator', () => {
  it('finds look-alike passwords weak, as the password forms do', async () => {
    const [bulk, form] = await Promise.all([loadHealthEstimator(), loadStrengthEstimator()]);
    for (const password of ['P@ssw0rd1', 'dr@g0n123', 'M0nk3y!!', 'password', 'qwerty123']) {
      expect(bulk(password).score, password).toBeLessThan(DEFAULT_MIN_SCORE);
      expect(form(password).score, password).toBeLessThan(DEFAULT_MIN_SCORE);
    }
  });

  it('finds a long random password strong', async () => {
    const bulk = await loadHealthEstimator();
    expect(bulk('xK3vQ9mLp2Rt7WzA-hY5').score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
  });
});
