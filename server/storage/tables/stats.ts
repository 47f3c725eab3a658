// Statistics: one row per minute per server process, the minute's counters as JSON (no names, no values).
import type { Selectable } from 'kysely';

export interface StatsMinutesTable {
  /** The minute's start, in milliseconds since the epoch. */
  minute: number;
  /** A random id per server process: nodes sharing a database, or a restart within a minute, add rows. */
  node: string;
  /** MinuteData as JSON: counts by operation and code, latency buckets, ids of users, client addresses. */
  data: string;
}
export type StatsMinuteRow = Selectable<StatsMinutesTable>;
