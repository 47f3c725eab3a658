// Auto-lock: the desktop measures the computer's idle time in main; a browser page measures its own.
import { useEffect } from 'react';
import type { Platform } from '../platform/platform.ts';

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export function useIdleLock(platform: Platform, minutes: number, active: boolean, onIdle: () => void): void {
  useEffect(() => {
    platform.setAutoLock(minutes);
  }, [platform, minutes]);

  useEffect(() => {
    if (!active || minutes <= 0 || platform.tracksIdle) return;
    let timer: ReturnType<typeof setTimeout>;
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, minutes * 60_000);
    };
    restart();
    for (const type of ACTIVITY) window.addEventListener(type, restart, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, restart);
    };
  }, [platform, minutes, active, onIdle]);
}
