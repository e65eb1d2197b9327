import 'server-only';
// The react-server entry of next/navigation (what Next itself resolves it to in route handlers):
// the public entry pulls in the client router's React contexts, which a Node process started with
// --conditions=react-server (npm run bench:api, calling the route handler directly) cannot load.
import { unstable_rethrow } from 'next/dist/api/navigation.react-server';
import { authenticateApiClient } from '../auth/api-client';
import type { Access } from '../auth/access';
import { actorOf, type Actor, type Ctx } from '../db/rls';
import { getEnv } from '../env';
import { limit } from '../ratelimit';
import { clientIpOf } from '../ratelimit/client-ip';
import { checkDeclaredLength, limitStream, readBody, type BodyKind } from './body';
import { clientIp } from './ip';
import { assertOrigin, type OriginMode } from './origin';
import { errorResponse, type ErrorFormat } from './respond';
import { assertCleanStrings } from './strings';

/**
 * Every route handler in app/ is `export const GET = apiRoute({ … }, handler)`. In this order,
 * before the handler runs: Origin (state-changing methods), body size (declared, then counted
 * while reading), NUL bytes and lone surrogates in the query, route params and body, then the
 * caller (session, API client or nobody), the rate limit, and finally the handler, whose thrown
 * errors become a localized 4xx here (docs/security.md, decision 100).
 */
export interface RouteOptions {
  /** Log name for unexpected failures. */
  what: string;
  /** session: the signed-in person (access null when signed out: the verb refuses); api_client: bearer token; none. */
  auth: 'session' | 'api_client' | 'none';
  /** Default `same` (decision 101). */
  origin?: OriginMode;
  /** What the body is; `stream` hands the handler a byte-limited stream. Default `none`. */
  body?: BodyKind;
  /** Bytes; default 64 KiB. Applies to every body, whatever the route expects. */
  bodyLimit?: number;
  /** Calls `limit(kind, key)` from lib/server/ratelimit; a refusal is a 429 with Retry-After. */
  rateLimit?: { kind: string; by: 'ip' | 'actor' };
  /** How refusals are written: JSON (default), plain text (downloads opened by the browser), problem+json (/api/v1). */
  errors?: ErrorFormat;
}

export interface RouteArgs<P> {
  req: Request;
  url: URL;
  params: P;
  /** The parsed body: JSON value, FormData, text, or the limited stream for `stream`. */
  body: unknown;
  ctx: Ctx;
  actor: Actor;
  /** The signed-in person's access (auth `session` only). */
  access: Access | null;
}

export const DEFAULT_BODY_LIMIT = 64 * 1024;

type Handler<P> = (args: RouteArgs<P>) => Promise<unknown>;

export function apiRoute<P = Record<string, never>>(opts: RouteOptions, handler: Handler<P>) {
  return async (req: Request, route?: { params: Promise<P> }): Promise<Response> => {
    const url = new URL(req.url);
    try {
      const env = getEnv();
      const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
      assertOrigin(req.method, req.headers, { origin: env.http.origin, trustProxy: env.http.trustProxy }, opts.origin ?? 'same');
      checkDeclaredLength(req.headers, bodyLimit);
      const params = ((await route?.params) ?? {}) as P;
      assertCleanStrings(url.searchParams);
      assertCleanStrings(params);
      const kind = opts.body ?? 'none';
      const body = kind === 'stream' ? (req.body ? limitStream(req.body, bodyLimit) : null) : await readBody(req, kind, bodyLimit);
      assertCleanStrings(body);

      const meta = { ip: clientIp(req.headers, env.http.trustProxy), userAgent: req.headers.get('user-agent') };
      // Budgets count against the address no client can choose (TRUSTED_PROXY_HOPS from the right),
      // as every other per-IP limit does (lib/server/ratelimit/client-ip.ts); meta.ip is for the audit.
      const limitIp = clientIpOf(req.headers);
      if (opts.rateLimit?.by === 'ip') await limit(opts.rateLimit.kind, `ip:${limitIp}`);
      let ctx: Ctx;
      let access: Access | null = null;
      if (opts.auth === 'api_client') ctx = await authenticateApiClient(req.headers.get('authorization'), meta);
      else if (opts.auth === 'session') {
        // Loaded on demand: Auth.js needs Next's request scope, API-client routes do not.
        const { getAccess, getCtx } = await import('../auth/session');
        ctx = await getCtx();
        access = await getAccess();
      } else ctx = { userId: null, actor: { kind: 'anonymous' }, ...meta };
      const actor = actorOf(ctx);
      if (opts.rateLimit?.by === 'actor') await limit(opts.rateLimit.kind, actorKey(actor, limitIp));

      const out = await handler({ req, url, params, body, ctx, actor, access });
      if (out instanceof Response) return out;
      return new Response(JSON.stringify(out), {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-store' },
      });
    } catch (e) {
      unstable_rethrow(e);
      return errorResponse(e, { format: opts.errors ?? 'json', headers: req.headers, what: opts.what, instance: url.pathname });
    }
  };
}

function actorKey(a: Actor, ip: string): string {
  switch (a.kind) {
    case 'user':
      return `user:${a.userId}`;
    case 'api_client':
      return `client:${a.clientId}`;
    case 'system':
      return `job:${a.job}`;
    default:
      return `ip:${ip}`;
  }
}
