// One-time codes against RFC 6238's own test vectors (Appendix B), and the setups people paste.
import { Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { parseTotp, TotpSetupError, totpFieldOf } from './totp.ts';

// The RFC's seeds: ASCII digits, 20, 32 and 64 bytes long for SHA-1, SHA-256 and SHA-512.
const seeds = {
  SHA1: '12345678901234567890',
  SHA256: '12345678901234567890123456789012',
  SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
} as const;

// Time (s) → the eight-digit codes of SHA-1, SHA-256, SHA-512.
const vectors: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('one-time codes (RFC 6238)', () => {
  it('match every test vector of the RFC for SHA-1, SHA-256 and SHA-512', () => {
    for (const [index, algorithm] of (['SHA1', 'SHA256', 'SHA512'] as const).entries()) {
      const secret = Secret.fromUTF8(seeds[algorithm]).base32;
      const generator = parseTotp(
        `otpauth://totp/RFC:test?secret=${secret}&algorithm=${algorithm}&digits=8&period=30`,
      );
      for (const vector of vectors) {
        expect(generator.codeAt(vector[0] * 1000).code, `${algorithm} at ${vector[0]}`).toBe(
          vector[index + 1],
        );
      }
    }
  });

  it('read a bare base32 secret as authenticator apps do: SHA-1, 6 digits, 30 seconds', () => {
    // The SHA-1 seed in base32, written in groups and lower case as sites print it.
    const generator = parseTotp('gezd gnbv gy3t qojq gezd gnbv gy3t qojq');
    expect(generator.setup).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30 });
    expect(generator.codeAt(59_000).code).toBe('287082');
  });

  it('say how long the code stays valid', () => {
    const generator = parseTotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(generator.codeAt(59_000).secondsLeft).toBe(1);
    expect(generator.codeAt(60_000).secondsLeft).toBe(30);
    expect(generator.codeAt(75_500).secondsLeft).toBe(15);
  });

  it('keep the issuer and account of an otpauth address', () => {
    const generator = parseTotp('otpauth://totp/GitHub:octo-admin?secret=JBSWY3DPEHPK3PXP&issuer=GitHub');
    expect(generator.setup).toMatchObject({ issuer: 'GitHub', label: 'octo-admin' });
  });

  it('refuse what cannot give codes, naming what is wrong', () => {
    const problem = (text: string) => {
      try {
        parseTotp(text);
        return null;
      } catch (error) {
        return error instanceof TotpSetupError ? error.problem : String(error);
      }
    };
    expect(problem('not a secret!')).toBe('not_base32');
    expect(problem('otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1')).toBe('not_totp');
    expect(problem('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5')).toBe('bad_algorithm');
    expect(problem('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=4')).toBe('bad_digits');
    expect(problem('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0')).toBe('bad_period');
    expect(problem('otpauth://totp/x?secret=1%2F8')).toBe('not_base32');
  });

  it('find the setup under the names the importers write (totp, and KeePassXC’s otp)', () => {
    expect(totpFieldOf([{ name: 'username', value: 'a' }])).toBeNull();
    expect(totpFieldOf([{ name: 'TOTP', value: 'JBSWY3DPEHPK3PXP' }])).toBe('JBSWY3DPEHPK3PXP');
    expect(totpFieldOf([{ name: 'otp', value: 'otpauth://totp/x?secret=A' }])).toBe(
      'otpauth://totp/x?secret=A',
    );
    expect(totpFieldOf([{ name: 'totp', value: '  ' }])).toBeNull();
  });
});
