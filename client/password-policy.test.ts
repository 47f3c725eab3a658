// The new-password rule: each requirement refuses what lacks it and lets the rest through.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_POLICY, passwordProblem } from './password-policy.ts';

const strict = {
  minLength: 12,
  requireMixedCase: true,
  requireDigit: true,
  requireSymbol: true,
  minStrength: 0,
};
const lengthOnly = { ...DEFAULT_PASSWORD_POLICY, minStrength: 0 };

describe('the password policy', () => {
  it('by default refuses fewer than 10 characters', async () => {
    expect(await passwordProblem(DEFAULT_PASSWORD_POLICY, 'short')).toBe('tooShort');
  });

  it('by default refuses a long but guessable password and accepts a strong passphrase', async () => {
    expect(await passwordProblem(DEFAULT_PASSWORD_POLICY, 'bobbobbobbob')).toBe('tooWeak');
    expect(await passwordProblem(DEFAULT_PASSWORD_POLICY, 'password1234')).toBe('tooWeak');
    expect(await passwordProblem(DEFAULT_PASSWORD_POLICY, 'violet tractor ocean 71')).toBeNull();
  });

  it('counts a password made of the user name as guessable', async () => {
    expect(await passwordProblem(DEFAULT_PASSWORD_POLICY, 'quokkavelvet2')).toBeNull();
    expect(await passwordProblem(DEFAULT_PASSWORD_POLICY, 'quokkavelvet2', ['quokkavelvet2'])).toBe(
      'tooWeak',
    );
  });

  it('with minStrength 0 asks for the length alone', async () => {
    expect(await passwordProblem(lengthOnly, 'bobbobbobbob')).toBeNull();
  });

  it('counts characters, not bytes or UTF-16 units', async () => {
    expect(await passwordProblem({ ...lengthOnly, minLength: 8 }, '🔑🔑🔑🔑')).toBe('tooShort');
    expect(await passwordProblem({ ...lengthOnly, minLength: 8 }, 'пароль-ок')).toBeNull();
  });

  it('names the first thing a password lacks', async () => {
    expect(await passwordProblem(strict, 'alllowercase1!')).toBe('needsMixedCase');
    expect(await passwordProblem(strict, 'Mixed-Case-Only')).toBe('needsDigit');
    expect(await passwordProblem(strict, 'Mixed Case 123')).toBe('needsSymbol');
    expect(await passwordProblem(strict, 'Пароль-с-цифрой-1')).toBeNull();
  });
});
