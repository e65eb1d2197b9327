/**
 * `npm run bench:api` — a full incremental sync of BENCH_STUDENTS (default 50,000) verified
 * students by one office API token, through the real route handler of GET /api/v1/students
 * (app/api/v1/students/route.ts: bearer token → API client ctx → RLS as that client → cursor over
 * the change feed → granted fields → audit event per page → JSON), against the same sync done as
 * plain SQL over the view (the same feed positions and public.office_students rows as the same
 * client, one transaction per page) in the same process, interleaved round by round.
 *
 * Creates its own database on 127.0.0.1:5432 (BENCH_PG_URL to change), migrates it with the real
 * migrations, bulk-seeds the students (ID numbers really encrypted; the office gets the full
 * number, so the API path decrypts every one), and drops the database at the end.
 *
 * Knobs: BENCH_STUDENTS (50000), BENCH_PAGE (500, the API's maximum), BENCH_ROUNDS (3).
 * Prints both, the ratio (API rate / SQL rate) and, last, one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 50_000);
const PAGE = Number(process.env.BENCH_PAGE ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'civ-bench-api-'));
const dbName = `civ_bench_api_${process.pid}_${randomBytes(3).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(PG_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
// Set before any app module reads the environment (lib/server/env.ts reads it lazily).
Object.assign(process.env, {
  NODE_ENV: 'production',
  DATABASE_URL: dbUrl,
  DATABASE_POOL_MAX: '4',
  DATA_DIR: path.join(tmp, 'data'),
  AUTH_SECRET: randomBytes(32).toString('base64'),
  AUTH_URL: 'http://localhost:9',
  AUTH_CAMPUS_ISSUER: 'http://127.0.0.1:9/unused-issuer',
  AUTH_CAMPUS_ID: 'bench',
  AUTH_CAMPUS_SECRET: 'bench-not-used',
  PII_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
  PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  STORAGE_SIGNING_SECRET: randomBytes(32).toString('base64'),
  JOBS_WORKER: 'off',
});
for (const name of ['SMTP_URL', 'SUPABASE_URL', 'SUPABASE_SERVICE_ROLE_KEY']) delete process.env[name];

const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const median = (xs: number[]) => pct(xs, 50);

/** A check digit for an 18-character resident ID number (GB 11643), so the data looks real. */
function idNumber(i: number): string {
  const first17 = `110105${2000 + (i % 8)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  // The sequence digits repeat every 1000 students; the region code varies too, so numbers stay distinct.
  const n = String(110000 + Math.floor(i / 1000)) + first17.slice(6);
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...n].reduce((a, d, k) => a + Number(d) * w[k]!, 0);
  return n + '10X98765432'[sum % 11]!;
}

const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
let exitCode = 0;
try {
  const { migrate } = await import('../lib/server/db/migrate');
  const { openPostgres } = await import('../lib/server/db/postgres');
  const { getDb } = await import('../lib/server/db/client');
  const { getCipher } = await import('../lib/server/crypto');
  const { idNumberAad } = await import('../lib/server/identity/record');
  const { maskIdentifier } = await import('../lib/identity/mask');
  const { loadAccess } = await import('../lib/server/auth/access');
  const { authenticateApiClient } = await import('../lib/server/auth/api-client');
  const { withRls } = await import('../lib/server/db/rls');
  const { createApiClient } = await import('../lib/server/sharing/create-api-client');
  const { setOfficeGrant } = await import('../lib/server/sharing/set-grant');
  const { GET } = await import('../app/api/v1/students/route');

  const migrator = openPostgres(dbUrl, { max: 1 });
  await migrate(migrator);
  await migrator.close();
  const db = await getDb();
  const cipher = getCipher();

  // ---- seed: departments, an admin, an office, BENCH_STUDENTS verified students
  const seedStart = process.hrtime.bigint();
  const depts = await db.query<{ id: string }>(
    `insert into public.departments (code, name_zh, name_en) select 'B' || g, '学院' || g, 'School ' || g from generate_series(1, 20) g returning id`,
  );
  const [u] = await db.query<{ id: string }>(
    `insert into public.app_users (issuer, subject, display_name) values ('urn:bench', 'admin', '基准管理员') returning id`,
  );
  await db.query(`insert into public.staff_roles (user_id, role) values ($1, 'admin')`, [u!.id]);
  await db.query(`insert into public.offices (code, name_zh, name_en) values ('bench_finance', '基准财务处', 'Bench Finance') on conflict do nothing`);
  const [office] = await db.query<{ id: string }>(`select id from public.offices where code = 'bench_finance'`);
  const access = await loadAccess({ userId: u!.id });
  await setOfficeGrant({
    access,
    input: { officeId: office!.id, fields: ['student_number', 'name', 'department', 'cohort', 'id_number'], idNumberFull: true },
  });
  const { token } = await createApiClient({ access, input: { officeId: office!.id, name: 'bench ERP', expiresInDays: 30 } });

  const CHUNK = 5000;
  for (let from = 0; from < STUDENTS; from += CHUNK) {
    const n = Math.min(CHUNK, STUDENTS - from);
    const idx = Array.from({ length: n }, (_, k) => from + k);
    await db.transaction(async (tx) => {
      const students = await tx.query<{ id: string; i: number }>(
        `insert into public.students (student_number, name, department_id, cohort)
         select 'B' || lpad(i::text, 8, '0'), '学生' || i, ($2::uuid[])[1 + i % array_length($2::uuid[], 1)], 2022 + i % 4
         from unnest($1::int[]) i returning id, (substr(student_number, 2))::int as i`,
        [idx, depts.map((d) => d.id)],
      );
      const recs = await tx.query<{ id: string; student_id: string }>(
        `insert into public.identity_records (student_id) select unnest($1::uuid[]) returning id, student_id`,
        [students.map((s) => s.id)],
      );
      const recOf = new Map(recs.map((r) => [r.student_id, r.id]));
      const [by] = await tx.query<{ id: string }>('select $1::uuid as id', [u!.id]);
      const versionIds = students.map(() => crypto.randomUUID());
      const nums = students.map((s) => idNumber(s.i));
      await tx.query(
        `insert into public.identity_versions (id, record_id, student_id, seq, idempotency_key, source, legal_name, sex, birth_date, ethnicity,
           id_type, id_number_enc, id_number_bidx, id_number_mask, phone, email, submitted_by)
         select v, r, s, 1, gen_random_uuid(), 'registrar', '学生' || i, case when i % 2 = 0 then 'female' else 'male' end, '2004-05-06', '01',
                'cn_resident', enc, bidx, mask, '139' || lpad((i % 100000000)::text, 8, '0'), 'b' || i || '@stu.example.edu.cn', $8
         from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[]) as t(v, r, s, i, enc, bidx, mask)`,
        [
          versionIds,
          students.map((s) => recOf.get(s.id)!),
          students.map((s) => s.id),
          students.map((s) => s.i),
          nums.map((x, k) => cipher.encrypt(x, idNumberAad.version(versionIds[k]!))),
          nums.map((x) => cipher.blindIndex(x, 'id_number')),
          nums.map((x) => maskIdentifier(x)),
          by!.id,
        ],
      );
      await tx.query(
        `update public.identity_records r set state = 'submitted', current_version_id = v.id, submitted_at = now()
         from public.identity_versions v where v.record_id = r.id and r.id = any($1::uuid[])`,
        [recs.map((r) => r.id)],
      );
      await tx.query(`update public.identity_records set state = 'verified', verified_version_id = current_version_id where id = any($1::uuid[])`, [
        recs.map((r) => r.id),
      ]);
    });
  }
  await db.exec('analyze');
  const seedMs = ms(seedStart, process.hrtime.bigint());
  console.log(`seeded ${STUDENTS} verified students in ${(seedMs / 1000).toFixed(1)} s`);

  // ---- the two syncs
  const ctx = await authenticateApiClient(`Bearer ${token}`);

  async function apiSync(): Promise<{ total: number; ms: number; pages: number[]; ids: Set<string> }> {
    const pages: number[] = [];
    const ids = new Set<string>();
    let cursor: string | undefined;
    const start = process.hrtime.bigint();
    for (;;) {
      const t0 = process.hrtime.bigint();
      const qs = new URLSearchParams({ limit: String(PAGE), ...(cursor ? { cursor } : {}) });
      const res = await GET(
        new Request(`http://localhost/api/v1/students?${qs}`, { headers: { authorization: `Bearer ${token}`, 'user-agent': 'bench-api' } }),
        {
          params: Promise.resolve({}),
        },
      );
      if (res.status !== 200) throw new Error(`API answered ${res.status}: ${await res.text()}`);
      const page = (await res.json()) as { data: { id: string; fields: Record<string, unknown> }[]; next_cursor: string; has_more: boolean };
      pages.push(ms(t0, process.hrtime.bigint()));
      for (const s of page.data) ids.add(s.id);
      cursor = page.next_cursor;
      if (!page.has_more) break;
    }
    return { total: ids.size, ms: ms(start, process.hrtime.bigint()), pages, ids };
  }

  // The same sync as plain SQL over the view, as the same client: the same positions from the
  // change feed (app.office_sync_page, commit order) and the same rows of public.office_students,
  // one transaction per page — without HTTP, token lookup, zod, cursor encoding, decryption,
  // JSON or the audit event. The ratio is what the API's layers cost on top of the database.
  // (A keyset over the view by student id instead is several times slower than both: the
  // security-barrier view cannot take the key into its index scan.)
  async function sqlSync(): Promise<{ total: number; ms: number; pages: number[] }> {
    const pages: number[] = [];
    let total = 0;
    let bound: string | null = null;
    let pos = { t: '0', s: -1 };
    const start = process.hrtime.bigint();
    for (;;) {
      const t0 = process.hrtime.bigint();
      const { n, more, last, b } = await withRls(ctx, async (tx) => {
        const b = bound ?? (await tx.query<{ b: string }>('select pg_snapshot_xmin(pg_current_snapshot())::text as b'))[0]!.b;
        const p = await tx.query<{ student_id: string; tx: string; seq: string }>(
          'select student_id, tx::text as tx, seq::text as seq from app.office_sync_page($1::xid8, $2::xid8, $3, null, $4)',
          [b, pos.t, pos.s, PAGE + 1],
        );
        const take = p.slice(0, PAGE);
        const rows = await tx.query('select * from public.office_students where office_id = $1 and student_id = any($2::uuid[])', [
          office!.id,
          take.map((x) => x.student_id),
        ]);
        return { n: rows.length, more: p.length > PAGE, last: take[take.length - 1], b };
      });
      pages.push(ms(t0, process.hrtime.bigint()));
      total += n;
      bound = b;
      if (!more) break;
      pos = { t: last!.tx, s: Number(last!.seq) };
    }
    return { total, ms: ms(start, process.hrtime.bigint()), pages };
  }

  // Warm-up (plans, caches), then interleaved rounds.
  await sqlSync();
  await apiSync();
  const api: Awaited<ReturnType<typeof apiSync>>[] = [];
  const sql: Awaited<ReturnType<typeof sqlSync>>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const a = await apiSync();
    const s = await sqlSync();
    if (a.total !== STUDENTS || s.total !== STUDENTS) throw new Error(`sync saw ${a.total} (API) / ${s.total} (SQL) of ${STUDENTS} students`);
    api.push(a);
    sql.push(s);
    console.log(
      `round ${r + 1}: API ${(a.ms / 1000).toFixed(2)} s (${a.pages.length} pages, p99 ${pct(a.pages, 99).toFixed(0)} ms) · SQL ${(s.ms / 1000).toFixed(2)} s (${s.pages.length} pages, p99 ${pct(s.pages, 99).toFixed(0)} ms)`,
    );
  }
  const apiMs = median(api.map((a) => a.ms));
  const sqlMs = median(sql.map((s) => s.ms));
  const apiPages = api.flatMap((a) => a.pages);
  const sqlPages = sql.flatMap((s) => s.pages);
  const ratio = sqlMs / apiMs;
  const [audits] = await db.query<{ n: number }>(`select count(*)::int as n from public.audit_events where action = 'api.students_list'`);
  console.log(
    `full sync of ${STUDENTS} by one token: API ${(apiMs / 1000).toFixed(2)} s (median of ${ROUNDS}), plain SQL over the view ${(sqlMs / 1000).toFixed(2)} s`,
  );
  console.log(`page p99: API ${pct(apiPages, 99).toFixed(0)} ms, SQL ${pct(sqlPages, 99).toFixed(0)} ms; audit events written: ${audits!.n}`);
  console.log(`ratio (API rate / plain SQL rate): ${ratio.toFixed(2)} (aim ≥ 0.3); full sync ${apiMs < 10_000 ? 'under' : 'OVER'} 10 s`);
  console.log(
    JSON.stringify({
      bench: 'api',
      students: STUDENTS,
      page_size: PAGE,
      rounds: ROUNDS,
      seed_s: Number((seedMs / 1000).toFixed(1)),
      api_full_sync_ms: Math.round(apiMs),
      api_page_p99_ms: Number(pct(apiPages, 99).toFixed(1)),
      api_page_p50_ms: Number(pct(apiPages, 50).toFixed(1)),
      sql_full_sync_ms: Math.round(sqlMs),
      sql_page_p99_ms: Number(pct(sqlPages, 99).toFixed(1)),
      api_records_per_s: Math.round(STUDENTS / (apiMs / 1000)),
      sql_records_per_s: Math.round(STUDENTS / (sqlMs / 1000)),
      ratio: Number(ratio.toFixed(3)),
      under_10s: apiMs < 10_000,
      ratio_ok: ratio >= 0.3,
    }),
  );
  await db.close();
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
