import 'server-only';
import type { Ctx } from '../db/rls';
import { apiRoute } from '../http/route';

/**
 * Every /api/v1 route: the shared adapter (lib/server/http) with a bearer token for the caller,
 * one rate-limit call per request and API client (`limit('api_client', 'client:<id>')`), and
 * RFC 9457 problem+json for every refusal.
 */
export function apiV1Route<P>(handler: (args: { req: Request; ctx: Ctx; params: P; url: URL }) => Promise<unknown>) {
  return apiRoute<P>({ what: 'api v1', auth: 'api_client', errors: 'problem', rateLimit: { kind: 'api_client', by: 'actor' } }, ({ req, ctx, params, url }) =>
    handler({ req, ctx, params, url }),
  );
}
