// The counting of anonymous refusals on its own: first written, repeats counted, one entry when the
// window closes, and a bounded memory when addresses keep coming.
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from './audit-log.ts';
import { isAnonymousRefusal, MANY_ADDRESSES, RefusalAggregator } from './refusal-aggregator.ts';

const refusal = (address: string, operation = 'listSecrets', code = 'unauthenticated'): AuditRecord => ({
  time: new Date().toISOString(),
  operation,
  opNumber: null,
  userId: null,
  sessionId: null,
  address,
  target: null,
  status: 'denied',
  code,
});

describe('RefusalAggregator', () => {
  it('writes the first refusals of a kind, counts the rest, and writes their count when the window closes', async () => {
    const written: AuditRecord[] = [];
    let closed: () => void = () => undefined;
    const windowClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const aggregator = new RefusalAggregator({
      windowMs: 20,
      detailed: 3,
      write: async (record) => {
        written.push(record);
        closed();
      },
    });
    for (let i = 0; i < 3; i++) expect(aggregator.absorb(refusal('10.0.0.1'))).toBe(false);
    for (let i = 0; i < 41; i++) expect(aggregator.absorb(refusal('10.0.0.1'))).toBe(true);
    // Another address, another code or another operation is another kind: written as it comes.
    expect(aggregator.absorb(refusal('10.0.0.2'))).toBe(false);
    expect(aggregator.absorb(refusal('10.0.0.1', 'listSecrets', 'rate_limited'))).toBe(false);
    expect(aggregator.absorb(refusal('10.0.0.1', 'readSecret'))).toBe(false);
    // Made-up operation names are one kind.
    for (const name of ['a', 'b', 'c']) {
      expect(aggregator.absorb(refusal('10.0.0.1', `unknown:${name}`))).toBe(false);
    }
    expect(aggregator.absorb(refusal('10.0.0.1', 'unknown:d'))).toBe(true);
    await windowClosed;
    aggregator.stop();
    expect(written).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          address: '10.0.0.1',
          operation: 'listSecrets',
          code: 'unauthenticated',
          status: 'denied',
          userId: null,
          target: expect.stringMatching(/^repeated 41 more times since /),
        }),
      ]),
    );
    // The window closed: the next refusal of that kind is written again.
    expect(aggregator.absorb(refusal('10.0.0.1'))).toBe(false);
    aggregator.stop();
  });

  it('holds at most maxKeys kinds: further addresses share one count', async () => {
    const written: AuditRecord[] = [];
    const aggregator = new RefusalAggregator({
      maxKeys: 3,
      detailed: 1,
      write: async (r) => void written.push(r),
    });
    for (const address of ['a', 'b', 'c']) expect(aggregator.absorb(refusal(address))).toBe(false);
    for (const address of ['d', 'e', 'f', 'g']) expect(aggregator.absorb(refusal(address))).toBe(true);
    await aggregator.flush();
    aggregator.stop();
    expect(written).toEqual([
      expect.objectContaining({ address: MANY_ADDRESSES, target: expect.stringMatching(/^repeated 4 more/) }),
    ]);
  });

  it('counts only anonymous refusals: not a signed-in caller, not a success', () => {
    expect(isAnonymousRefusal(refusal('a'))).toBe(true);
    expect(isAnonymousRefusal({ ...refusal('a'), userId: 'u1' })).toBe(false);
    expect(isAnonymousRefusal({ ...refusal('a'), status: 'ok' })).toBe(false);
  });
});
