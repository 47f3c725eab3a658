// How guessable a password is, by zxcvbn-ts: the score (0–4) a policy's minStrength is checked against,
// and feedback as translation keys (`warnings.*`, `suggestions.*`) that each client words itself.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export interface PasswordStrength {
  /** 0 too guessable, 1 very guessable, 2 somewhat guessable, 3 safely unguessable, 4 very unguessable. */
  score: 0 | 1 | 2 | 3 | 4;
  /** A zxcvbn warning key (e.g. `extendedRepeat`), or null. */
  warning: string | null;
  /** zxcvbn suggestion keys (e.g. `anotherWord`). */
  suggestions: string[];
}

export type StrengthEstimator = (password: string, userInputs?: string[]) => PasswordStrength;

// Loaded on first use, not at import: the dictionaries take about half a second to load, which every
// `keyhold` command and every window would otherwise pay though only password forms need them.
let loading: Promise<StrengthEstimator> | null = null;

export function loadStrengthEstimator(): Promise<StrengthEstimator> {
  loading ??= buildStrengthEstimator();
  return loading;
}

/** What a caller scoring many passwords may trade (see client/health/health-estimator.ts). */
export interface EstimatorTuning {
  /** Look-alike characters tried at once by the l33t matcher; zxcvbn's own default when absent. */
  l33tMaxSubstitutions?: number;
}

/** A fresh estimator: the dictionaries, the adjacency graphs and the 256-character cap every client uses. */
export async function buildStrengthEstimator(tuning: EstimatorTuning = {}): Promise<StrengthEstimator> {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  // No `translations`: feedback comes back as keys, worded by the client in the person's language.
  const zxcvbn: ZxcvbnFactory = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    ...(tuning.l33tMaxSubstitutions === undefined
      ? {}
      : { l33tMaxSubstitutions: tuning.l33tMaxSubstitutions }),
  });
  return (password, userInputs = []) => {
    // zxcvbn's cost grows with length; 256 characters (the policy's most) are past any guessing.
    const result = zxcvbn.check(password.slice(0, 256), userInputs.filter(Boolean));
    return {
      score: result.score,
      warning: result.feedback.warning ?? null,
      suggestions: result.feedback.suggestions,
    };
  };
}
