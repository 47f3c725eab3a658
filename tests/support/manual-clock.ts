// A clock the test moves by hand, for the server's `now` option: expiry, lockout, retention and minute
// buckets are tested by moving time, never by sleeping.
export function manualClock(start = Date.parse('2026-03-02T10:00:00.000Z')) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
    /** Moves to the start of the next minute, plus `seconds`. */
    nextMinute: (seconds = 5) => {
      now = now - (now % 60_000) + 60_000 + seconds * 1000;
    },
    /** The start of the current minute, in milliseconds. */
    minute: () => now - (now % 60_000),
  };
}
