import 'server-only';
import { AppError } from '../errors';

/**
 * Cross-site request forgery: a browser sends the session cookie (SameSite=Lax) along with any
 * top-level form POST from another site, and with `fetch` from a same-site subdomain. A request
 * that changes state must therefore come from our own origin — scheme and host of AUTH_URL,
 * compared exactly. `X-Forwarded-Host` is believed only with AUTH_TRUST_PROXY, because any client
 * can send it (Next.js itself compares Origin to it, which is why this check does not rely on
 * Next's).
 *
 *   same    an Origin, when sent, must be ours; without one, Sec-Fetch-Site must not say another
 *           site. A request with neither header does not come from a browser and carries no
 *           victim's cookie (every current browser sends Origin on a POST).
 *   strict  the Origin header must be present and ours.
 *   off     server-to-server callers that authenticate otherwise (CAS single logout, bearer tokens).
 */
export type OriginMode = 'same' | 'strict' | 'off';

export interface OriginPolicy {
  /** scheme://host[:port] of AUTH_URL */
  origin: string;
  trustProxy: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function forwardedOrigin(h: Headers): string | null {
  const host = h.get('x-forwarded-host')?.split(',')[0]?.trim();
  if (!host) return null;
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim() || 'https';
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

/** Whether a request with this method and these headers may change state here. */
export function originAllowed(method: string, h: Headers, policy: OriginPolicy, mode: OriginMode = 'same'): boolean {
  if (mode === 'off' || SAFE_METHODS.has(method.toUpperCase())) return true;
  const origin = h.get('origin');
  if (origin === null) {
    if (mode === 'strict') return false;
    const site = h.get('sec-fetch-site');
    return site === null || site === 'same-origin' || site === 'none';
  }
  let o: string;
  try {
    o = new URL(origin).origin;
  } catch {
    return false; // includes the opaque "null" origin of sandboxed frames and file: pages
  }
  if (o === 'null') return false;
  if (o === policy.origin) return true;
  return policy.trustProxy && o === forwardedOrigin(h);
}

export function assertOrigin(method: string, h: Headers, policy: OriginPolicy, mode: OriginMode = 'same'): void {
  if (!originAllowed(method, h, policy, mode)) {
    throw new AppError('forbidden', { message: `foreign origin ${String(h.get('origin')).slice(0, 100)}`, userMessage: 'http.foreignOrigin' });
  }
}
