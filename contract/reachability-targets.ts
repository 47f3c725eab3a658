// Reachability targets: host names (RFC 1123), IPv4, IPv6, IPv4 ranges and small CIDR blocks, parsed and
// expanded without any runtime dependency, so the renderer can check a form the way the server will.
import { z } from 'zod';

/** At most this many addresses in one check: enough for four /24 networks, too few for a real scan. */
export const REACHABILITY_TARGET_LIMIT = 1024;
/** The Keyhold port: what a client host running Keyhold answers on. */
export const DEFAULT_REACHABILITY_PORT = 7777;
/** The largest CIDR block accepted: a /24 (254 hosts). */
export const SMALLEST_CIDR_PREFIX = 24;

/** One parsed target: a name still to resolve, or addresses to try as they are. */
export type ReachabilityTarget =
  | { kind: 'host'; name: string }
  | { kind: 'addresses'; family: 4 | 6; first: string; count: number; text: string };

const ipv4Schema = z.ipv4();
const ipv6Schema = z.ipv6();
const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function ipv4ToNumber(text: string): number | null {
  if (!ipv4Schema.safeParse(text).success) return null;
  const parts = text.split('.');
  // Leading zeros read as octal in some resolvers: "010.1.1.1" must not mean two different hosts.
  if (parts.some((p) => p.length > 1 && p.startsWith('0'))) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** 0.0.0.0/8 (this network), 224.0.0.0/4 (multicast) and 240.0.0.0/4 (reserved, broadcast) are not hosts. */
function ipv4Refusal(n: number): string | null {
  const first = Math.floor(n / 2 ** 24);
  if (first === 0) return 'is in 0.0.0.0/8, which names no host';
  if (first >= 224) return 'is a multicast, reserved or broadcast address, not a host';
  return null;
}

function isHostName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  // An all-digit last label would make "10.1.1" a name; RFC 1123 §2.1 rules that out for top-level domains.
  if (/^\d+$/.test(labels.at(-1) ?? '')) return false;
  return labels.every((l) => label.test(l));
}

/** Parses one target; returns the target or the reason it is refused. */
export function parseReachabilityTarget(raw: string): ReachabilityTarget | { error: string } {
  const text = raw.trim().toLowerCase();
  const fail = (why: string) => ({ error: `"${raw.trim().slice(0, 60)}" ${why}` });
  if (text.length === 0) return { error: 'is empty' };
  if (text.length > 253) return fail('is longer than 253 characters');
  if (text.includes(':')) {
    if (!ipv6Schema.safeParse(text).success) return fail('is not a valid IPv6 address');
    if (/^(0*:)*:?0*$/.test(text)) return fail('is the unspecified address, not a host');
    if (text.startsWith('ff')) return fail('is a multicast address, not a host');
    return { kind: 'addresses', family: 6, first: text, count: 1, text };
  }
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  if (cidr) {
    const base = ipv4ToNumber(cidr[1] ?? '');
    const prefix = Number(cidr[2]);
    if (base === null) return fail('does not start with a valid IPv4 address');
    if (prefix < SMALLEST_CIDR_PREFIX || prefix > 32)
      return fail(`has prefix /${prefix}: blocks from /${SMALLEST_CIDR_PREFIX} to /32 are accepted`);
    const size = 2 ** (32 - prefix);
    const network = base - (base % size);
    // Blocks of four or more leave out their network and broadcast addresses, as a host list would.
    const first = size >= 4 ? network + 1 : network;
    const count = size >= 4 ? size - 2 : size;
    return addressRange(first, count, text, fail);
  }
  const range = /^([\d.]+)-([\d.]+)$/.exec(text);
  if (range) {
    const start = ipv4ToNumber(range[1] ?? '');
    if (start === null) return fail('does not start with a valid IPv4 address');
    const endText = range[2] ?? '';
    // "192.168.1.1-254" ends at a last octet; "192.168.1.1-192.168.2.10" at a whole address.
    const end = /^\d{1,3}$/.test(endText)
      ? Number(endText) <= 255
        ? start - (start % 256) + Number(endText)
        : null
      : ipv4ToNumber(endText);
    if (end === null) return fail('does not end with a valid last octet (0–255) or IPv4 address');
    if (end < start) return fail('ends before it starts');
    return addressRange(start, end - start + 1, text, fail);
  }
  if (/^[\d.]+$/.test(text)) {
    const n = ipv4ToNumber(text);
    if (n === null) return fail('is not a valid IPv4 address');
    return addressRange(n, 1, text, fail);
  }
  if (!isHostName(text))
    return fail('is not a host name, IP address, range (192.168.1.1-254) or CIDR block (192.168.1.0/24)');
  return { kind: 'host', name: text.endsWith('.') ? text.slice(0, -1) : text };
}

function addressRange(
  first: number,
  count: number,
  text: string,
  fail: (why: string) => { error: string },
): ReachabilityTarget | { error: string } {
  if (count > REACHABILITY_TARGET_LIMIT)
    return fail(`holds ${count} addresses: at most ${REACHABILITY_TARGET_LIMIT} are checked at once`);
  for (const n of [first, first + count - 1]) {
    const refusal = ipv4Refusal(n);
    if (refusal) return fail(`${refusal} (${numberToIpv4(n)})`);
  }
  return { kind: 'addresses', family: 4, first: numberToIpv4(first), count, text };
}

/** How many addresses a target stands for (a host name counts once). */
export function targetSize(target: ReachabilityTarget): number {
  return target.kind === 'host' ? 1 : target.count;
}

/** Every address or name a target stands for, in order. */
export function expandTarget(target: ReachabilityTarget): string[] {
  if (target.kind === 'host') return [target.name];
  if (target.family === 6) return [target.first];
  const first = ipv4ToNumber(target.first) ?? 0;
  return Array.from({ length: target.count }, (_, i) => numberToIpv4(first + i));
}

/** One target as the contract validates it: refused with its reason, accepted as a parsed target. */
export const reachabilityTargetSchema = z
  .string()
  .max(300)
  .transform((raw, ctx): ReachabilityTarget => {
    const parsed = parseReachabilityTarget(raw);
    if ('error' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed;
  });

/** The targets of one check, capped as a whole. */
export const reachabilityTargetsSchema = z
  .array(reachabilityTargetSchema)
  .min(1, { message: 'name at least one host, address or range' })
  .max(256, { message: 'at most 256 entries' })
  .superRefine((targets, ctx) => {
    const total = targets.reduce((sum, t) => sum + targetSize(t), 0);
    if (total > REACHABILITY_TARGET_LIMIT)
      ctx.addIssue({
        code: 'custom',
        message: `these targets hold ${total} addresses: at most ${REACHABILITY_TARGET_LIMIT} are checked at once`,
      });
  });
