import 'server-only';
import type { Queryable } from '../db/types';

/**
 * rate-limiter-flexible's RateLimiterPostgres talks to a `pg`-style client:
 * `client.query({ name, text, values })` → `{ rows, rowCount }`. Neither of our two engines is
 * one — postgres.js has no `.query` ("conn.query is not a function") and PGlite's `query` takes
 * the SQL text, not a query object — so this adapts our Database to that shape (decision 110).
 * It is the storage only: the counting, windows and blocking stay the library's.
 *
 * - `name` (a named prepared statement) is dropped: the app's postgres.js pool runs with
 *   `prepare: false` for Supabase's transaction pooler, where named statements break.
 * - `expire` is an int8: postgres.js answers it as a string, PGlite as a bigint; the library does
 *   arithmetic on it, so it becomes a number (epoch milliseconds fit exactly).
 * - `rowCount` is the number of rows returned. The library reads it after SELECT and
 *   INSERT … RETURNING, where that is right; after a bare DELETE (`limiter.delete()`) it would be
 *   0, so nothing here calls delete — windows simply expire.
 */
export interface PgStyleClient {
  query(q: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
}

export function storeClientFor(db: () => Promise<Queryable>): PgStyleClient {
  return {
    async query({ text, values }) {
      const rows = await (await db()).query<Record<string, unknown>>(text, values ?? []);
      const out = rows.map((r) => ({
        ...r,
        ...('points' in r ? { points: Number(r.points) } : {}),
        ...('expire' in r ? { expire: r.expire === null || r.expire === undefined ? null : Number(r.expire) } : {}),
      }));
      return { rows: out, rowCount: out.length };
    },
  };
}
