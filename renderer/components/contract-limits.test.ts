// The limits a form puts on its inputs are the contract's own, found through every schema wrapper.
import { describe, expect, it } from 'vitest';
import { maxLengthAt } from './contract-limits.ts';

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
});
