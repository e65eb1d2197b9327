import 'server-only';
import { getDb } from '../db/client';
import { getEnv } from '../env';
import { enqueue } from './enqueue';
import { installGraphile, startGraphileRunner } from './graphile-runner';
import { releaseLocksOfDeadProcesses, startLocalRunner, type Runner } from './local-runner';

const HANDLE = Symbol.for('campus-id-verify.jobs');
type Holder = { [HANDLE]?: Promise<Runner | null> };

/**
 * Jobs queued in public.app_jobs before graphile-worker was installed on this database (the app
 * was first started without it) move to graphile-worker, so none is stranded.
 */
async function adoptLocalJobs(): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ task: string; payload: unknown; run_at: Date; job_key: string | null; max_attempts: number }>(
      'delete from public.app_jobs where locked_at is null returning task, payload, run_at, job_key, max_attempts',
    );
    for (const r of rows) {
      await tx.query('select app.enqueue_job($1, $2::text::jsonb, $3, $4, $5)', [r.task, JSON.stringify(r.payload), r.run_at, r.job_key, r.max_attempts]);
    }
    return rows.length;
  });
}

async function boot(role: 'app' | 'worker'): Promise<Runner | null> {
  const env = getEnv();
  const db = await getDb();
  let runner: Runner | null = null;
  if (!env.embedded) {
    await installGraphile(env.jobs.databaseUrl!);
    await adoptLocalJobs();
    if (role === 'worker' || env.jobs.worker === 'inline') {
      runner = await startGraphileRunner(env.jobs.databaseUrl!, { concurrency: env.jobs.concurrency, pollIntervalMs: env.jobs.pollIntervalMs });
    }
  } else if (env.jobs.worker !== 'off') {
    // PGlite is opened by one process: the runner always lives in the app (JOBS_WORKER=separate
    // has no separate process to go to).
    await releaseLocksOfDeadProcesses(db);
    runner = startLocalRunner(db, { concurrency: env.jobs.concurrency, pollIntervalMs: env.jobs.pollIntervalMs });
  }
  if (runner) {
    // Picks up webhook deliveries a previous process left mid-flight, without waiting for cron.
    await enqueue(null, 'webhook.sweep', {}, { jobKey: 'webhook:sweep' });
  }
  return runner;
}

/**
 * Starts the queue once per process: from instrumentation.ts in the app (unless
 * JOBS_WORKER=separate or off) and from `npm run worker`.
 */
export function startJobs(role: 'app' | 'worker' = 'app'): Promise<Runner | null> {
  const holder = globalThis as Holder;
  const env = getEnv();
  if (role === 'app' && env.jobs.worker === 'off') return Promise.resolve(null);
  holder[HANDLE] ??= boot(role).catch((e) => {
    delete holder[HANDLE];
    throw e;
  });
  return holder[HANDLE];
}

export async function stopJobs(): Promise<void> {
  const holder = globalThis as Holder;
  const r = await holder[HANDLE];
  delete holder[HANDLE];
  await r?.stop();
}
