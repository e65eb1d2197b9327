/**
 * Review queue benchmark: `npm run bench:queue` (tsx --conditions=react-server scripts/bench-queue.ts).
 *
 * Creates a fresh database on a local PostgreSQL (BENCH_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates it, bulk-loads 100,000 submissions across
 * 20 departments (students, records, versions, photos, checks, review events, registrar records,
 * generated in SQL), then measures through the real verbs — withRls as a reviewer of one
 * department — the p95 of the queue query (first page, a filtered page, a deep keyset page) and of
 * opening a review. Drops the database at the end (--keep leaves it; --explain prints plans).
 * The last line of output is one JSON object.
 *
 * Ciphertexts are realistic-looking placeholders: the benchmark measures queries, not decryption.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 100_000);
// Issue 14's big school: 1,000,000 identity versions over the 100,000 students — each student's
// history of earlier submissions, returns and corrections (seq 1 … k-1) behind the current one.
const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 1_000_000);
const PER_STUDENT = Math.max(1, Math.round(VERSIONS / SUBMISSIONS));
const DEPARTMENTS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const baseUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const keep = process.argv.includes('--keep');
const explain = process.argv.includes('--explain');

const dbName = `civ_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civ-bench-'));

// The app reads its configuration only through lib/server/env.ts; with DATABASE_URL set it wants
// every secret, so the bench makes throwaway ones.
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

function p95(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!.toFixed(2));
}

async function load(sql: postgres.Sql): Promise<{ dept: string; reviewer: string; registrar: string }> {
  const t0 = Date.now();
  const n = SUBMISSIONS;
  // Bulk load only: no per-row triggers (foreign key checks, the record trigger's bookkeeping) —
  // the generated rows are consistent by construction, and department/cohort are set explicitly.
  await sql.unsafe(`set session_replication_role = replica`);
  await sql.unsafe(`
    insert into public.departments (code, name_zh, name_en)
    select 'D' || lpad(g::text, 2, '0'), '学院' || g, 'School ' || g from generate_series(1, ${DEPARTMENTS}) g;

    insert into public.app_users (issuer, subject, display_name, affiliation)
    values ('https://idp.bench', 'reviewer', '王老师', 'staff'), ('https://idp.bench', 'reviewer2', '陈老师', 'staff'),
           ('https://idp.bench', 'registrar', '刘老师', 'staff');
    insert into public.staff_roles (user_id, role, department_id)
    select u.id, 'reviewer', (select id from public.departments where code = 'D01') from public.app_users u where u.subject in ('reviewer', 'reviewer2');
    insert into public.staff_roles (user_id, role) select id, 'registrar' from public.app_users where subject = 'registrar';

    create temporary table bench_depts as select row_number() over (order by code) - 1 as k, id from public.departments;

    insert into public.app_users (issuer, subject, display_name, affiliation, student_number)
    select 'https://idp.bench', 's' || g, '学生' || g, 'student', 'B' || lpad(g::text, 9, '0') from generate_series(1, ${n}) g;

    insert into public.students (student_number, name, department_id, cohort, user_id)
    select 'B' || lpad(g::text, 9, '0'),
           (array['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭'])[1 + g % 16]
             || (array['伟','芳','娜','敏','静','磊','洋','艳','勇','军','杰','娟','涛','明','超','秀英','子涵','浩然','雨桐','思远'])[1 + (g / 16) % 20],
           (select id from bench_depts where k = g % ${DEPARTMENTS}), 2022 + (g / 400) % 5, u.id
    from generate_series(1, ${n}) g join public.app_users u on u.subject = 's' || g;
  `);
  log(`  roster: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // States: 40% submitted, 10% in review, 10% returned, 5% escalated, 35% verified; waiting up to 60 days.
  await sql.unsafe(`
    create temporary table bench_s as
    select s.id as student_id, s.user_id, s.student_number, s.name, s.department_id, s.cohort,
           substr(s.student_number, 2)::int as g, gen_random_uuid() as record_id, gen_random_uuid() as version_id
    from public.students s where s.student_number like 'B%';

    insert into public.identity_records (id, student_id, department_id, cohort, state, submitted_at, return_count)
    select record_id, student_id, department_id, cohort,
           case when g / 20 % 20 < 8 then 'submitted' when g / 20 % 20 < 10 then 'in_review' when g / 20 % 20 < 12 then 'returned'
                when g / 20 % 20 = 12 then 'escalated' else 'verified' end,
           now() - make_interval(days => (g / 20) % 60, mins => (g * 7919) % 1440),
           case when g / 20 % 20 between 10 and 12 then 1 else 0 end
    from bench_s;

    insert into public.identity_versions (id, record_id, student_id, seq, idempotency_key, legal_name, latin_name, sex, birth_date, ethnicity,
      id_type, id_number_enc, id_number_bidx, id_number_mask, phone, email, submitted_by, created_at)
    select version_id, record_id, student_id, ${PER_STUDENT}, gen_random_uuid(), name, null, case when g % 2 = 0 then 'female' else 'male' end,
           date '1998-01-01' + g % 2500, lpad((1 + g % 56)::text, 2, '0'), 'cn_resident',
           'v1.bench1.' || substr(md5(g::text), 1, 16) || '.' || md5('c' || g) || '.' || substr(md5('t' || g), 1, 22),
           encode(sha256(('bidx' || g)::bytea), 'hex'), '1101**********' || lpad((g % 10000)::text, 4, '0'),
           '+86138' || lpad((g % 100000000)::text, 8, '0'), 's' || g || '@stu.example.edu.cn', user_id,
           now() - make_interval(days => (g / 20) % 60, mins => (g * 7919) % 1440)
    from bench_s;
  `);
  if (PER_STUDENT > 1) {
    await sql.unsafe(`
      insert into public.identity_versions (record_id, student_id, seq, idempotency_key, source, legal_name, latin_name, sex, birth_date, ethnicity,
        id_type, id_number_enc, id_number_bidx, id_number_mask, phone, email, submitted_by, created_at)
      select record_id, student_id, v, gen_random_uuid(), case when v = 1 then 'student' else 'correction' end, name, null,
             case when g % 2 = 0 then 'female' else 'male' end, date '1998-01-01' + g % 2500, lpad((1 + g % 56)::text, 2, '0'), 'cn_resident',
             'v1.bench1.' || substr(md5(g::text || v), 1, 16) || '.' || md5('c' || g || v) || '.' || substr(md5('t' || g || v), 1, 22),
             encode(sha256(('bidx' || g)::bytea), 'hex'), '1101**********' || lpad((g % 10000)::text, 4, '0'),
             '+86138' || lpad((g % 100000000)::text, 8, '0'), 's' || g || '@stu.example.edu.cn', user_id,
             now() - make_interval(days => 400 + (${PER_STUDENT} - v) * 30)
      from bench_s cross join generate_series(1, ${PER_STUDENT - 1}) v;
    `);
  }
  const [vc] = await sql<{ n: number }[]>`select count(*)::int as n from public.identity_versions`;
  log(`  records and versions (${vc!.n.toLocaleString('en')} versions): ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  await sql.unsafe(`
    insert into public.documents (student_id, kind, upload_key, object_key, thumb_key, status, sha256, mime, bytes, width, height, uploaded_by, processed_at)
    select student_id, k, 'up/' || g || '/' || k, 'obj/' || g || '/' || k, 'th/' || g || '/' || k, 'ready',
           encode(sha256(('doc' || g || k)::bytea), 'hex'), 'image/jpeg', 400000, 2000, 1260, user_id, now()
    from bench_s cross join unnest(array['id_front', 'id_back']) k;
    insert into public.version_documents (version_id, document_id, kind)
    select b.version_id, d.id, d.kind from bench_s b join public.documents d on d.student_id = b.student_id;

    insert into public.registrar_records (student_number, name, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_number_mask,
      ethnicity, department_id, cohort, row_hash)
    select student_number, case when g % 9 = 0 then name || '某' else name end, case when g % 2 = 0 then 'female' else 'male' end,
           date '1998-01-01' + g % 2500, 'cn_resident', 'v1.bench1.' || md5('r' || g) || '.x.y',
           encode(sha256(('bidx' || g)::bytea), 'hex'), '1101**********' || lpad((g % 10000)::text, 4, '0'),
           lpad((1 + g % 56)::text, 2, '0'), department_id, cohort, md5('row' || g)
    from bench_s;

    -- Submit checks (shown to the student) and the comparison's (staff only), as the verbs write them.
    insert into public.checks (version_id, rule, field, severity, code, visible_to_student, created_at)
    select version_id, r, null, 'info', 'ok', true, now() - interval '1 day'
    from bench_s cross join unnest(array['required_fields', 'format', 'id_checksum', 'birth_sex_vs_number', 'required_photos']) r;
    insert into public.checks (version_id, rule, field, severity, code, visible_to_student, details, created_at)
    select version_id, r, f, case when r = 'registrar.name' and g % 9 = 0 then 'error' else 'info' end,
           case when r = 'registrar.name' and g % 9 = 0 then 'registrar.name_mismatch' else 'ok' end, false, '{}'::jsonb, now() - interval '1 hour'
    from bench_s cross join unnest(array['registrar.birth_date', 'registrar.department', 'registrar.ethnicity', 'registrar.id_number', 'registrar.name', 'registrar.sex'],
                                   array['birthDate', 'department', 'ethnicity', 'idNumber', 'legalName', 'sex']) as x(r, f);
  `);
  log(`  photos, registrar records, checks: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  await sql.unsafe(`
    update public.identity_records r set current_version_id = b.version_id, compared_version_id = b.version_id, compared_at = now(),
           mismatch_count = case when b.g % 9 = 0 then 1 else 0 end, duplicate_suspected = b.g % 97 = 0,
           verified_version_id = case when r.state = 'verified' then b.version_id end,
           assigned_to = case when r.state = 'in_review' then case when b.g % 3 = 0 then rv.second else rv.first end end,
           claimed_at = case when r.state = 'in_review' then now() - make_interval(mins => b.g % 90) end
    from bench_s b,
         (select (select id from public.app_users where issuer = 'https://idp.bench' and subject = 'reviewer') as first,
                 (select id from public.app_users where issuer = 'https://idp.bench' and subject = 'reviewer2') as second) rv
    where b.record_id = r.id;

    insert into public.review_events (record_id, version_id, actor_id, kind, visible_to_student, created_at)
    select record_id, version_id, user_id, 'submitted', true, now() - make_interval(days => (g / 20) % 60) from bench_s;
    insert into public.review_events (record_id, version_id, actor_id, kind, reasons, visible_to_student, created_at)
    select b.record_id, b.version_id, (select id from public.app_users where issuer = 'https://idp.bench' and subject = 'reviewer'),
           case r.state when 'returned' then 'returned' when 'escalated' then 'escalated' else 'verified' end,
           case when r.state = 'returned' then '[{"target":"document:id_back","code":"photo_blurry"}]'::jsonb else '[]'::jsonb end,
           r.state <> 'escalated', now() - make_interval(days => (b.g / 20) % 30)
    from bench_s b join public.identity_records r on r.id = b.record_id where r.state in ('returned', 'escalated', 'verified');
  `);
  log(`  claims, review events: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await sql.unsafe(`set session_replication_role = origin`);
  await sql.unsafe('vacuum analyze');
  log(`  vacuum analyze: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const [dept] = await sql<{ id: string }[]>`select id from public.departments where code = 'D01'`;
  const [rev] = await sql<{ id: string }[]>`select id from public.app_users where subject = 'reviewer'`;
  const [reg] = await sql<{ id: string }[]>`select id from public.app_users where subject = 'registrar'`;
  return { dept: dept!.id, reviewer: rev!.id, registrar: reg!.id };
}

async function main() {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  let sql: postgres.Sql | undefined;
  let closeDb: (() => Promise<void>) | undefined;
  try {
    const { migrate } = await import('../lib/server/db/migrate');
    const { openPostgres } = await import('../lib/server/db/postgres');
    const migrator = openPostgres(url.toString(), { max: 1 });
    await migrate(migrator);
    await migrator.close();

    log(`Loading ${SUBMISSIONS.toLocaleString('en')} submissions into ${dbName} …`);
    sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const ids = await load(sql);

    const { getDb } = await import('../lib/server/db/client');
    const { loadAccess } = await import('../lib/server/auth/access');
    const { withRls } = await import('../lib/server/db/rls');
    const { listQueue } = await import('../lib/server/reviews/list-queue');
    const { openReview } = await import('../lib/server/reviews/open-review');
    const db = await getDb();
    closeDb = () => db.close();
    const access = (await loadAccess({ userId: ids.reviewer, ip: '127.0.0.1', userAgent: 'bench-queue' }))!;

    // A cursor deep in the department's history: page 80 of 50 (state "all", oldest first).
    let cursor: string | undefined;
    for (let i = 0; i < 80; i++) {
      const page = await listQueue({ access, input: { state: 'all', cursor } });
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const variants = [
      { name: 'first page (open, oldest first)', input: {} },
      {
        name: 'filtered page (all states, cohort 2025, mismatches, newest first)',
        input: { state: 'all' as const, cohort: 2025, mismatches: true, sort: 'newest' as const },
      },
      { name: 'deep keyset page (all states, page 81)', input: { state: 'all' as const, cursor } },
    ];
    const [counted] = await sql<{ n: number }[]>`select count(*)::int as n from public.identity_records where department_id = ${ids.dept}`;
    const deptRows = counted!.n;
    log(`Reviewer of one department (${deptRows.toLocaleString('en')} of ${SUBMISSIONS.toLocaleString('en')} submissions), ${RUNS} runs each measurement`);

    if (explain) {
      await withRls(access.ctx, async (tx) => {
        const plan = await tx.query<Record<string, string>>(
          `explain (analyze, buffers) select r.id from public.identity_records r where r.state in ('submitted', 'in_review')
           and r.submitted_at is not null and r.department_id in ($1) order by r.submitted_at, r.id limit 51`,
          [ids.dept],
        );
        log(plan.map((r) => Object.values(r)[0]).join('\n'));
      });
    }

    const time = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    for (let i = 0; i < 20; i++) await listQueue({ access, input: variants[i % 3]!.input });
    const queueMs: number[] = [];
    const perVariant: number[][] = [[], [], []];
    for (let i = 0; i < RUNS; i++) {
      const ms = await time(() => listQueue({ access, input: variants[i % 3]!.input }));
      queueMs.push(ms);
      perVariant[i % 3]!.push(ms);
    }
    variants.forEach((v, i) => log(`  queue, ${v.name}: p95 ${p95(perVariant[i]!)} ms`));
    log(`queue p95: ${p95(queueMs)} ms`);
    // For reference: the registrar (verification office) sees all departments at once.
    const registrar = (await loadAccess({ userId: ids.registrar, ip: '127.0.0.1', userAgent: 'bench-queue' }))!;
    const regMs: number[] = [];
    for (let i = 0; i < 60; i++) regMs.push(await time(() => listQueue({ access: registrar, input: { state: i % 2 ? 'escalated' : 'open' } })));
    log(`  registrar, all ${DEPARTMENTS} departments (open / escalated first page): p95 ${p95(regMs.slice(5))} ms`);

    const records = await sql<{ id: string }[]>`
      select id from public.identity_records where department_id = ${ids.dept} and state in ('submitted', 'in_review', 'escalated')
      order by md5(id::text) limit ${RUNS + 20}`;
    for (const r of records.slice(0, 20)) await openReview({ access, input: { recordId: r.id } });
    const openMs: number[] = [];
    for (const r of records.slice(20)) openMs.push(await time(() => openReview({ access, input: { recordId: r.id } })));
    log(`open review p95: ${p95(openMs)} ms (${openMs.length} different records)`);

    // For reference: the first opening of a submission never compared runs the comparison and
    // the duplicate search in the same request.
    const fresh = await sql<{ id: string }[]>`
      update public.identity_records set compared_version_id = null
      where id in (select id from public.identity_records where department_id = ${ids.dept} and state = 'submitted' order by md5(id::text || 'x') limit 30)
      returning id`;
    const firstMs: number[] = [];
    for (const r of fresh) firstMs.push(await time(() => openReview({ access, input: { recordId: r.id } })));
    log(`  first opening, comparison included: p95 ${p95(firstMs)} ms (${firstMs.length} records)`);

    const [versions] = await sql<{ n: number }[]>`select count(*)::int as n from public.identity_versions`;
    log(JSON.stringify({ students: SUBMISSIONS, versions: versions!.n, queue_p95_ms: p95(queueMs), open_review_p95_ms: p95(openMs) }));
  } finally {
    await closeDb?.();
    await sql?.end();
    if (!keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    else log(`kept database ${dbName}`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
