import 'server-only';

/**
 * Placeholder until engineer w8b's database-backed limiter lands here (issue 8, item 5): the
 * adapter (lib/server/http) calls `limit(kind, key)` for routes that declare `rateLimit`. The real
 * one throws an error carrying `retryAfterSeconds` (or rate-limiter-flexible's `msBeforeNext`)
 * when a limit is hit, which the adapter answers as 429 with Retry-After.
 */
export async function limit(_kind: string, _key: string): Promise<void> {}
