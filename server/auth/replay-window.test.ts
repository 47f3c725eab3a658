import { describe, expect, it } from 'vitest';
import { acceptOperationNumber, REPLAY_WINDOW, type ReplayState } from './replay-window.ts';
import { ReplayWindows } from './replay-windows.ts';

function run(numbers: number[]): (true | string)[] {
  let state: ReplayState = { high: 0, window: 0n };
  return numbers.map((n) => {
    const verdict = acceptOperationNumber(state, n);
    if (!verdict.ok) return verdict.reason;
    state = verdict.next;
    return true;
  });
}

describe('operation number replay window', () => {
  it('accepts increasing numbers and refuses a repeat', () => {
    expect(run([1, 2, 3, 3])).toEqual([true, true, true, 'repeated']);
  });

  it('accepts numbers that arrive a little out of order, once each', () => {
    expect(run([5, 3, 4, 3, 1, 2])).toEqual([true, true, true, 'repeated', true, true]);
  });

  it('refuses numbers older than the window as stale', () => {
    expect(run([REPLAY_WINDOW + 10, 5])).toEqual([true, 'stale']);
  });

  it('refuses zero, negatives and fractions', () => {
    expect(run([0])).toEqual(['stale']);
    expect(run([-1])).toEqual(['stale']);
    expect(run([1.5])).toEqual(['stale']);
  });

  it('remembers used numbers across a large jump only inside the window', () => {
    const far = REPLAY_WINDOW + 50;
    expect(run([1, 2, far, far - 1, 60, 2])).toEqual([true, true, true, true, true, 'stale']);
  });
});

describe('the replay windows of many sessions', () => {
  it('forgets sessions idle past the timeout, keeps the active ones', () => {
    const windows = new ReplayWindows();
    const idle = 30 * 60_000;
    for (let i = 0; i < 1000; i++) windows.set(`old-${i}`, { high: 1, window: 1n }, 0, idle);
    for (let i = 0; i < 30; i++) windows.set(`new-${i}`, { high: 1, window: 1n }, idle + 1, idle);
    expect(windows.get('old-1')).toBeUndefined();
    expect(windows.get('new-29')).toEqual({ high: 1, window: 1n });
    expect(windows.size).toBeLessThan(100);
  });
});
