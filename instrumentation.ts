/** Validates the environment when the Next.js server starts, even when started without the launcher. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getEnv } = await import('./lib/server/env');
    getEnv();
    // The job queue runs in the app process unless JOBS_WORKER=separate (npm run worker) or off.
    if (process.env.NEXT_PHASE !== 'phase-production-build') {
      const { startJobs } = await import('./lib/server/jobs/start');
      await startJobs('app');
    }
  }
}
