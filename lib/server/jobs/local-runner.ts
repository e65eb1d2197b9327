import 'server-only';
import { randomBytes } from 'node:crypto';
import { parseCronItems } from 'graphile-worker';
import type { Database } from '../db/types';
import { enqueue } from './enqueue';
import { loadTask } from './registry';
import { schedules as defaultSchedules } from './schedules';
import { taskNames } from './tasks';
import type { Schedule } from './types';

export interface Runner {
  readonly workerId: string;
  stop(): Promise<void>;
}

interface JobRow {
  id: string;
  task: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/** graphile-worker's lock timeout: a job locked this long is presumed abandoned and retried. */
const STALE_LOCK = '4 hours';

/**
 * The in-process queue runner for the embedded PGlite default (graphile-worker needs a network
 * PostgreSQL). Same tasks, payloads, job keys, retry backoff (exp(min(attempts, 10)) seconds) and
 * crontab as graphile-worker. Jobs are claimed with SKIP LOCKED and marked locked in their own
 * transaction, so two runners on one database never run the same job; a job is deleted when its
 * handler succeeds.
 */
export function startLocalRunner(db: Database, opts: { concurrency: number; pollIntervalMs: number; schedules?: Schedule[]; workerId?: string }): Runner {
  const workerId = opts.workerId ?? `local:${process.pid}:${randomBytes(4).toString('hex')}`;
  const cron = parseCronItems((opts.schedules ?? defaultSchedules).map((s) => ({ task: s.task, match: s.match, identifier: s.identifier })));
  const running = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Schedules fire from the minute after start, like graphile-worker without backfill.
  let lastMinute = Math.floor(Date.now() / 60_000);
  let ticking: Promise<void> | null = null;

  const runJob = async (job: JobRow) => {
    const handler = await loadTask(job.task);
    try {
      if (!handler) throw new Error(`no task ${job.task}`);
      await handler(job.payload, { jobId: String(job.id), attempt: job.attempts, maxAttempts: job.max_attempts, workerId });
      await db.query('delete from public.app_jobs where id = $1 and locked_by = $2', [job.id, workerId]);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      console.warn(`[jobs] ${job.task} #${job.id} attempt ${job.attempts} failed: ${message}`);
      await db.query(
        `update public.app_jobs set locked_at = null, locked_by = null, last_error = left($3, 2000),
           run_at = greatest(now(), run_at) + exp(least(attempts, 10)) * interval '1 second'
         where id = $1 and locked_by = $2`,
        [job.id, workerId, message],
      );
    }
  };

  const fireSchedules = async () => {
    const now = Math.floor(Date.now() / 60_000);
    for (let m = lastMinute + 1; m <= now; m++) {
      const at = new Date(m * 60_000);
      const digest = { min: at.getUTCMinutes(), hour: at.getUTCHours(), date: at.getUTCDate(), month: at.getUTCMonth() + 1, dow: at.getUTCDay() };
      for (const item of cron) {
        if (!item.match(digest)) continue;
        await db.transaction(async (tx) => {
          const fired = await tx.query('insert into public.app_job_cron_runs (identifier, fired_at) values ($1, $2) on conflict do nothing returning 1', [
            item.identifier,
            at,
          ]);
          if (fired.length)
            await enqueue(tx, item.task as never, { _cron: { ts: at.toISOString(), backfilled: false } }, { jobKey: `cron:${item.identifier}` });
        });
      }
    }
    lastMinute = now;
  };

  const tick = async () => {
    await fireSchedules();
    const free = opts.concurrency - running.size;
    if (free <= 0) return;
    const jobs = await db.transaction((tx) =>
      tx.query<JobRow>(
        `update public.app_jobs j set locked_at = now(), locked_by = $1, attempts = j.attempts + 1
         where j.id in (select id from public.app_jobs
                        where (locked_at is null or locked_at < now() - interval '${STALE_LOCK}')
                          and run_at <= now() and attempts < max_attempts and task = any($3)
                        order by run_at, id limit $2 for update skip locked)
         returning j.id, j.task, j.payload, j.attempts, j.max_attempts`,
        [workerId, free, taskNames],
      ),
    );
    for (const job of jobs) {
      const p = runJob(job).finally(() => running.delete(p));
      running.add(p);
    }
  };

  const loop = () => {
    if (stopped) return;
    ticking = tick()
      .catch((e) => console.warn('[jobs] runner poll failed', e))
      .finally(() => {
        ticking = null;
        if (!stopped) timer = setTimeout(loop, opts.pollIntervalMs);
      });
  };
  loop();

  return {
    workerId,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await ticking;
      await Promise.allSettled([...running]);
    },
  };
}

/**
 * After a restart of the embedded app no earlier process is alive (PGlite's data directory is
 * opened by one process), so jobs it had locked are released at once instead of after 4 hours.
 */
export async function releaseLocksOfDeadProcesses(db: Database): Promise<number> {
  const rows = await db.query(
    `update public.app_jobs set locked_at = null, locked_by = null
                               where locked_at is not null and locked_by not like $1 returning id`,
    [`local:${process.pid}:%`],
  );
  return rows.length;
}
