import 'server-only';
import postgres from 'postgres';
import type { Database, Tx } from './types';

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
    prepare,
    onnotice: () => {},
    connection: { application_name: 'campus-id-verify' },
    ...(onStatement ? { debug: (_conn: number, text: string) => onStatement(text) } : {}),
  });
  const wrap = (q: postgres.Sql | postgres.TransactionSql): Tx => ({
    async query<T>(text: string, params?: readonly unknown[]) {
      // unsafe() defaults to unprepared; with parameters it is the extended protocol either way.
      const rows = await q.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[], { prepare: prepare && !!params?.length });
      return [...rows] as T[];
    },
  });
  return {
    kind: 'postgres',
    ...wrap(sql),
    transaction: (fn) => sql.begin((tx) => fn(wrap(tx))) as never,
    exec: async (sqlText) => {
      await sql.unsafe(sqlText);
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
