// Request latency as a fixed-bucket histogram: cheap to count, summable across minutes, p50/p95 over any range.

/** Upper bounds in seconds, Prometheus' default ladder; one more slot counts everything slower (+Inf). */
export const LATENCY_BOUNDS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

export const LATENCY_SLOTS = LATENCY_BOUNDS_SECONDS.length + 1;

export function emptyHistogram(): number[] {
  return new Array<number>(LATENCY_SLOTS).fill(0);
}

/** The slot a duration falls in: the first bound it does not exceed, else the +Inf slot. */
export function latencySlot(seconds: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_SECONDS.length; i++) {
    if (seconds <= (LATENCY_BOUNDS_SECONDS[i] ?? 0)) return i;
  }
  return LATENCY_BOUNDS_SECONDS.length;
}

export function addHistogram(into: number[], from: readonly number[]): void {
  for (let i = 0; i < LATENCY_SLOTS; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
}

/**
 * The q-quantile in seconds, interpolated linearly inside its bucket as Prometheus' histogram_quantile
 * does; null when nothing was counted. A quantile in the +Inf slot answers the highest finite bound.
 */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const upper = LATENCY_BOUNDS_SECONDS[i];
      if (upper === undefined) return LATENCY_BOUNDS_SECONDS[LATENCY_BOUNDS_SECONDS.length - 1] ?? null;
      const lower = i === 0 ? 0 : (LATENCY_BOUNDS_SECONDS[i - 1] ?? 0);
      return lower + (upper - lower) * ((rank - seen) / count);
    }
    seen += count;
  }
  return null;
}
