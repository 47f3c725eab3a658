// One task per key at a time: a second one while the first runs is refused, and the key frees when it ends.
import { describe, expect, it } from 'vitest';
import { OneAtATime } from './one-at-a-time.ts';

describe('one at a time', () => {
  it('refuses a second task for the same key until the first settles, even when it fails', async () => {
    const guard = new OneAtATime();
    let finish: (value: string) => void = () => {};
    const first = guard.run('alice', () => new Promise<string>((done) => (finish = done)));
    expect(first).not.toBeNull();
    expect(guard.run('alice', async () => 'second')).toBeNull();
    expect(await guard.run('bob', async () => 'bob runs')).toBe('bob runs');
    finish('first done');
    expect(await first).toBe('first done');
    expect(guard.isRunning('alice')).toBe(false);
    await expect(guard.run('alice', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await guard.run('alice', async () => 'again')).toBe('again');
  });
});
