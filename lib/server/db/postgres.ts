import 'server-only';
import postgres from 'postgres';
import { AppError, isConnectionError } from '../errors';
import type { Database, Tx } from './types';

/**
 * Pool settings for restarts and outages (decision 121). postgres.js's default reconnect backoff
 * grows with every failed attempt across the pool (3^n / 100 s, up to 20 s): after a restart of a
 * few seconds the app stayed dark for up to half a minute after PostgreSQL was back. Capped here,
 * a connection is retried within half a second of PostgreSQL accepting connections again.
 */
export const POOL_SETTINGS = {
  // Seconds to wait for a TCP connection and the start-up handshake (TLS to Supabase included).
  connect_timeout: 5,
  // Idle connections are closed: nothing holds a smart shutdown or a pooler slot for long.
  idle_timeout: 20,
  // Connections are renewed every 30 minutes (failovers, DNS changes, server memory).
  max_lifetime: 60 * 30,
  // TCP keep-alive probes after 30 s of silence find a peer that vanished without a FIN.
  keep_alive: 30,
  // Seconds before reconnecting after the n-th consecutive failure: 50 ms, 100 ms, … at most 500 ms.
  backoff: (n: number) => Math.min(0.05 * 2 ** Math.max(0, n - 1), 0.5),
} as const;

/**
 * A lost or refused connection becomes AppError('unavailable') here, once for every caller (verbs,
 * layouts, route handlers): a 503 with Retry-After, or the branded "temporarily unavailable" page.
 */
function unavailable(e: unknown): never {
  if (isConnectionError(e) && !(e instanceof AppError)) throw new AppError('unavailable', { message: String((e as Error).message), cause: e });
  throw e;
}

export interface PostgresOptions {
  max?: number;
  /**
   * Named prepared statements (decision 132): on for a direct connection or a session pooler —
   * PostgreSQL then plans each distinct statement once per connection — and off for a
   * transaction pooler (Supabase's on port 6543, PgBouncer in transaction mode), which may run
   * each statement on another server connection than the one that prepared it.
   */
  prepare?: boolean;
  /** Called for every statement sent, BEGIN and COMMIT included (tests and benchmarks count them). */
  onStatement?: (text: string) => void;
}

/** A transaction pooler: configured (DATABASE_POOLER=transaction), or Supabase's pooler port. */
export function isTransactionPooler(url: string, pooler: string | null | undefined): boolean {
  if (pooler) return pooler === 'transaction';
  try {
    return new URL(url).port === '6543';
  } catch {
    return false;
  }
}

export function openPostgres(url: string, opts: PostgresOptions = {}): Database {
  const prepare = opts.prepare ?? !isTransactionPooler(url, null);
  const onStatement = opts.onStatement;
  const sql = postgres(url, {
    max: opts.max ?? 10,
    ...POOL_SETTINGS,
    prepare,
    onnotice: () => {},
    connection: { application_name: 'campus-id-verify' },
    ...(onStatement ? { debug: (_conn: number, text: string) => onStatement(text) } : {}),
  });
  const wrap = (q: postgres.Sql | postgres.TransactionSql): Tx => ({
    async query<T>(text: string, params?: readonly unknown[]) {
      // unsafe() defaults to unprepared; with parameters it is the extended protocol either way.
      const rows = await q.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[], { prepare: prepare && !!params?.length }).catch(unavailable);
      return [...rows] as T[];
    },
  });
  return {
    kind: 'postgres',
    ...wrap(sql),
    transaction: (fn) => (sql.begin((tx) => fn(wrap(tx))) as Promise<never>).catch(unavailable),
    exec: async (sqlText) => {
      await sql.unsafe(sqlText);
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
