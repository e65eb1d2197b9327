import 'server-only';
import { getDb } from '../db/client';
import type { Tx } from '../db/types';
import type { TaskName } from './tasks';

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one waiting job per key: enqueuing again replaces it (graphile-worker's job_key). */
  jobKey?: string;
  maxAttempts?: number;
}

/**
 * Queues a job. Pass the caller's transaction: the job exists exactly when the change does (a
 * rolled-back transaction never runs it). Works on both engines through app.enqueue_job, which
 * calls graphile_worker.add_job when graphile-worker is installed and writes public.app_jobs
 * otherwise. Without a transaction the job is queued on its own (autocommit).
 */
export async function enqueue(tx: Tx | null, task: TaskName, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<void> {
  const q: Tx = tx ?? (await getDb());
  await q.query('select app.enqueue_job($1, $2::text::jsonb, $3, $4, $5)', [
    task,
    JSON.stringify(payload),
    opts.runAt ?? null,
    opts.jobKey ?? null,
    opts.maxAttempts ?? null,
  ]);
}
