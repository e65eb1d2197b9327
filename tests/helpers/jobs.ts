import { installGraphile, startGraphileRunner } from '../../lib/server/jobs/graphile-runner';
import { startLocalRunner, type Runner } from '../../lib/server/jobs/local-runner';
import type { Schedule } from '../../lib/server/jobs/types';
import type { TestDb } from './db';

/**
 * The queue as the app runs it on this engine: graphile-worker on PostgreSQL (installed into the
 * test database first, so app.enqueue_job uses it), the in-process runner on PGlite.
 */
export async function prepareQueue(t: TestDb): Promise<void> {
  if (t.kind === 'postgres') await installGraphile(t.url!);
}

export async function startRunner(t: TestDb, opts: { schedules?: Schedule[]; concurrency?: number; workerId?: string } = {}): Promise<Runner> {
  if (t.kind === 'postgres') {
    return startGraphileRunner(t.url!, { concurrency: opts.concurrency ?? 4, pollIntervalMs: 100, schedules: opts.schedules ?? [] });
  }
  return startLocalRunner(t.db, { concurrency: opts.concurrency ?? 4, pollIntervalMs: 50, schedules: opts.schedules ?? [], workerId: opts.workerId });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
