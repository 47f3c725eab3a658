// Rows of a 100,000-secret list fetched a page at a time, only the pages the viewport is showing.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { KeyholdClient } from '../../client/index.ts';
import type { SecretSummary } from '../../contract/index.ts';
import { queryKeys } from '../app/query-keys.ts';

/**
 * Rows per request. A tall window shows about 30 rows with the virtualizer's overscan, so one page of 50
 * fills it; every keystroke of a search asks for page 0 again (and the window's index for as many matches),
 * so a larger page is only bytes to encode, parse and clone per keystroke (200 cost about a millisecond
 * more on the server alone).
 */
export const PAGE_SIZE = 50;

export type ListSource =
  | { kind: 'folder'; path: string; deleted: boolean }
  | { kind: 'search'; query: string; deleted: false };

export function fetchPage(client: KeyholdClient, source: ListSource, page: number) {
  const window = { offset: page * PAGE_SIZE, limit: PAGE_SIZE };
  return source.kind === 'search'
    ? client.request('searchSecrets', { query: source.query, ...window })
    : client.request('listSecrets', {
        path: source.path,
        deleted: source.deleted,
        recursive: true,
        ...window,
      });
}

export const secretsKey = queryKeys.secretPage;

export interface SecretPages {
  total: number;
  /** The row at an index, or undefined while its page is loading. */
  rowAt(index: number): SecretSummary | undefined;
  isFetching: boolean;
  error: unknown;
  /** True while the rows shown belong to the previous source (a search still typing). */
  isStale: boolean;
}

export function useSecretPages(
  client: KeyholdClient,
  source: ListSource,
  visible: { first: number; last: number },
  /** False while the window's own index answers a search: nothing is asked of the server. */
  enabled = true,
): SecretPages {
  // Page 0 always loads: it brings the total, and keeps the previous results up while a search runs.
  const head = useQuery({
    queryKey: secretsKey(source, 0),
    queryFn: () => fetchPage(client, source, 0),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
  const firstPage = Math.floor(visible.first / PAGE_SIZE);
  const lastPage = Math.floor(visible.last / PAGE_SIZE);
  const wanted: number[] = [];
  for (let p = Math.max(1, firstPage); p <= lastPage; p++) wanted.push(p);
  const pages = useQueries({
    queries: wanted.map((page) => ({
      queryKey: secretsKey(source, page),
      queryFn: () => fetchPage(client, source, page),
      staleTime: 30_000,
      enabled: enabled && !head.isPlaceholderData,
    })),
  });
  if (!enabled) return IDLE;
  const byPage = new Map<number, SecretSummary[]>();
  if (head.data) byPage.set(0, head.data.items);
  wanted.forEach((page, i) => {
    const data = pages[i]?.data;
    if (data) byPage.set(page, data.items);
  });
  return {
    total: head.data?.total ?? 0,
    rowAt: (index) => byPage.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    isFetching: head.isFetching || pages.some((p) => p.isFetching),
    error: head.error ?? pages.find((p) => p.error)?.error ?? null,
    isStale: head.isPlaceholderData,
  };
}

const IDLE: SecretPages = {
  total: 0,
  rowAt: () => undefined,
  isFetching: false,
  error: null,
  isStale: false,
};
