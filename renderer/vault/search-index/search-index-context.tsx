// One search index per unlocked session: started when the signed-in window opens, wiped when it closes
// (lock, sign-out, session over), and told to catch up whenever the vault's lists are refreshed.
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { queryKeys } from '../../app/query-keys.ts';
import { useVault } from '../../app/session-context.tsx';
import { type IndexState, SearchIndex } from './search-index.ts';

const SearchIndexContext = createContext<SearchIndex | null>(null);

/** After a change, lists are refreshed in a burst of invalidations: one sync follows the burst. */
const SYNC_DELAY_MS = 150;

export function SearchIndexProvider({ children }: { children: ReactNode }) {
  const vault = useVault();
  const queryClient = useQueryClient();
  const [index, setIndex] = useState<SearchIndex | null>(null);

  useEffect(() => {
    // Web Workers exist in every window Keyhold runs in; without them search stays name, folder and tag.
    if (typeof Worker === 'undefined') return;
    const started = SearchIndex.start(vault, firstListPainted(queryClient));
    setIndex(started);
    // Every change to the user's secrets (save, delete, restore, rename a folder, import) refreshes the
    // lists keyed ['secrets', …]; the index follows the same signal rather than each screen telling it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'invalidate') return;
      if (event.query.queryKey[0] !== queryKeys.secrets[0]) return;
      // At once, not after the burst: a name search typed meanwhile must not be answered from before it.
      started.markChanged();
      clearTimeout(timer);
      timer = setTimeout(() => void started.sync(), SYNC_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
      started.close();
      setIndex(null);
    };
  }, [vault, queryClient]);

  return <SearchIndexContext.Provider value={index}>{children}</SearchIndexContext.Provider>;
}

/**
 * How long the first pass waits for the vault's list at most: a window that opens on another section
 * (Health, the admin console) lists no secrets, and its search must still get ready.
 */
const FIRST_LIST_WAIT_MS = 3000;

/**
 * Settles once a page of the vault's list is in and the frame showing it has been painted (the task after
 * the next animation frame), or after FIRST_LIST_WAIT_MS.
 */
function firstListPainted(queryClient: QueryClient): Promise<void> {
  const cache = queryClient.getQueryCache();
  const listed = () =>
    cache.findAll({ queryKey: queryKeys.secrets }).some((query) => query.state.status === 'success');
  return new Promise((resolve) => {
    const painted = () => requestAnimationFrame(() => setTimeout(resolve, 0));
    if (listed()) {
      painted();
      return;
    }
    const stop = () => {
      clearTimeout(timer);
      unsubscribe();
    };
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, FIRST_LIST_WAIT_MS);
    const unsubscribe = cache.subscribe(() => {
      if (!listed()) return;
      stop();
      painted();
    });
  });
}

/** The session's index, or null before it starts (or where workers are unavailable). */
export const useSearchIndex = (): SearchIndex | null => useContext(SearchIndexContext);

const NOT_STARTED: IndexState = {
  generation: 0,
  stats: { indexed: 0, pending: 0, unreadable: 0, changes: 0 },
  built: false,
  fresh: false,
  buildMs: null,
  listed: 0,
  error: null,
};
const noop = () => () => undefined;

/**
 * The index's generation while `watching` (a search is typed), re-rendering only when it moves: the list
 * does not re-render for each page the first pass reads while nobody searches.
 */
export function useSearchIndexGeneration(index: SearchIndex | null, watching: boolean): number {
  return useSyncExternalStore(watching && index ? index.subscribe : noop, () =>
    watching && index ? index.getState().generation : 0,
  );
}

/** Whether the index can answer a name search itself (IndexState.fresh), while `watching`. */
export function useSearchIndexFresh(index: SearchIndex | null, watching: boolean): boolean {
  return useSyncExternalStore(watching && index ? index.subscribe : noop, () =>
    watching && index ? index.getState().fresh : false,
  );
}

/** The index's progress and generation, re-rendering as it changes. */
export function useSearchIndexState(index: SearchIndex | null): IndexState {
  return useSyncExternalStore(index?.subscribe ?? noop, () => index?.getState() ?? NOT_STARTED);
}
