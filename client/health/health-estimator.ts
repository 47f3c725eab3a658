// zxcvbn-ts set up for scoring a whole vault: the same dictionaries and score as the password forms
// (client/password-strength.ts), but with the l33t matcher capped at two substitutions. Uncapped, that
// matcher tries every combination of look-alike characters and a random 16-character password costs about
// 7× more (measured: 180 ms against 25 ms on a loaded 2-core machine); with two, "P@ssw0rd1", "dr@g0n123"
// and "M0nk3y!!" are still found weak (health-estimator.test.ts), and at 100,000 items the difference is
// minutes. A form scores one password at a time and keeps the full matcher.
import { buildStrengthEstimator, type StrengthEstimator } from '../password-strength.ts';

const L33T_MAX_SUBSTITUTIONS = 2;

let loading: Promise<StrengthEstimator> | null = null;

/** Loaded on first use (the dictionaries take about half a second), then shared. */
export function loadHealthEstimator(): Promise<StrengthEstimator> {
  loading ??= buildStrengthEstimator({ l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS });
  return loading;
}
