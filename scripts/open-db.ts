import path from 'node:path';
import { migrate } from '../lib/server/db/migrate';
import { openPglite } from '../lib/server/db/pglite';
import { openPostgres } from '../lib/server/db/postgres';
import type { Database } from '../lib/server/db/types';
import { parseEnv, type Env } from '../lib/server/env';

/** The operator scripts' database: DATABASE_URL, else the embedded PGlite under DATA_DIR. */
export async function openScriptDb(): Promise<{ db: Database; env: Env }> {
  const env = parseEnv(process.env);
  const db = env.embedded ? await openPglite(path.join(env.dataDir, 'pglite')) : openPostgres(env.databaseUrl!, { max: 2 });
  // The embedded database migrates itself on start; do the same here so a script never meets an old schema.
  if (env.embedded) await migrate(db);
  return { db, env };
}
