import 'server-only';
import { clientIpOf } from './client-ip';
import { limit, RateLimitError } from './index';
import { localeOf, rateLimitedResponse } from './response';

/**
 * For route handlers: spend one point of `kind` for `key`; null when allowed, else the 429
 * response (Retry-After, localized, JSON or a small page by Accept). Other errors propagate.
 */
export async function limitOrRespond(kind: string, key: string, req: Request, opts: { backHref?: string } = {}): Promise<Response | null> {
  try {
    await limit(kind, key);
    return null;
  } catch (e) {
    if (e instanceof RateLimitError) return rateLimitedResponse(e, { locale: localeOf(req), accept: req.headers.get('accept'), backHref: opts.backHref });
    throw e;
  }
}

// Auth.js endpoints that start or finish a sign-in: the sign-in POST and the provider callbacks.
// session/csrf/providers/signout are not sign-in attempts and stay unlimited.
const SIGN_IN_PATHS = /^\/api\/auth\/(?:signin|callback)(?:\/|$)/;

/** The `signin` budget (per client IP) for a request to an Auth.js sign-in or callback route. */
export async function limitSignInRoute(req: Request): Promise<Response | null> {
  if (!SIGN_IN_PATHS.test(new URL(req.url).pathname)) return null;
  return limitOrRespond('signin', clientIpOf(req.headers), req, { backHref: '/signin' });
}
