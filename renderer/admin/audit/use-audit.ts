// The Audit screen's server calls: a page of entries, the people to filter by, verify, export and retention.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditExportFormat, AuditFilterInput, OutputOf } from '../../../contract/index.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useVault } from '../../app/session-context.tsx';
import { offerDownload } from '../../transfer/save-file.ts';

export const AUDIT_PAGE_SIZE = 100;
/** Rows per export request: big enough to be quick, small enough that neither side holds much at once. */
const EXPORT_PAGE_SIZE = 5000;

export function useAuditPage(filter: AuditFilterInput, cursor: string | null) {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.auditPage(filter, cursor),
    queryFn: () =>
      vault.client.request('listAudit', {
        ...filter,
        limit: AUDIT_PAGE_SIZE,
        ...(cursor !== null && { cursor }),
      }),
    placeholderData: keepPreviousData,
  });
}

/** Everyone an entry can name, people and machine identities, for the user filter. */
export function useAuditPeople() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.usersMatching(''),
    queryFn: () => vault.client.request('listUsers', {}),
    select: (data) => data.users,
  });
}

export function useVerifyAudit() {
  const vault = useVault();
  return useMutation({ mutationFn: () => vault.client.request('verifyAudit', {}) });
}

export type ExportState =
  | { stage: 'idle' }
  | { stage: 'running'; format: AuditExportFormat; rows: number }
  | { stage: 'done'; format: AuditExportFormat; rows: number; fileName: string }
  | { stage: 'cancelled' }
  | { stage: 'failed'; error: unknown };

/**
 * Exports every entry the filter matches, page by page. Each page becomes its own Blob at once, so the
 * text can be let go and the browser may keep the parts on disk; the file is one Blob of those parts.
 */
export function useAuditExport() {
  const vault = useVault();
  const [state, setState] = useState<ExportState>({ stage: 'idle' });
  const cancelled = useRef(false);
  const url = useRef<string | null>(null);
  useEffect(
    () => () => {
      cancelled.current = true;
      if (url.current) URL.revokeObjectURL(url.current);
    },
    [],
  );
  const start = useCallback(
    async (format: AuditExportFormat, filter: AuditFilterInput) => {
      cancelled.current = false;
      const parts: Blob[] = [];
      const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
      let rows = 0;
      let cursor: string | null = null;
      setState({ stage: 'running', format, rows });
      try {
        do {
          const page: OutputOf<'exportAudit'> = await vault.client.request('exportAudit', {
            ...filter,
            format,
            limit: EXPORT_PAGE_SIZE,
            ...(cursor !== null && { cursor }),
          });
          if (cancelled.current) return setState({ stage: 'cancelled' });
          parts.push(new Blob([page.text], { type }));
          rows += page.rows;
          cursor = page.nextCursor;
          setState({ stage: 'running', format, rows });
        } while (cursor !== null);
        if (url.current) URL.revokeObjectURL(url.current);
        url.current = URL.createObjectURL(new Blob(parts, { type }));
        const fileName = exportFileName(format, new Date());
        offerDownload(url.current, fileName);
        setState({ stage: 'done', format, rows, fileName });
      } catch (error) {
        setState({ stage: 'failed', error });
      }
    },
    [vault],
  );
  const cancel = useCallback(() => {
    cancelled.current = true;
  }, []);
  return { state, start, cancel };
}

/** keyhold-audit-<local date and time>.<ext>: sorts by time in a folder and says what it is. */
export function exportFileName(format: AuditExportFormat, at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
  return `keyhold-audit-${stamp}.${format}`;
}

export function useAuditRetention() {
  const vault = useVault();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: queryKeys.serverSettings,
    queryFn: () => vault.client.request('getSettings', {}),
  });
  const save = useMutation({
    mutationFn: (retentionDays: number | null) =>
      vault.client.request('updateSettings', { patch: { audit: { retentionDays } } }),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.serverSettings, saved),
  });
  const prune = useMutation({
    mutationFn: () => vault.client.request('pruneAudit', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.audit }),
  });
  return { retentionDays: settings.data?.audit.retentionDays, error: settings.error, save, prune };
}
