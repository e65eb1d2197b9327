// A queue worker in a process of its own, against a test's PostgreSQL database — what
// `npm run worker` runs — so tests/integration/webhooks.test.ts can kill it with SIGKILL
// mid-delivery. Usage: tsx --conditions=react-server tests/helpers/webhook-worker.ts <database url>
import { setDbForTests } from '../../lib/server/db/client';
import { openPostgres } from '../../lib/server/db/postgres';
import { startGraphileRunner } from '../../lib/server/jobs/graphile-runner';

const url = process.argv[2];
if (!url) throw new Error('usage: webhook-worker.ts <database url>');
setDbForTests(openPostgres(url, { max: 4 }));
await startGraphileRunner(url, { concurrency: 4, pollIntervalMs: 100, schedules: [] });
console.log('worker ready');
