// The list's rows: with a search, first the username and URL matches found in this window's index (which
// the server cannot see), then the name, folder and tag matches; otherwise the folder as listed. The name
// matches come from the index too once it holds the whole vault as the server last listed it (a keystroke
// then waits on no request); until then, and whenever the server answers otherwise, from the server.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { KeyholdClient } from '../../client/index.ts';
import type { SecretSummary } from '../../contract/index.ts';
import { queryKeys } from '../app/query-keys.ts';
import {
  useSearchIndex,
  useSearchIndexFresh,
  useSearchIndexGeneration,
} from './search-index/search-index-context.tsx';
import type { IndexMatch, QueryScope } from './search-index/search-protocol.ts';
import { type ListSource, PAGE_SIZE, type SecretPages, useSecretPages } from './use-secret-pages.ts';
import { useServerAgrees } from './use-server-agrees.ts';

/** A row found by its username or URL: which field matched and its text (the row shows it). */
export type FieldMatch = IndexMatch & { field: string };

export interface ListRows extends SecretPages {
  matchAt(index: number): FieldMatch | undefined;
}

interface Leading {
  total: number;
  matchAt(index: number): IndexMatch | undefined;
  isFetching: boolean;
  isStale: boolean;
  error: unknown;
}

/** The index's matches for a query, a page at a time, only the pages in view (as the server's rows). */
function useIndexMatches(
  query: string,
  scope: QueryScope,
  visible: { first: number; last: number },
): Leading {
  const index = useSearchIndex();
  const enabled = index !== null && query !== '';
  const generation = useSearchIndexGeneration(index, enabled);
  const key = (page: number) => queryKeys.searchIndexPage(generation, scope, query, page);
  // The signal aborts when the person types on: the index then skips the query if it has not run it yet.
  const ask = (page: number, signal?: AbortSignal) =>
    index ? index.query(query, page * PAGE_SIZE, PAGE_SIZE, scope, signal) : EMPTY;
  const head = useQuery({
    queryKey: key(0),
    queryFn: ({ signal }) => ask(0, signal),
    enabled,
    // Keyed by the index's generation: an answer stays right until the index changes.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const wanted: number[] = [];
  const lastPage = Math.floor(Math.max(0, visible.last) / PAGE_SIZE);
  for (let p = Math.max(1, Math.floor(Math.max(0, visible.first) / PAGE_SIZE)); p <= lastPage; p++)
    wanted.push(p);
  const pages = useQueries({
    queries: wanted.map((page) => ({
      queryKey: key(page),
      queryFn: ({ signal }: { signal: AbortSignal }) => ask(page, signal),
      enabled: enabled && !head.isPlaceholderData,
      staleTime: Number.POSITIVE_INFINITY,
      gcTime: 30_000,
    })),
  });
  if (!enabled) return NONE;
  const byPage = new Map<number, IndexMatch[]>();
  if (head.data) byPage.set(0, head.data.matches);
  wanted.forEach((page, i) => {
    const data = pages[i]?.data;
    if (data) byPage.set(page, data.matches);
  });
  return {
    total: head.data?.total ?? 0,
    matchAt: (i) => byPage.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE],
    isFetching: head.isFetching || pages.some((p) => p.isFetching),
    // A query the index failed is shown as the server's rows alone: the error line says why.
    isStale: head.isPlaceholderData && !head.isError,
    error: head.error ?? null,
  };
}

const EMPTY = Promise.resolve({ total: 0, matches: [] as IndexMatch[] });
const NONE: Leading = {
  total: 0,
  matchAt: () => undefined,
  isFetching: false,
  isStale: false,
  error: null,
};

const fieldMatch = (match: IndexMatch | undefined): FieldMatch | undefined =>
  match && match.field !== null ? (match as FieldMatch) : undefined;

export function useSearchRows(
  client: KeyholdClient,
  source: ListSource,
  visible: { first: number; last: number },
): ListRows {
  const query = source.kind === 'search' ? source.query : '';
  const fresh = useSearchIndexFresh(useSearchIndex(), query !== '');
  // The index answers the whole search while it is fresh; the server is only asked to confirm, after a pause.
  const local = fresh && query !== '';
  useServerAgrees(client, source, local);
  const leading = useIndexMatches(query, local ? 'all' : 'fields', visible);
  const n = leading.total;
  const server = useSecretPages(
    client,
    source,
    { first: Math.max(0, visible.first - n), last: Math.max(0, visible.last - n) },
    !local,
  );
  if (local) {
    return {
      total: n,
      rowAt: (i) => leading.matchAt(i)?.summary,
      matchAt: (i) => fieldMatch(leading.matchAt(i)),
      isFetching: leading.isFetching,
      error: leading.error,
      isStale: leading.isStale,
    };
  }
  return {
    total: n + server.total,
    rowAt: (i): SecretSummary | undefined => (i < n ? leading.matchAt(i)?.summary : server.rowAt(i - n)),
    matchAt: (i) => (i < n ? fieldMatch(leading.matchAt(i)) : undefined),
    isFetching: server.isFetching || leading.isFetching,
    error: server.error ?? leading.error,
    isStale: server.isStale || leading.isStale,
  };
}
