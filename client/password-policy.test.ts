// The new-password rule: each requirement refuses what lacks it and lets the rest through.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_POLICY, passwordProblem } from './password-policy.ts';

const strict = { minLength: 12, requireMixedCase: true, requireDigit: true, requireSymbol: true };

describe('the password policy', () => {
  it('by default asks for 10 characters and nothing else', () => {
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, 'short')).toBe('tooShort');
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, 'tencharsxx')).toBeNull();
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(passwordProblem({ ...DEFAULT_PASSWORD_POLICY, minLength: 8 }, '🔑🔑🔑🔑')).toBe('tooShort');
    expect(passwordProblem({ ...DEFAULT_PASSWORD_POLICY, minLength: 8 }, 'пароль-ок')).toBeNull();
  });

  it('names the first thing a password lacks', () => {
    expect(passwordProblem(strict, 'alllowercase1!')).toBe('needsMixedCase');
    expect(passwordProblem(strict, 'Mixed-Case-Only')).toBe('needsDigit');
    expect(passwordProblem(strict, 'Mixed Case 123')).toBe('needsSymbol');
    expect(passwordProblem(strict, 'Пароль-с-цифрой-1')).toBeNull();
  });
});
