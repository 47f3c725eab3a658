// While the window's index answers name searches itself, the server is asked the same search once the person
// stops typing: if its first page or its count differ (another device or the command line changed the vault
// since the index last listed it), the index is marked out of date and synced, and the list turns back to the
// server's rows, which this check has just put in the cache.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { KeyholdClient } from '../../client/index.ts';
import { useSearchIndex } from './search-index/search-index-context.tsx';
import { fetchPage, type ListSource, PAGE_SIZE, secretsKey } from './use-secret-pages.ts';

/** How long a search must stay as typed before the server is asked: typing itself asks it nothing. */
export const CONFIRM_AFTER_MS = 600;

export function useServerAgrees(client: KeyholdClient, source: ListSource, local: boolean): void {
  const index = useSearchIndex();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!local || !index || source.kind !== 'search') return;
    const { query } = source;
    let gone = false;
    const timer = setTimeout(() => {
      void Promise.all([fetchPage(client, source, 0), index.query(query, 0, PAGE_SIZE, 'names')]).then(
        ([server, mine]) => {
          if (gone) return;
          queryClient.setQueryData(secretsKey(source, 0), server);
          const agrees =
            server.total === mine.total &&
            server.items.every((row, i) => {
              const held = mine.matches[i]?.summary;
              return held?.id === row.id && held.revision === row.revision && held.version === row.version;
            });
          if (agrees) return;
          index.markChanged();
          void index.sync();
        },
        // Offline or refused: the index's answer stands, and the error shows on the next server request.
        () => undefined,
      );
    }, CONFIRM_AFTER_MS);
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, [client, index, queryClient, source, local]);
}
