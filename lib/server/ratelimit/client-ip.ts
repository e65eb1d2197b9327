import 'server-only';
import { getEnv } from '../env';

/**
 * The client address per-IP limits count against. X-Forwarded-For's left end is whatever the
 * client sent, so an attacker could rotate it to get a fresh budget on every request; each
 * trusted reverse proxy appends the address it saw, so the entry TRUSTED_PROXY_HOPS from the
 * right is the one no client can choose (default 1: one proxy in front, as docs/operations.md
 * deploys it). With 0 hops the app is reached directly and the header is not trusted at all.
 */
export function clientIpOf(headers: Pick<Headers, 'get'>, hops: number = getEnv().rateLimits.proxyHops): string {
  if (hops > 0) {
    const chain = (headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const ip = chain[chain.length - hops] ?? chain[0];
    if (ip) return ip;
    const real = headers.get('x-real-ip')?.trim();
    if (real) return real;
  }
  return 'unknown';
}
