// Values shown once (key shares, machine tokens, enrollment codes, certificate keys, scrape tokens): while
// one is on screen, nothing but the person's own confirmation may take it away. A screen showing one holds
// the window; the gate (App) then keeps the screen it has even when a status poll or a refetch would switch,
// and the idle timer waits. Locking and signing out by hand still work: those are the person's choices.
import { useEffect, useSyncExternalStore } from 'react';

const holders = new Set<symbol>();
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Is a shown-once value on screen now? */
export function shownOnceHeld(): boolean {
  return holders.size > 0;
}

/** Re-renders when a shown-once value appears or is confirmed away. */
export function useShownOnceHeld(): boolean {
  return useSyncExternalStore(subscribe, shownOnceHeld, shownOnceHeld);
}

/** Holds the window while `showing` is true (call it in the component that shows the value). */
export function useHoldWhileShown(showing: boolean): void {
  useEffect(() => {
    if (!showing) return;
    const me = Symbol('shown-once');
    holders.add(me);
    changed();
    return () => {
      holders.delete(me);
      changed();
    };
  }, [showing]);
}

/**
 * For a dialog showing such a value: Escape does not dismiss it (Dialog calls this on Escape instead of
 * closing), only its own Done button does.
 */
export function keepOpen(): void {}
