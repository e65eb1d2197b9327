import 'server-only';
import { authenticateApiClient } from '../auth/api-client';
import { actorOf, type Ctx } from '../db/rls';
import { limit } from '../ratelimit';
import { problem, problemFromError } from './problem';

/**
 * THE rate-limit call site of /api/v1 (one per request, per API client): the `api_client` budget
 * of lib/server/ratelimit, shared by every app instance (docs/limits.md). Tests may swap it with
 * setApiLimiter. Whatever it throws with a retry hint (our limiter's error with
 * `retryAfterSeconds`, or rate-limiter-flexible's RateLimiterRes with `msBeforeNext`) becomes a
 * 429 problem+json with Retry-After.
 */
export type ApiLimiter = (clientId: string) => Promise<void>;
let limiter: ApiLimiter = (clientId) => limit('api_client', clientId);
export function setApiLimiter(fn: ApiLimiter): void {
  limiter = fn;
}
export async function limitApiClient(clientId: string): Promise<void> {
  await limiter(clientId);
}

function retryAfterOf(e: unknown): number | null {
  const x = e as { retryAfterSeconds?: unknown; msBeforeNext?: unknown; code?: unknown } | null;
  if (x && typeof x.retryAfterSeconds === 'number') return Math.max(1, Math.ceil(x.retryAfterSeconds));
  if (x && typeof x.msBeforeNext === 'number') return Math.max(1, Math.ceil(x.msBeforeNext / 1000));
  if (x && x.code === 'rate_limited') return 1;
  return null;
}

function clientIp(req: Request): string | null {
  return req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || req.headers.get('x-real-ip') || null;
}

/** One adapter for every /api/v1 route: bearer token → ctx, rate limit, verb, JSON or problem+json. */
export function apiV1Route<P>(handler: (args: { req: Request; ctx: Ctx; params: P; url: URL }) => Promise<unknown>) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    const url = new URL(req.url);
    try {
      const ctx = await authenticateApiClient(req.headers.get('authorization'), { ip: clientIp(req), userAgent: req.headers.get('user-agent') });
      const a = actorOf(ctx);
      try {
        await limitApiClient(a.kind === 'api_client' ? a.clientId : 'unknown');
      } catch (e) {
        const s = retryAfterOf(e);
        if (s == null) throw e;
        return problem('rate_limited', 429, {
          instance: url.pathname,
          detail: `Too many requests for this API client. Retry after ${s} seconds.`,
          headers: { 'Retry-After': String(s) },
        });
      }
      const body = await handler({ req, ctx, params: await route.params, url });
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
    } catch (e) {
      return problemFromError(e, url.pathname);
    }
  };
}
