import 'server-only';
import { Logger, parseCronItems, run, runMigrations, type Task, type TaskList } from 'graphile-worker';
import pg from 'pg';
import { loadTask } from './registry';
import { schedules as defaultSchedules } from './schedules';
import { taskNames } from './tasks';
import type { Schedule } from './types';
import type { Runner } from './local-runner';

// Task failures are expected (a webhook receiver that is down): warnings, not errors.
const logger = new Logger((scope) => (level, message) => {
  if (level === 'debug') return;
  const line = `[jobs${scope.workerId ? ` ${scope.workerId}` : ''}] ${message}`;
  if (level === 'error' || level === 'warning') console.warn(line);
  else if (process.env.JOBS_LOG === 'verbose') console.log(line);
});

function taskList(): TaskList {
  const list: TaskList = {};
  for (const name of taskNames) {
    const t: Task = async (payload, helpers) => {
      const handler = await loadTask(name);
      await handler!(payload, {
        jobId: String(helpers.job.id),
        attempt: helpers.job.attempts,
        maxAttempts: helpers.job.max_attempts,
        workerId: helpers.job.locked_by ?? 'graphile',
      });
    };
    list[name] = t;
  }
  return list;
}

/** Installs or upgrades the graphile_worker schema; after this, app.enqueue_job uses it. */
export async function installGraphile(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger });
}

/** pg_stat_activity.application_name of the job queue's connections (operations, tests). */
export const JOB_QUEUE_APPLICATION = 'campus-id-verify-jobs';

/**
 * graphile-worker on PostgreSQL: jobs are taken with SKIP LOCKED by any number of workers in any
 * number of processes, each job by exactly one of them; the crontab fires once per minute across
 * all of them (known_crontabs).
 */
export async function startGraphileRunner(
  connectionString: string,
  opts: { concurrency: number; pollIntervalMs: number; schedules?: Schedule[] },
): Promise<Runner> {
  // The runner's own pool, owned here: an idle connection the server ends (a restart, a failover,
  // pg_terminate_backend) is an 'error' on the pool, which without a listener is an uncaught
  // exception that takes the app down. graphile-worker listens only while it runs; this listener
  // stays until the pool has ended, and the pool replaces the connection on the next checkout.
  const pool = new pg.Pool({ connectionString, max: opts.concurrency + 2, application_name: JOB_QUEUE_APPLICATION });
  pool.on('error', (e) => console.warn(`[jobs] a queue connection was closed by the server: ${e.message}`));
  const runner = await run({
    pgPool: pool,
    concurrency: opts.concurrency,
    pollInterval: opts.pollIntervalMs,
    taskList: taskList(),
    parsedCronItems: parseCronItems((opts.schedules ?? defaultSchedules).map((s) => ({ task: s.task, match: s.match, identifier: s.identifier }))),
    noHandleSignals: true,
    logger,
  });
  return {
    workerId: 'graphile',
    stop: async () => {
      await runner.stop();
      await pool.end();
    },
  };
}
