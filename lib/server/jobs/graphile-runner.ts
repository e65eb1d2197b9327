import 'server-only';
import { Logger, parseCronItems, run, runMigrations, type Task, type TaskList } from 'graphile-worker';
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

/**
 * graphile-worker on PostgreSQL: jobs are taken with SKIP LOCKED by any number of workers in any
 * number of processes, each job by exactly one of them; the crontab fires once per minute across
 * all of them (known_crontabs).
 */
export async function startGraphileRunner(
  connectionString: string,
  opts: { concurrency: number; pollIntervalMs: number; schedules?: Schedule[] },
): Promise<Runner> {
  const runner = await run({
    connectionString,
    concurrency: opts.concurrency,
    pollInterval: opts.pollIntervalMs,
    taskList: taskList(),
    parsedCronItems: parseCronItems((opts.schedules ?? defaultSchedules).map((s) => ({ task: s.task, match: s.match, identifier: s.identifier }))),
    noHandleSignals: true,
    logger,
  });
  return {
    workerId: 'graphile',
    stop: () => runner.stop(),
  };
}
