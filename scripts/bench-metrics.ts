/**
 * Process metrics benchmark: `npm run bench:metrics`.
 *
 * A fresh database on a local PostgreSQL (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * migrated, with 100,000 students in 20 schools and 200 classes, their records and 30 days of review
 * events (submitted, then verified / returned with reasons / escalated; a returned tenth resubmitted
 * and verified), generated in SQL. The rollups are refreshed by the real job function, then the
 * metrics page's queries run as the registrar through withRls (RLS on), interleaved with the same
 * decision-time and return-reason figures computed from the raw events (the baseline: no rollup).
 * Prints p95 of each and the ratio; the last line is one JSON object. Drops the database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const N = Number(process.env.BENCH_RECORDS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const baseUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `civ_bench_metrics_${process.pid}_${randomBytes(3).toString('hex')}`;
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civ-bench-metrics-'));
const b64 = () => randomBytes(32).toString('base64');
Object.assign(process.env, {
  NODE_ENV: 'production',
  DATABASE_URL: url.toString(),
  DATABASE_POOL_MAX: '4',
  DATA_DIR: dataDir,
  PII_ENCRYPTION_KEYS: `bench1:${b64()}`,
  PII_BLIND_INDEX_KEY: b64(),
  AUTH_SECRET: b64(),
  STORAGE_SIGNING_SECRET: b64(),
  AUTH_CAMPUS_ISSUER: 'http://127.0.0.1:9/',
  AUTH_CAMPUS_ID: 'bench',
  AUTH_CAMPUS_SECRET: 'bench-secret',
});
const log = (s: string) => process.stdout.write(`${s}\n`);
const p95 = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!.toFixed(2));
};

async function load(sql: postgres.Sql) {
  const t0 = Date.now();
  await sql.unsafe(`set session_replication_role = replica`);
  await sql.unsafe(`
    insert into public.departments (code, name_zh, name_en) select 'D' || lpad(g::text, 2, '0'), '学院' || g, 'School ' || g from generate_series(1, 20) g;
    insert into public.app_users (issuer, subject, display_name, affiliation) values ('https://idp.bench', 'registrar', '刘老师', 'staff');
    insert into public.staff_roles (user_id, role) select id, 'registrar' from public.app_users where subject = 'registrar';
    insert into public.app_users (issuer, subject, display_name, affiliation) select 'https://idp.bench', 'rev' || g, '审核员' || g, 'staff' from generate_series(1, 40) g;
    create temporary table d as select row_number() over (order by code) - 1 as k, id from public.departments;
    create temporary table rv as select row_number() over (order by subject) - 1 as k, id from public.app_users where subject like 'rev%';
    insert into public.students (student_number, name, department_id, cohort, class_name)
    select 'B' || lpad(g::text, 9, '0'), '学生' || g, (select id from d where k = g % 20), 2022 + g % 4, '班' || (g % 200)
    from generate_series(1, ${N}) g;
    create temporary table s as select id as student_id, department_id, cohort, substr(student_number, 2)::int as g, gen_random_uuid() as record_id from public.students;
    insert into public.identity_records (id, student_id, department_id, cohort, state, submitted_at, return_count)
    select record_id, student_id, department_id, cohort, case when g % 10 = 0 then 'returned' when g % 50 = 1 then 'escalated' else 'verified' end,
           now() - make_interval(days => g % 30, mins => (g * 7919) % 1440), case when g % 10 in (0, 5) then 1 else 0 end from s;
    insert into public.review_events (record_id, kind, created_at)
    select record_id, 'submitted', now() - make_interval(days => g % 30, mins => (g * 7919) % 1440) from s;
    insert into public.review_events (record_id, actor_id, kind, reasons, created_at)
    select record_id, (select id from rv where k = g % 40),
           case when g % 10 in (0, 5) then 'returned' when g % 50 = 1 then 'escalated' else 'verified' end,
           case when g % 10 in (0, 5) then jsonb_build_array(jsonb_build_object('target', (array['field:legal_name','document:id_back','document:id_front','field:birth_date'])[1 + g % 4], 'code', 'x')) else '[]'::jsonb end,
           now() - make_interval(days => g % 30, mins => (g * 7919) % 1440) + make_interval(mins => 30 + (g * 31) % 4000)
    from s;
    insert into public.review_events (record_id, kind, created_at)
    select record_id, 'resubmitted', now() - make_interval(days => g % 30, mins => (g * 7919) % 1440) + interval '3 days' from s where g % 10 = 5;
    insert into public.review_events (record_id, actor_id, kind, created_at)
    select record_id, (select id from rv where k = g % 40), 'verified', now() - make_interval(days => g % 30, mins => (g * 7919) % 1440) + interval '4 days' from s where g % 10 = 5;
  `);
  await sql.unsafe(`set session_replication_role = origin`);
  log(`  load: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await sql.unsafe('vacuum analyze');
  const [reg] = await sql<{ id: string }[]>`select id from public.app_users where subject = 'registrar'`;
  return reg!.id;
}

async function main() {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  let closeDb: (() => Promise<void>) | undefined;
  let sql: postgres.Sql | undefined;
  try {
    const { migrate } = await import('../lib/server/db/migrate');
    const { openPostgres } = await import('../lib/server/db/postgres');
    const migrator = openPostgres(url.toString(), { max: 1 });
    await migrate(migrator);
    await migrator.close();
    sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    log(`bench:metrics — ${N.toLocaleString('en')} records, 30 days of events, PostgreSQL`);
    const registrar = await load(sql);
    const { setDbForTests } = await import('../lib/server/db/client');
    const db = openPostgres(url.toString(), { max: 4 });
    setDbForTests(db);
    closeDb = () => db.close();
    const { refreshMetricsRollups } = await import('../lib/server/metrics/refresh');
    const { withRls } = await import('../lib/server/db/rls');
    const { METRIC_QUERIES, BASELINE_DECISION_TIMES } = await import('../lib/server/metrics/queries');
    const tr = Date.now();
    const { added } = await refreshMetricsRollups();
    const refreshMs = Date.now() - tr;
    const tr2 = Date.now();
    await refreshMetricsRollups();
    const incrementalMs = Date.now() - tr2;
    log(`  rollup refresh: ${added.toLocaleString('en')} decisions in ${refreshMs} ms (incremental re-run ${incrementalMs} ms)`);
    await sql.unsafe('analyze public.metrics_decisions; analyze public.metrics_return_reasons');

    const ctx = { userId: registrar };
    const from = new Date(Date.now() - 35 * 86400e3).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10);
    const params = [from, to, null, null];
    const BASELINE_REASONS = `
      select x->>'target' as target, count(*)::int as n from public.review_events e join public.identity_records r on r.id = e.record_id
      cross join lateral jsonb_array_elements(e.reasons) x
      where e.kind = 'returned' and e.created_at >= $1::date and e.created_at < $2::date and ($3::uuid is null or r.department_id = $3)
      group by 1 order by 2 desc limit 10`;
    const time = async (text: string, p: unknown[]) => {
      const t0 = performance.now();
      await withRls(ctx, (tx) => tx.query(text, p));
      return performance.now() - t0;
    };
    const page: number[] = [],
      perQuery: Record<string, number[]> = {},
      baseDecision: number[] = [],
      baseReasons: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      for (const [name, text] of Object.entries(METRIC_QUERIES)) {
        (perQuery[name] ??= []).push(await time(text, name === 'workload' ? [...params, 3 * 86400] : params));
      }
      page.push(performance.now() - t0);
      baseDecision.push(await time(BASELINE_DECISION_TIMES, params));
      baseReasons.push(await time(BASELINE_REASONS, params.slice(0, 3)));
    }
    const rolled = { decisionTimes: p95(perQuery.decisionTimes!), topReasons: p95(perQuery.topReasons!) };
    for (const [name, ms] of Object.entries(perQuery)) log(`  ${name.padEnd(14)} p95 ${p95(ms).toFixed(2)} ms`);
    log(`  whole page (6 queries) p95 ${p95(page).toFixed(2)} ms`);
    const ratioDecision = Number((p95(baseDecision) / rolled.decisionTimes).toFixed(1));
    const ratioReasons = Number((p95(baseReasons) / rolled.topReasons).toFixed(1));
    log(`  baseline decision times from raw events p95 ${p95(baseDecision).toFixed(2)} ms — ${ratioDecision}x the rollup`);
    log(`  baseline return reasons from raw events p95 ${p95(baseReasons).toFixed(2)} ms — ${ratioReasons}x the rollup`);
    const worst = Math.max(...Object.values(perQuery).map(p95));
    log(`  aim: every metrics query p95 <= 100 ms: ${worst <= 100 ? 'met' : 'NOT met'} (worst ${worst.toFixed(2)} ms)`);
    log(
      JSON.stringify({
        bench: 'metrics',
        records: N,
        runs: RUNS,
        rollupRefreshMs: refreshMs,
        incrementalRefreshMs: incrementalMs,
        p95Ms: Object.fromEntries(Object.entries(perQuery).map(([k, v]) => [k, p95(v)])),
        pageP95Ms: p95(page),
        baselineP95Ms: { decisionTimes: p95(baseDecision), topReasons: p95(baseReasons) },
        ratio: { decisionTimes: ratioDecision, topReasons: ratioReasons },
        worstQueryP95Ms: worst,
        aimMet: worst <= 100,
      }),
    );
  } finally {
    await sql?.end();
    await closeDb?.();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
