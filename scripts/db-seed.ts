import path from 'node:path';
import { migrate } from '../lib/server/db/migrate';
import { openPglite } from '../lib/server/db/pglite';
import { openPostgres } from '../lib/server/db/postgres';
import { seedDemo } from '../lib/server/db/seed';
import { EnvError, defaultIssuer, parseEnv } from '../lib/server/env';

try {
  const env = parseEnv(process.env);
  const db = env.embedded ? await openPglite(path.join(env.dataDir, 'pglite')) : openPostgres(env.databaseUrl!, { max: 1 });
  await migrate(db);
  await seedDemo(db, defaultIssuer(env));
  console.log(`Demo data written (${env.embedded ? 'embedded database' : 'DATABASE_URL'}).`);
  await db.close();
} catch (e) {
  console.error(e instanceof EnvError ? e.message : `Seed failed: ${(e as Error).message}`);
  process.exit(1);
}
