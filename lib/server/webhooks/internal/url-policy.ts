import 'server-only';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must never reach in production (SSRF): loopback, private (RFC 1918, ULA),
 * link-local (cloud metadata at 169.254.169.254), CGNAT, unspecified, multicast, reserved and
 * documentation ranges, and IPv4 hidden in IPv6 (mapped, NAT64) is checked as IPv4.
 */
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

function embeddedV4(ip: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (m) return m[1]!;
  const h = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (h) {
    const a = parseInt(h[1]!, 16),
      b = parseInt(h[2]!, 16);
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  return null;
}

export function isForbiddenAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family === 6) {
    const v4 = embeddedV4(ip);
    if (v4) return blocked.check(v4, 'ipv4');
    return blocked.check(ip, 'ipv6');
  }
  return true;
}

export type UrlRefusal = 'url' | 'https' | 'private' | 'unresolvable';

export interface ResolvedTarget {
  url: URL;
  /** The address the request must go to: resolved once, checked, then pinned for the connection. */
  address: string;
  family: 4 | 6;
}

/**
 * Checks an endpoint URL and resolves it. In production: https only and every resolved address
 * must be public (a host that resolves to one private address among public ones is refused, since
 * the connection could pick it). In development and tests: http and loopback are allowed.
 */
export async function resolveTarget(raw: string, opts: { production: boolean }): Promise<ResolvedTarget | { refused: UrlRefusal }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refused: 'url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { refused: 'url' };
  if (url.username || url.password) return { refused: 'url' };
  if (opts.production && url.protocol !== 'https:') return { refused: 'https' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addrs: { address: string; family: number }[];
  if (isIP(host)) addrs = [{ address: host, family: isIP(host) }];
  else {
    try {
      addrs = await lookup(host, { all: true, verbatim: true });
    } catch {
      return { refused: 'unresolvable' };
    }
  }
  if (!addrs.length) return { refused: 'unresolvable' };
  if (opts.production && addrs.some((a) => isForbiddenAddress(a.address))) return { refused: 'private' };
  return { url, address: addrs[0]!.address, family: addrs[0]!.family === 6 ? 6 : 4 };
}
