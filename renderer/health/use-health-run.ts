// One health run per visit to the Health section: started when the screen opens, its worker wiped and
// stopped when the screen closes (or the window locks), asked again when the "old" threshold changes.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useVault } from '../app/session-context.tsx';
import { HealthRun, type HealthState } from './health-run.ts';

const NOT_STARTED: HealthState = {
  phase: 'reading',
  done: 0,
  total: 0,
  report: null,
  unreadable: 0,
  error: null,
};
const noop = () => () => undefined;

export function useHealthRun(oldAfterDays: number): HealthState {
  const vault = useVault();
  const [run, setRun] = useState<HealthRun | null>(null);
  // The threshold at start is read once; later changes recompute without reading the vault again.
  const startDays = useRef(oldAfterDays);
  useEffect(() => {
    if (typeof Worker === 'undefined') return;
    const started = HealthRun.start(vault, startDays.current);
    setRun(started);
    return () => {
      started.close();
      setRun(null);
    };
  }, [vault]);
  const state = useSyncExternalStore(run?.subscribe ?? noop, () => run?.getState() ?? NOT_STARTED);
  const ready = state.phase === 'done';
  const asked = useRef(oldAfterDays);
  useEffect(() => {
    if (!run || !ready || asked.current === oldAfterDays) return;
    asked.current = oldAfterDays;
    void run.recompute(oldAfterDays);
  }, [run, ready, oldAfterDays]);
  return state;
}
