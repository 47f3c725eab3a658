// A keystroke's first page of results, put in the list's cache while the key's own event runs, so that the
// frame drawing the key draws its results too (search-index/search-channel.ts says why a message cannot).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { queryKeys } from '../app/query-keys.ts';
import { useSearchIndex } from './search-index/search-index-context.tsx';
import { PAGE_SIZE } from './use-secret-pages.ts';

/**
 * How long the window's thread may wait for the worker: a query over 100,000 entries takes it a few
 * milliseconds; past this it is busy (a sync, a first query that builds its text), and the page comes by
 * message a frame later instead.
 */
const WAIT_MS = 12;

/** Returns what the search box calls with the text typed, before it sets the query. */
export function useInstantSearch(): (typed: string) => void {
  const index = useSearchIndex();
  const queryClient = useQueryClient();
  return useCallback(
    (typed: string) => {
      const query = typed.trim();
      if (!index || query === '') return;
      // Only while the index answers the whole search (use-search-rows.ts), under the key the list reads.
      const { fresh, generation } = index.getState();
      if (!fresh) return;
      const key = queryKeys.searchIndexPage(generation, 'all', query, 0);
      if (queryClient.getQueryData(key) !== undefined) return;
      const page = index.answerNow(query, 'all', 0, PAGE_SIZE, WAIT_MS);
      if (page) queryClient.setQueryData(key, page);
    },
    [index, queryClient],
  );
}
