import path from 'node:path';
import { migrate } from '../lib/server/db/migrate';
import { openPglite } from '../lib/server/db/pglite';
import { openPostgres } from '../lib/server/db/postgres';
import { EnvError, parseDatabaseEnv } from '../lib/server/env';

// Only DATABASE_URL (or DATA_DIR): migrating needs none of the sign-in or encryption secrets.
try {
  const env = parseDatabaseEnv(process.env);
  const db = env.embedded ? await openPglite(path.join(env.dataDir, 'pglite')) : openPostgres(env.databaseUrl!, { max: 1 });
  const applied = await migrate(db);
  console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'Database is up to date.');
  await db.close();
} catch (e) {
  console.error(e instanceof EnvError ? e.message : `Migration failed: ${(e as Error).message}`);
  process.exit(1);
}
