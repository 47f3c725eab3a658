// Progress reported by an import or export, delivered to React at most once a frame: a 100,000-item
// import reports on every item, and rendering each report would slow the work it is reporting on.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Progress } from '../../client/import/import-types.ts';

export interface ProgressState {
  progress: Progress | null;
  report(progress: Progress): void;
  reset(): void;
}

export function useProgress(): ProgressState {
  const [progress, setProgress] = useState<Progress | null>(null);
  const latest = useRef<Progress | null>(null);
  const frame = useRef<number | null>(null);
  const report = useCallback((next: Progress) => {
    latest.current = next;
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setProgress(latest.current);
    });
  }, []);
  const reset = useCallback(() => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    latest.current = null;
    setProgress(null);
  }, []);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );
  return { progress, report, reset };
}
