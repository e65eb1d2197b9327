import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { setDbForTests } from '../../lib/server/db/client';
import { migrate } from '../../lib/server/db/migrate';
import { openPglite } from '../../lib/server/db/pglite';
import { openPostgres } from '../../lib/server/db/postgres';
import type { Database } from '../../lib/server/db/types';

/** Which engine this run's databases use: known before any test runs, for it.runIf / describe.skipIf. */
export const testEngine: 'pglite' | 'postgres' = process.env.TEST_PG_URL ? 'postgres' : 'pglite';

export interface TestDb {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** The connection URL of the per-file PostgreSQL database (graphile-worker, child processes). */
  url?: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh database built from the real migrations, per test file. With TEST_PG_URL set (npm run
 * test:pg) it is a new database on that PostgreSQL server, dropped afterwards; otherwise an
 * in-memory PGlite. The app's getDb() is pointed at it, so verbs run against it unchanged.
 */
export async function freshDb(): Promise<TestDb> {
  const pgUrl = process.env.TEST_PG_URL;
  if (!pgUrl) {
    const db = await openPglite(undefined, { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    setDbForTests(db);
    return {
      db,
      kind: 'pglite',
      cleanup: async () => {
        setDbForTests(undefined);
        await db.close();
      },
    };
  }
  const name = `civ_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
  // name is made of digits and hex above, so it is safe as an identifier.
  await admin.unsafe(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const migrator = openPostgres(url.toString(), { max: 1 });
  await migrate(migrator);
  await migrator.close();
  const db = openPostgres(url.toString(), { max: 5 });
  setDbForTests(db);
  return {
    db,
    kind: 'postgres',
    url: url.toString(),
    cleanup: async () => {
      setDbForTests(undefined);
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
