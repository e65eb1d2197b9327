import { EnvError, getEnv } from '../lib/server/env';
import { startJobs, stopJobs } from '../lib/server/jobs/start';

// `npm run worker`: the job queue in its own process (JOBS_WORKER=separate in the app). Any
// number of these may run against one database; graphile-worker gives each job to one of them.
try {
  const env = getEnv();
  if (env.embedded) console.warn('[worker] no DATABASE_URL: the embedded database belongs to the app process, which runs its jobs itself');
  const runner = await startJobs('worker');
  console.log(`[worker] running (${env.embedded ? 'in-process runner' : 'graphile-worker'}, concurrency ${env.jobs.concurrency})`);
  const stop = async (signal: string) => {
    console.log(`[worker] ${signal}: finishing running jobs`);
    await stopJobs();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  if (!runner) process.exit(0);
} catch (e) {
  console.error(e instanceof EnvError ? e.message : `Worker failed to start: ${(e as Error).stack ?? e}`);
  process.exit(1);
}
