// The Certificates screen's server calls: the list, issue, renew, revoke, the server certificate and its names.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf, RevocationReason } from '../../../contract/index.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useVault } from '../../app/session-context.tsx';

export function useCertificates() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.certificates,
    queryFn: () => vault.client.request('listCertificates', {}),
  });
}

/** After any change the list and the overview's flags are asked again. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.certificates }),
      queryClient.invalidateQueries({ queryKey: queryKeys.adminOverview }),
    ]);
}

export function useIssueCertificate() {
  const vault = useVault();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: InputOf<'issueClientCertificate'>) =>
      vault.client.request('issueClientCertificate', input),
    onSuccess: refresh,
  });
}

export function useRenewCertificate() {
  const vault = useVault();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { serial: string; validityDays: number }) =>
      vault.client.request('renewCertificate', input),
    onSuccess: refresh,
  });
}

export function useRevokeCertificate() {
  const vault = useVault();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { serial: string; reason: RevocationReason }) =>
      vault.client.request('revokeCertificate', input),
    onSuccess: refresh,
  });
}

export function useRenewServerCertificate() {
  const vault = useVault();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (validityDays: number) => vault.client.request('renewServerCertificate', { validityDays }),
    onSuccess: refresh,
  });
}

export function useReplaceServerCertificate() {
  const vault = useVault();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { certPem: string; keyPem: string }) =>
      vault.client.request('replaceServerCertificate', input),
    onSuccess: refresh,
  });
}

export function useCaCertificate() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.caCertificate,
    queryFn: () => vault.client.request('downloadCaCertificate', {}),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The names a renewed server certificate is issued for (settings.tls), shared with the settings screen's cache. */
export function useServerNames() {
  const vault = useVault();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: queryKeys.serverSettings,
    queryFn: () => vault.client.request('getSettings', {}),
  });
  const save = useMutation({
    mutationFn: (tls: { dnsNames: string[]; ipAddresses: string[] }) =>
      vault.client.request('updateSettings', { patch: { tls } }),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.serverSettings, saved),
  });
  return { names: settings.data?.tls ?? null, error: settings.error, save };
}

/** Whom a client certificate may be issued for: the users the administrator can see. */
export function useUserChoices() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.usersMatching(''),
    queryFn: () => vault.client.request('listUsers', {}),
  });
}

export function useAdminOverview() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.adminOverview,
    queryFn: () => vault.client.request('getAdminOverview', {}),
  });
}
