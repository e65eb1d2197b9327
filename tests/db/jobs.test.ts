import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRls } from '../../lib/server/db/rls';
import { enqueue } from '../../lib/server/jobs/enqueue';
import { JOB_QUEUE_APPLICATION } from '../../lib/server/jobs/graphile-runner';
import type { Runner } from '../../lib/server/jobs/local-runner';
import { freshDb, type TestDb } from '../helpers/db';
import { prepareQueue, startRunner, waitFor } from '../helpers/jobs';
import { makeStaff, makeUser } from '../factories';

const engine = process.env.TEST_PG_URL ? 'postgres' : 'pglite';
let t: TestDb;
const runners: Runner[] = [];

const probes = (label: string) =>
  t.db.query<{ attempt: number; worker_id: string }>('select attempt, worker_id from public.app_job_probe where label = $1 order by attempt', [label]);

beforeAll(async () => {
  t = await freshDb();
  await prepareQueue(t);
  await t.db.query(
    'create table public.app_job_probe (label text not null, attempt integer not null, worker_id text not null, at timestamptz not null default now())',
  );
  await t.db.query('alter table public.app_job_probe enable row level security');
});

afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await t?.cleanup();
});

describe(`job queue on ${engine} (${engine === 'postgres' ? 'graphile-worker' : 'in-process runner'})`, () => {
  it('uses graphile-worker exactly when it is installed', async () => {
    const [r] = await t.db.query<{ installed: boolean }>(`select to_regnamespace('graphile_worker') is not null as installed`);
    expect(r!.installed).toBe(engine === 'postgres');
  });

  it('keeps requests away from the jobs tables (RLS, no grants) but lets a request enqueue', async () => {
    const admin = await makeStaff(t.db, 'admin');
    const student = await makeUser(t.db);
    await t.db.query(`select app.enqueue_job('jobs.probe', '{"label":"rls-seed"}'::jsonb, now() + interval '1 day')`);
    for (const ctx of [admin.ctx, student.ctx, { userId: null }]) {
      for (const table of ['app_jobs', 'app_job_cron_runs']) {
        await expect(withRls(ctx, (tx) => tx.query(`select * from public.${table}`))).rejects.toMatchObject({ code: '42501' });
        await expect(
          withRls(ctx, (tx) =>
            tx.query(
              `insert into public.${table} (${table === 'app_jobs' ? 'task' : 'identifier, fired_at'}) values (${table === 'app_jobs' ? `'jobs.probe'` : `'x', now()`})`,
            ),
          ),
        ).rejects.toMatchObject({ code: '42501' });
      }
    }
    // Enqueue inside a request's own transaction works (the function is security definer).
    await withRls(admin.ctx, (tx) => enqueue(tx, 'jobs.probe', { label: 'from-request' }, { runAt: new Date(Date.now() + 86_400_000) }));
    const queued =
      engine === 'postgres'
        ? await t.db.query(`select 1 from graphile_worker._private_jobs where payload->>'label' = 'from-request'`)
        : await t.db.query(`select 1 from public.app_jobs where task = 'jobs.probe' and payload->>'label' = 'from-request'`);
    expect(queued).toHaveLength(1);
    // Anonymous callers may not enqueue at all.
    await expect(withRls({ userId: null }, (tx) => enqueue(tx, 'jobs.probe', { label: 'anon' }))).rejects.toMatchObject({ code: '42501' });
  });

  it('runs a job, retries a failing one with backoff, and never runs a job from a rolled-back transaction', async () => {
    runners.push(await startRunner(t));
    await t.db.transaction(async (tx) => {
      await enqueue(tx, 'jobs.probe', { label: 'committed' });
    });
    await t.db
      .transaction(async (tx) => {
        await enqueue(tx, 'jobs.probe', { label: 'rolled-back' });
        throw new Error('roll back');
      })
      .catch((e: Error) => expect(e.message).toBe('roll back'));
    await enqueue(null, 'jobs.probe', { label: 'flaky', failTimes: 1 });
    await waitFor('committed job', async () => (await probes('committed')).length === 1);
    // The first retry comes after exp(1) ≈ 2.7 s.
    const flaky = await waitFor(
      'retry',
      async () => {
        const r = await probes('flaky');
        return r.length >= 2 && r;
      },
      15_000,
    );
    expect(flaky.map((r) => r.attempt)).toEqual([1, 2]);
    // Long after both ran, the rolled-back one still has not.
    expect(await probes('rolled-back')).toEqual([]);
    expect(await probes('committed')).toHaveLength(1);
  });

  it('gives each job to one runner when two run side by side', async () => {
    runners.push(await startRunner(t, { workerId: `local:${process.pid}:second` }));
    const labels = Array.from({ length: 30 }, (_, i) => `many-${i}`);
    await t.db.transaction(async (tx) => {
      for (const label of labels) await enqueue(tx, 'jobs.probe', { label });
    });
    await waitFor('30 jobs', async () => (await t.db.query(`select 1 from public.app_job_probe where label like 'many-%'`)).length >= 30);
    await new Promise((r) => setTimeout(r, 500));
    const rows = await t.db.query<{ label: string; n: number }>(
      `select label, count(*)::int as n from public.app_job_probe where label like 'many-%' group by label`,
    );
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it('replaces a waiting job that has the same job key', async () => {
    const later = new Date(Date.now() + 1500);
    await enqueue(null, 'jobs.probe', { label: 'keyed-1' }, { jobKey: 'probe-key', runAt: later });
    await enqueue(null, 'jobs.probe', { label: 'keyed-2' }, { jobKey: 'probe-key', runAt: later });
    await waitFor('keyed job', async () => (await probes('keyed-2')).length === 1);
    expect(await probes('keyed-1')).toEqual([]);
  });

  it('fires a schedule once per minute across two runners', { timeout: 150_000 }, async () => {
    const schedules = [{ identifier: `probe-every-minute-${engine}`, task: 'jobs.probe', match: '* * * * *' }];
    const a = await startRunner(t, { schedules, workerId: `local:${process.pid}:cron-a` });
    const b = await startRunner(t, { schedules, workerId: `local:${process.pid}:cron-b` });
    runners.push(a, b);
    // A scheduled run is labelled cron:<minute> by the probe. Schedules fire on the minute: wait
    // for the next one, then a little longer in case a second runner fires it too.
    await waitFor('a scheduled run', async () => (await t.db.query(`select 1 from public.app_job_probe where label like 'cron:%'`)).length >= 1, 75_000, 200);
    await new Promise((r) => setTimeout(r, 3000));
    const rows = await t.db.query<{ label: string; n: number }>(
      `select label, count(*)::int as n from public.app_job_probe where label like 'cron:%' group by label`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it.runIf(engine === 'postgres')(
    'keeps running when the server ends its connections (PostgreSQL only: PGlite has none to end)',
    async () => {
      // Alone, so the connections counted below are this runner's.
      await Promise.all(runners.splice(0).map((r) => r.stop()));
      const runner = await startRunner(t);
      runners.push(runner);
      await enqueue(null, 'jobs.probe', { label: 'before-kill' });
      await waitFor('job before the kill', async () => (await probes('before-kill')).length === 1);
      // What a restart or failover does to the pooled connections: the pool's 'error' events are
      // logged (lib/server/jobs/graphile-runner.ts), the connections replaced, the queue goes on.
      const killed = await t.db.query<{ ok: boolean }>(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1 and datname = current_database()`,
        [JOB_QUEUE_APPLICATION],
      );
      expect(killed.length).toBeGreaterThan(0);
      await enqueue(null, 'jobs.probe', { label: 'after-kill' });
      await waitFor('job after the kill', async () => (await probes('after-kill')).length === 1, 20_000);
      // Stopped means closed: a connection still ending when the database went away (a test's
      // DROP DATABASE … FORCE, a shutdown during a restart) was an uncaught pool 'error' once the
      // worker had removed its listener (seen in CI on Node 24).
      await runner.stop();
      runners.splice(runners.indexOf(runner), 1);
      // (the server's backends exit a moment after the client's Terminate)
      const left = () => t.db.query('select pid from pg_stat_activity where application_name = $1 and datname = current_database()', [JOB_QUEUE_APPLICATION]);
      await waitFor('queue connections closed', async () => (await left()).length === 0, 5_000);
    },
    30_000,
  );
});
