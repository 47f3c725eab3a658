// Searching and sorting the certificate list, in the window: the list is small and already loaded.
import type { CertificateInfo } from '../../../contract/index.ts';

export const sortKeys = ['serial', 'commonName', 'kind', 'issuedAt', 'expiresAt', 'status'] as const;
export type SortKey = (typeof sortKeys)[number];
export interface Sort {
  key: SortKey;
  ascending: boolean;
}

/** Statuses in the order a person acts on them: the ones needing attention first. */
const statusOrder = { expired: 0, expiring: 1, valid: 2, revoked: 3 } as const;

function compare(a: CertificateInfo, b: CertificateInfo, key: SortKey): number {
  if (key === 'status') return statusOrder[a.status] - statusOrder[b.status];
  return a[key].localeCompare(b[key]);
}

/** Matches the search in the serial, the subject, the common name, the user it was issued for and its host names. */
export function matches(cert: CertificateInfo, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [
    cert.serial,
    cert.subject,
    cert.commonName,
    cert.forUsername ?? '',
    ...cert.dnsNames,
    ...cert.ipAddresses,
  ].some((text) => text.toLowerCase().includes(needle));
}

export function searchAndSort(
  list: readonly CertificateInfo[],
  search: string,
  sort: Sort,
): CertificateInfo[] {
  return list
    .filter((c) => matches(c, search))
    .sort((a, b) => {
      const order = compare(a, b, sort.key) || a.serial.localeCompare(b.serial);
      return sort.ascending ? order : -order;
    });
}
