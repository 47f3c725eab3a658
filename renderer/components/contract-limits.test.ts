// The limits a form puts on its inputs are the contract's own, found through every schema wrapper.
import { describe, expect, it } from 'vitest';
import {
  boundsAt,
  checkInput,
  maxLengthAt,
  minLengthAt,
  numberRangeAt,
  settingBounds,
} from './contract-limits.ts';

describe('contract limits', () => {
  it('finds the maximum length of nested, trimmed, transformed and defaulted strings', () => {
    expect(maxLengthAt('init', 'admin.username')).toBe(64);
    expect(maxLengthAt('init', 'admin.displayName')).toBe(100);
    expect(maxLengthAt('createSecret', 'name')).toBe(200);
    expect(maxLengthAt('createSecret', 'path')).toBe(512);
    expect(maxLengthAt('unseal', 'passphrase')).toBe(1024);
    expect(maxLengthAt('unseal', 'share')).toBe(200);
  });

  it('says there is no limit where the contract sets none or the path does not exist', () => {
    expect(maxLengthAt('createSecret', 'type')).toBeUndefined();
    // Tags are typed comma-separated into one input: the per-tag limit must not cap the whole line.
    expect(maxLengthAt('createSecret', 'tags')).toBeUndefined();
    expect(maxLengthAt('createSecret', 'nothing.here')).toBeUndefined();
  });

  it('reads a passphrase minimum and a number setting bounds from the contract', () => {
    expect(minLengthAt('init', 'unseal.passphrase')).toBe(12);
    expect(minLengthAt('setBackupPassphrase', 'passphrase')).toBe(12);
    expect(numberRangeAt('init', 'unseal.shares')).toEqual({ min: 2, max: 10 });
    expect(settingBounds('network.maxConnections')).toEqual({ min: 16, max: 100_000 });
    expect(settingBounds('passwordPolicy.minLength')).toEqual({ min: 8, max: 256 });
    expect(numberRangeAt('createSecret', 'name')).toEqual({});
    expect(() => boundsAt('createSecret', 'name')).toThrow(/createSecret: name has no bounds/);
  });

  it('checks a value as the server would, before it is sent', () => {
    const short = checkInput('init', 'unseal.passphrase', 'eleven char');
    expect(short?.issues[0]).toMatchObject({ code: 'too_small', minimum: 12 });
    expect(checkInput('init', 'unseal.passphrase', 'twelve chars')).toBeNull();
    expect(checkInput('setBackupPassphrase', 'passphrase', 'x'.repeat(1025))?.issues[0]?.code).toBe(
      'too_big',
    );
    expect(checkInput('createSecret', 'nothing.here', 'anything')).toBeNull();
  });
});
