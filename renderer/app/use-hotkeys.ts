// Global keys: "/" or Ctrl+F focuses search, Ctrl+L locks. Typing in a field never triggers "/".
import { useEffect } from 'react';

export interface Hotkeys {
  focusSearch(): void;
  lock(): void;
}

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function useHotkeys(keys: Hotkeys): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ctrl = e.ctrlKey || e.metaKey;
      if (ctrl && !e.altKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        keys.lock();
      } else if (ctrl && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        keys.focusSearch();
      } else if (e.key === '/' && !ctrl && !typingIn(e.target)) {
        e.preventDefault();
        keys.focusSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keys]);
}
