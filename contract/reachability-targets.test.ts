// Reachability targets: what is accepted, how ranges and blocks expand, and what is refused and why.
import { describe, expect, it } from 'vitest';
import { expandTarget, parseReachabilityTarget, reachabilityTargetsSchema } from './reachability-targets.ts';

const expand = (text: string) => {
  const parsed = parseReachabilityTarget(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return expandTarget(parsed);
};
const refusal = (text: string) => {
  const parsed = parseReachabilityTarget(text);
  return 'error' in parsed ? parsed.error : null;
};

describe('reachability targets', () => {
  it('accepts host names, IPv4 and IPv6 addresses as single targets', () => {
    expect(expand('Client-7.Office.Example.')).toEqual(['client-7.office.example']);
    expect(expand('localhost')).toEqual(['localhost']);
    expect(expand(' 192.168.1.20 ')).toEqual(['192.168.1.20']);
    expect(expand('fe80::1')).toEqual(['fe80::1']);
    expect(expand('2001:db8::42')).toEqual(['2001:db8::42']);
  });

  it('expands a last-octet range, a whole-address range across octets, and CIDR blocks', () => {
    const range = expand('192.168.1.1-254');
    expect(range).toHaveLength(254);
    expect([range[0], range.at(-1)]).toEqual(['192.168.1.1', '192.168.1.254']);
    expect(expand('10.0.0.254-10.0.1.1')).toEqual(['10.0.0.254', '10.0.0.255', '10.0.1.0', '10.0.1.1']);
    // A /24 without its network and broadcast addresses; a host address inside the block is rounded down.
    const block = expand('10.1.2.77/24');
    expect([block.length, block[0], block.at(-1)]).toEqual([254, '10.1.2.1', '10.1.2.254']);
    expect(expand('10.1.2.5/32')).toEqual(['10.1.2.5']);
    expect(expand('10.1.2.4/31')).toEqual(['10.1.2.4', '10.1.2.5']);
  });

  it('refuses what is not a host, with the reason', () => {
    expect(refusal('rm -rf /')).toMatch(/not a host name/);
    expect(refusal('host;reboot')).toMatch(/not a host name/);
    expect(refusal('-leading.example')).toMatch(/not a host name/);
    expect(refusal('under_score.example')).toMatch(/not a host name/);
    expect(refusal(`${'a'.repeat(64)}.example`)).toMatch(/not a host name/);
    expect(refusal('10.1.1')).toMatch(/not a valid IPv4/);
    expect(refusal('256.1.1.1')).toMatch(/not a valid IPv4/);
    expect(refusal('010.1.1.1')).toMatch(/not a valid IPv4/);
    expect(refusal('10.0.0.9-3')).toMatch(/ends before it starts/);
    expect(refusal('10.0.0.1-300')).toMatch(/last octet/);
    expect(refusal('10.0.0.0/23')).toMatch(/prefix \/23/);
    expect(refusal('0.0.0.0')).toMatch(/names no host/);
    expect(refusal('255.255.255.255')).toMatch(/broadcast/);
    expect(refusal('239.1.1.1')).toMatch(/multicast/);
    expect(refusal('::')).toMatch(/unspecified/);
    expect(refusal('ff02::1')).toMatch(/multicast/);
    expect(refusal('1:2:3')).toMatch(/IPv6/);
    expect(refusal('10.0.0.1-10.0.4.10')).toMatch(/1034 addresses/);
  });

  it('caps the whole check at 1024 addresses and names the offending entry', () => {
    const four = ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'];
    expect(reachabilityTargetsSchema.safeParse([...four, '10.0.4.1-8']).success).toBe(true);
    const over = reachabilityTargetsSchema.safeParse([...four, '10.0.4.0/24']);
    expect(over.error?.issues[0]?.message).toMatch(/1270 addresses/);
    const bad = reachabilityTargetsSchema.safeParse(['localhost', 'bad host']);
    expect(bad.error?.issues[0]?.path).toEqual([1]);
  });
});
