// Runs the scheduled reminders once (the job queue calls runScheduledReminders on a schedule; this
// is the same for cron or a manual run): `npm run reminders [-- --now 2026-12-10T02:00:00Z]`.
import path from 'node:path';
import { setDbForTests } from '../lib/server/db/client';
import { openPglite } from '../lib/server/db/pglite';
import { openPostgres } from '../lib/server/db/postgres';
import { EnvError, parseEnv } from '../lib/server/env';
import { runScheduledReminders } from '../lib/server/notify/reminders';

try {
  const env = parseEnv(process.env);
  const db = env.embedded ? await openPglite(path.join(env.dataDir, 'pglite')) : openPostgres(env.databaseUrl!, { max: 2 });
  setDbForTests(db);
  const i = process.argv.indexOf('--now');
  const now = i > 0 ? new Date(process.argv[i + 1]!) : new Date();
  const r = await runScheduledReminders({ now });
  console.log(JSON.stringify({ now: now.toISOString(), ...r }));
  await db.close();
} catch (e) {
  console.error(e instanceof EnvError ? e.message : `Reminders failed: ${(e as Error).message}`);
  process.exit(1);
}
