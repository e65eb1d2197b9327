import 'server-only';
import path from 'node:path';
import { getEnv } from '../env';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { isTransactionPooler, openPostgres } from './postgres';
import type { Database } from './types';

// Next.js may evaluate this module more than once (dev reloads, several route bundles); the
// handle lives on globalThis so one process opens PGlite's data directory exactly once.
const HANDLE = Symbol.for('campus-id-verify.db');
type Holder = { [HANDLE]?: Promise<Database> };

async function open(): Promise<Database> {
  const env = getEnv();
  if (!env.embedded) return openPostgres(env.databaseUrl!, { max: env.databasePoolMax, prepare: !isTransactionPooler(env.databaseUrl!, env.databasePooler) });
  const db = await openPglite(path.join(env.dataDir, 'pglite'));
  // The embedded default sets itself up: migrated on every start, demo data on the first.
  await migrate(db);
  const { seedDemoIfEmpty } = await import('./seed');
  await seedDemoIfEmpty(db);
  return db;
}

export function getDb(): Promise<Database> {
  const holder = globalThis as Holder;
  holder[HANDLE] ??= open().catch((e) => {
    delete holder[HANDLE];
    throw e;
  });
  return holder[HANDLE];
}

/** Tests inject their own database (a fresh PGlite or a per-run PostgreSQL database). */
export function setDbForTests(db: Database | undefined): void {
  const holder = globalThis as Holder;
  if (db) holder[HANDLE] = Promise.resolve(db);
  else delete holder[HANDLE];
}
