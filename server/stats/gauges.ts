// The gauges: sessions in use, secrets and shares, counted from the database (once a minute, not per request).
import type { Store } from '../storage/database.ts';
import type { Gauges } from './minute-stats.ts';
import { countActiveSessions, countSecrets, countShares } from './stats-repo.ts';

/** What the gauges read of the server's state (the ServerState, which owns the aggregator). */
export interface GaugeSource {
  readonly initialized: boolean;
  readonly sealed: boolean;
  readonly store: Store;
  now(): Date;
  readonly settings: { session: { idleMinutes: number } };
}

/** Before init nothing exists to count; sealed, the idle timeout is unknown, so sessions are not counted. */
export async function sampleGauges(state: GaugeSource): Promise<Gauges> {
  if (!state.initialized) return { sessionsActive: 0, secrets: 0, shares: 0 };
  const now = state.now();
  return {
    sessionsActive: state.sealed
      ? null
      : await countActiveSessions(state.store, now, state.settings.session.idleMinutes),
    secrets: await countSecrets(state.store),
    shares: await countShares(state.store),
  };
}
