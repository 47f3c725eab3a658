// The gauges: sessions in use, secrets and shares, counted from the database (once a minute, not per request).
import type { Store } from '../storage/database.ts';
import type { Gauges } from './minute-stats.ts';
import { countActiveSessions, countSecrets, countShares } from './stats-repo.ts';

/** What the gauges read: the seal state (initialised, sealed, the idle timeout), the store and the clock. */
export interface GaugeSource {
  readonly state: {
    readonly initialized: boolean;
    readonly sealed: boolean;
    readonly settings: { session: { idleMinutes: number } };
  };
  readonly store: Store;
  readonly clock: () => Date;
}

/** Before init nothing exists to count; sealed, the idle timeout is unknown, so sessions are not counted. */
export async function sampleGauges({ state, store, clock }: GaugeSource): Promise<Gauges> {
  if (!state.initialized) return { sessionsActive: 0, secrets: 0, shares: 0 };
  const now = clock();
  return {
    sessionsActive: state.sealed
      ? null
      : await countActiveSessions(store, now, state.settings.session.idleMinutes),
    secrets: await countSecrets(store),
    shares: await countShares(store),
  };
}
