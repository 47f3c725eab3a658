// zxcvbn-ts set up for scoring a whole vault: the same dictionaries and score as the password forms
// (client/password-strength.ts), but with the l33t matcher capped at two substitutions. Uncapped, that
// matcher tries every combination of look-alike characters and a random 16-character password costs about
// 7× more (measured: 180 ms against 25 ms on a loaded 2-core machine); with two, "P@ssw0rd1", "dr@g0n123"
// and "M0nk3y!!" are still found weak (health-estimator.test.ts), and at 100,000 items the difference is
// minutes. A form scores one password at a time and keeps the full matcher.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { StrengthEstimator } from '../password-strength.ts';

const L33T_MAX_SUBSTITUTIONS = 2;
/** zxcvbn's cost grows with length; 256 characters (the policy's most) are past any guessing. */
const MAX_LENGTH = 256;

let loading: Promise<StrengthEstimator> | null = null;

/** Loaded on first use (the dictionaries take about half a second), then shared. */
export function loadHealthEstimator(): Promise<StrengthEstimator> {
  loading ??= build();
  return loading;
}

async function build(): Promise<StrengthEstimator> {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  const zxcvbn: ZxcvbnFactory = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
    maxLength: MAX_LENGTH,
  });
  return (password, userInputs = []) => {
    const result = zxcvbn.check(password.slice(0, MAX_LENGTH), userInputs.filter(Boolean));
    return {
      score: result.score,
      warning: result.feedback.warning ?? null,
      suggestions: result.feedback.suggestions,
    };
  };
}
