// The server's rule for new passwords, checked where passwords are chosen: the server never sees them.
import type { PasswordPolicy } from '../contract/index.ts';
import { loadStrengthEstimator } from './password-strength.ts';

export type PasswordProblem = 'tooShort' | 'needsMixedCase' | 'needsDigit' | 'needsSymbol' | 'tooWeak';

/** The rule a client applies when it cannot ask the server (first run, before there is one). */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 10,
  requireMixedCase: false,
  requireDigit: false,
  requireSymbol: false,
  minStrength: 3,
};

/**
 * The first thing a password lacks under the policy, or null. Length counts characters, not bytes.
 * `userInputs` (the user name, the display name) make a password that repeats them weaker.
 */
export async function passwordProblem(
  policy: PasswordPolicy,
  password: string,
  userInputs: string[] = [],
): Promise<PasswordProblem | null> {
  if ([...password].length < policy.minLength) return 'tooShort';
  if (policy.requireMixedCase && !(/\p{Lu}/u.test(password) && /\p{Ll}/u.test(password)))
    return 'needsMixedCase';
  if (policy.requireDigit && !/\p{Nd}/u.test(password)) return 'needsDigit';
  if (policy.requireSymbol && !/[^\p{L}\p{Nd}\s]/u.test(password)) return 'needsSymbol';
  if (policy.minStrength > 0) {
    const estimate = await loadStrengthEstimator();
    if (estimate(password, userInputs).score < policy.minStrength) return 'tooWeak';
  }
  return null;
}
