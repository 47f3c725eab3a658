// The Prometheus text format as a scraper parses it: families, escaped labels, cumulative buckets.
import { describe, expect, it } from 'vitest';
import { LATENCY_BOUNDS_SECONDS } from './latency-histogram.ts';
import { renderPrometheus } from './prometheus-text.ts';

const counts = new Array<number>(LATENCY_BOUNDS_SECONDS.length + 1).fill(0);
counts[0] = 3;
counts[5] = 2;
counts[LATENCY_BOUNDS_SECONDS.length] = 1;

const text = renderPrometheus({
  startedAt: '2026-03-02T10:00:00.000Z',
  requests: [
    { operation: 'listSecrets', status: 'ok', count: 5 },
    { operation: 'odd"name\\with\nnewline', status: 'denied', count: 1 },
  ],
  refusals: [{ code: 'forbidden', count: 1 }],
  logins: { ok: 2, failed: 1 },
  latency: { bounds: [...LATENCY_BOUNDS_SECONDS], counts, sumSeconds: 12.5 },
  sessionsActive: 4,
  secrets: null,
  shares: 0,
});
const lines = text.split('\n');

describe('Prometheus text', () => {
  it('writes each family with HELP and TYPE, and one sample per line', () => {
    expect(lines).toContain('# TYPE keyhold_requests_total counter');
    expect(lines).toContain('keyhold_requests_total{operation="listSecrets",status="ok"} 5');
    expect(lines).toContain('keyhold_logins_total{result="failed"} 1');
    expect(lines).toContain('keyhold_sessions_active 4');
    expect(lines).toContain('keyhold_start_time_seconds 1772445600');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('escapes quotes, backslashes and newlines in label values', () => {
    expect(lines).toContain(
      'keyhold_requests_total{operation="odd\\"name\\\\with\\nnewline",status="denied"} 1',
    );
  });

  it('makes histogram buckets cumulative, ending at +Inf equal to _count', () => {
    expect(lines).toContain('keyhold_request_duration_seconds_bucket{le="0.001"} 3');
    expect(lines).toContain('keyhold_request_duration_seconds_bucket{le="0.05"} 5');
    expect(lines).toContain('keyhold_request_duration_seconds_bucket{le="10"} 5');
    expect(lines).toContain('keyhold_request_duration_seconds_bucket{le="+Inf"} 6');
    expect(lines).toContain('keyhold_request_duration_seconds_count 6');
    expect(lines).toContain('keyhold_request_duration_seconds_sum 12.5');
  });

  it('leaves out a gauge whose value is unknown rather than reporting zero', () => {
    expect(text).not.toContain('keyhold_secrets');
    expect(lines).toContain('keyhold_shares 0');
  });
});
