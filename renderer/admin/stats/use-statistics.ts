// The statistics screen's server calls: the figures, refreshed each minute while the screen is open, and
// the token Prometheus scrapes /metrics with (made, replaced or revoked by administrators).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StatsRange } from '../../../contract/index.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useVault } from '../../app/session-context.tsx';

export function useStatistics(range: StatsRange) {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.statistics(range),
    queryFn: () => vault.client.request('getStatistics', { range }),
    // The server writes a minute once a minute: sooner would only redraw the same picture.
    refetchInterval: 60_000,
    placeholderData: (previous) => previous,
  });
}

export function useScrapeToken() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.scrapeToken,
    queryFn: () => vault.client.request('getScrapeToken', {}),
  });
}

/** Makes (or replaces) the token; its value is in the answer, shown once. */
export function useCreateScrapeToken() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => vault.client.request('createScrapeToken', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.scrapeToken }),
  });
}

export function useRevokeScrapeToken() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => vault.client.request('revokeScrapeToken', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.scrapeToken }),
  });
}
