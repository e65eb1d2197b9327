import 'server-only';
import postgres from 'postgres';
import type { Database, Tx } from './types';

export function openPostgres(url: string, opts: { max?: number } = {}): Database {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    // Supabase's transaction pooler (port 6543) does not support prepared statements.
    prepare: false,
    onnotice: () => {},
    connection: { application_name: 'campus-id-verify' },
  });
  const wrap = (q: postgres.Sql | postgres.TransactionSql): Tx => ({
    async query<T>(text: string, params?: readonly unknown[]) {
      const rows = await q.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[]);
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
