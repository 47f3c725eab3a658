// Percentiles from bucket counts: the figures the latency chart and its caption show.
import { describe, expect, it } from 'vitest';
import {
  emptyHistogram,
  histogramQuantile,
  LATENCY_BOUNDS_SECONDS,
  latencySlot,
} from './latency-histogram.ts';

function histogramOf(seconds: number[]): number[] {
  const counts = emptyHistogram();
  for (const s of seconds) {
    const slot = latencySlot(s);
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return counts;
}

describe('latency histogram', () => {
  it('puts a duration in the first bucket whose bound it does not exceed', () => {
    expect(latencySlot(0)).toBe(0);
    expect(latencySlot(0.001)).toBe(0);
    expect(latencySlot(0.0011)).toBe(1);
    expect(latencySlot(0.3)).toBe(LATENCY_BOUNDS_SECONDS.indexOf(0.5));
    expect(latencySlot(60)).toBe(LATENCY_BOUNDS_SECONDS.length);
  });

  it('gives p50 and p95 within the bucket the true value lies in', () => {
    // 90 fast calls (3 ms) and 10 slow ones (400 ms): the median is fast, p95 is slow.
    const counts = histogramOf([...Array(90).fill(0.003), ...Array(10).fill(0.4)]);
    const p50 = histogramQuantile(counts, 0.5) ?? 0;
    const p95 = histogramQuantile(counts, 0.95) ?? 0;
    expect(p50).toBeGreaterThan(0.0025);
    expect(p50).toBeLessThanOrEqual(0.005);
    expect(p95).toBeGreaterThan(0.25);
    expect(p95).toBeLessThanOrEqual(0.5);
  });

  it('answers null with nothing counted, and the top bound for calls slower than every bound', () => {
    expect(histogramQuantile(emptyHistogram(), 0.5)).toBeNull();
    expect(histogramQuantile(histogramOf([30, 40]), 0.95)).toBe(10);
  });
});
