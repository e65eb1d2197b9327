import 'server-only';

/**
 * The caller's IP for the audit log and per-IP limits. X-Forwarded-For is written by whoever sent
 * the request; only a reverse proxy we trust (AUTH_TRUST_PROXY) overwrites it, so without one the
 * header is the client's own claim. `next start` fills it from the socket only when it is absent.
 */
export function clientIp(h: Headers, trustProxy: boolean): string | null {
  const xff = h.get('x-forwarded-for');
  if (!xff) return h.get('x-real-ip');
  const parts = xff
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Behind a trusted proxy the last hop it appended is the client it saw; otherwise the first
  // (and normally only) entry, which next start set from the socket when the client sent none.
  return (trustProxy ? parts.at(-1) : parts[0]) ?? null;
}
