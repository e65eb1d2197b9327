import 'server-only';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Tx } from './types';

const PG = Symbol('pglite');

/**
 * PGlite is one backend in this process: its transactions are serialized. That is the embedded
 * default's trade-off (no server to install), not a production setting.
 */
export async function openPglite(dataDir?: string, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  const pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...opts });
  const wrapTx = (tx: { query: PGlite['query'] }): Tx => ({
    async query<T>(text: string, params?: readonly unknown[]) {
      const res = await tx.query<T>(text, params ? [...params] : undefined);
      return res.rows;
    },
  });
  const db: Database & { [PG]: PGlite } = {
    [PG]: pg,
    kind: 'pglite',
    ...wrapTx(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrapTx(tx))),
    exec: async (sqlText) => {
      await pg.exec(sqlText);
    },
    close: () => pg.close(),
  };
  return db;
}

/** A tarball of a database's files: tests clone one migrated template instead of migrating each time. */
export async function dumpPglite(db: Database, compression: 'none' | 'gzip' = 'none'): Promise<Blob> {
  const pg = (db as Database & { [PG]?: PGlite })[PG];
  if (!pg) throw new Error('not a PGlite database');
  return pg.dumpDataDir(compression);
}
