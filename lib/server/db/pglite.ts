import 'server-only';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Tx } from './types';

/**
 * PGlite is one backend in this process: its transactions are serialized. That is the embedded
 * default's trade-off (no server to install), not a production setting.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const pg = dataDir ? await PGlite.create({ dataDir }) : await PGlite.create();
  const wrapTx = (tx: { query: PGlite['query'] }): Tx => ({
    async query<T>(text: string, params?: readonly unknown[]) {
      const res = await tx.query<T>(text, params ? [...params] : undefined);
      return res.rows;
    },
  });
  return {
    kind: 'pglite',
    ...wrapTx(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrapTx(tx))),
    exec: async (sqlText) => {
      await pg.exec(sqlText);
    },
    close: () => pg.close(),
  };
}
