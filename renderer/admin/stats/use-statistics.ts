// The statistics screen's one server call, refreshed each minute while the screen is open.
import { useQuery } from '@tanstack/react-query';
import type { StatsRange } from '../../../contract/index.ts';
import { useVault } from '../../app/session-context.tsx';

export function useStatistics(range: StatsRange) {
  const vault = useVault();
  return useQuery({
    queryKey: ['statistics', range],
    queryFn: () => vault.client.request('getStatistics', { range }),
    // The server writes a minute once a minute: sooner would only redraw the same picture.
    refetchInterval: 60_000,
    placeholderData: (previous) => previous,
  });
}
