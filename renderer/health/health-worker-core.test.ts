// The password-health worker's body with real keys and real sealed items: the report it gives back, the
// item it cannot open, and what it keeps after being told to forget.
import { describe, expect, it } from 'vitest';
import { BulkItems, type NewItem } from '../../client/bulk-items.ts';
import { generateUserKeyPair, newVaultKey } from '../../client/crypto/index.ts';
import type { SealedHealthItem } from '../../client/health/health-items.ts';
import type { HealthReply } from './health-protocol.ts';
import { healthWorkerHandler } from './health-worker-core.ts';

const item = (name: string, value: string, twoStep = false): NewItem => ({
  name,
  path: '/web',
  tags: [],
  type: 'login',
  payload: {
    value,
    notes: '',
    fields: [{ name: 'url', value: `https://${name}.example`, hidden: false }],
    ...(twoStep && { twoStep }),
  },
});

function sealedFor(bulk: BulkItems, items: NewItem[], changedAt: string): SealedHealthItem[] {
  return bulk.sealNew(items).map((s) => ({
    id: s.id,
    name: s.name,
    path: s.path,
    valueVersion: 1,
    value: s.value,
    wrappedKey: s.wrappedKey,
    valueChangedAt: changedAt,
  }));
}

function worker() {
  const replies: HealthReply[] = [];
  const handle = healthWorkerHandler((reply) => replies.push(structuredClone(reply)));
  return { replies, handle };
}

describe('the password-health worker', () => {
  it('opens what it is given and reports on it, without a password in any reply', async () => {
    const keys = { ...generateUserKeyPair(), vaultKey: newVaultKey() };
    const bulk = new BulkItems(keys);
    const { replies, handle } = worker();
    await handle({ kind: 'keys', ...keys });
    const now = '2026-12-01T00:00:00.000Z';
    await handle({
      kind: 'put',
      id: 1,
      items: sealedFor(
        bulk,
        [
          item('router', 'qwerty123'),
          item('mail', 'Shared-Horse-Battery-61!'),
          item('bank', 'Shared-Horse-Battery-61!'),
        ],
        now,
      ),
    });
    await handle({
      kind: 'put',
      id: 2,
      items: [
        ...sealedFor(bulk, [item('legacy', 'Old-Unique-Long-Pass-4410?')], '2024-01-01T00:00:00.000Z'),
        ...sealedFor(bulk, [item('github', 'Gh-Unique-Long-Pass-7731?', true)], now),
      ],
    });
    // Sealed for someone else: it does not open with these keys and is left out, counted.
    const stranger = new BulkItems({ ...generateUserKeyPair(), vaultKey: newVaultKey() });
    await handle({ kind: 'put', id: 3, items: sealedFor(stranger, [item('foreign', 'x')], now) });
    expect(
      replies.filter((r) => r.ok && r.kind === 'ack').map((r) => r.ok && r.kind === 'ack' && r.opened),
    ).toEqual([3, 5, 5]);

    await handle({ kind: 'report', id: 4, oldAfterDays: 365, now });
    const last = replies.at(-1);
    if (!last?.ok || last.kind !== 'report') throw new Error(`no report: ${JSON.stringify(last)}`);
    expect(last.unreadable).toBe(1);
    expect(last.report.checked).toBe(5);
    expect(last.report.counts).toEqual({ weak: 1, reused: 2, old: 1, no_totp: 1 });
    expect(replies.some((r) => r.ok && r.kind === 'progress' && r.done === 5 && r.total === 5)).toBe(true);
    const text = JSON.stringify(replies);
    for (const password of ['qwerty123', 'Shared-Horse-Battery-61!', 'Old-Unique-Long-Pass-4410?']) {
      expect(text).not.toContain(password);
    }

    // Another threshold, the same items: the old password is old no more.
    await handle({ kind: 'report', id: 5, oldAfterDays: 5000, now });
    const again = replies.at(-1);
    expect(again?.ok && again.kind === 'report' && again.report.counts.old).toBe(0);

    // After forget, nothing is held: a report covers no item and a page cannot be opened.
    await handle({ kind: 'forget' });
    await handle({ kind: 'report', id: 6, oldAfterDays: 365, now });
    const empty = replies.at(-1);
    expect(empty?.ok && empty.kind === 'report' && empty.report.checked).toBe(0);
    await handle({ kind: 'put', id: 7, items: sealedFor(bulk, [item('late', 'x')], now) });
    expect(replies.at(-1)).toEqual({ id: 7, ok: false, message: 'the health worker holds no keys' });
  });
});
