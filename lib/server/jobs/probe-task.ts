import 'server-only';
import { z } from 'zod';
import { withAdmin } from '../db/admin';
import type { TaskHandler } from './types';

const Payload = z.object({
  label: z.string().max(200).optional(),
  failTimes: z.number().int().min(0).max(10).default(0),
  _cron: z.object({ ts: z.string() }).loose().optional(),
});

/**
 * Records each run as a row in public.app_job_probe (a table the queue's tests create; only they
 * enqueue this task). Fails the first `failTimes` attempts, to exercise retries.
 */
const probe: TaskHandler = async (raw, job) => {
  const p = Payload.parse(raw);
  // A scheduled run is labelled by its minute, so a test sees whether one minute fired twice.
  const label = p.label ?? `cron:${p._cron?.ts ?? 'unknown'}`;
  await withAdmin((tx) => tx.query('insert into public.app_job_probe (label, attempt, worker_id) values ($1, $2, $3)', [label, job.attempt, job.workerId]));
  if (job.attempt <= p.failTimes) throw new Error(`probe ${label} fails attempt ${job.attempt}`);
};
export default probe;
