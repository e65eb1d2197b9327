/**
 * `npm run bench:confirm` — the semester confirmation's "all correct" under load, end to end.
 *
 * Creates a fresh database on 127.0.0.1:5432 (BENCH_PG_URL to change), migrates it with the real
 * migrations, seeds BENCH_STUDENTS students (default 12,000: more than one run sends, so every
 * request is a different student) with accounts and verified identity records, and opens a
 * campaign for all of them through the real verbs; every task has its sections already opened.
 * Then it starts the production build (`next start`, needs `npm run build` first) as a separate
 * process pointed at that database, mints one real Auth.js session cookie per student (the JWE
 * the app issues at sign-in: `encode` from next-auth/jwt, salt = cookie name, secret = AUTH_SECRET)
 * and drives POST /api/v1/confirm with autocannon from this process — each request another
 * student's cookie and task id. Afterwards the database is counted: confirmed tasks must equal the
 * first confirmations the server answered, none twice, none lost. The database is dropped at the end.
 *
 * Knobs: BENCH_DURATION (s, 20), BENCH_CONNECTIONS (64), DATABASE_POOL_MAX (the app's pool, 8),
 * BENCH_PORT (3400). The last line of output is one JSON object.
 *
 * The campus sign-in provider is a dummy (no sign-in happens); e-mail is off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 12_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const POOL = Number(process.env.DATABASE_POOL_MAX ?? 8);
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COOKIE = 'authjs.session-token'; // over http; https would add the __Secure- prefix

if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('No production build (.next/BUILD_ID): run `npm run build` first (under the shared lock).');
  process.exit(1);
}

// The environment both processes share, set before any app module reads it.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'civ-bench-confirm-'));
const dbName = `civ_bench_confirm_${process.pid}_${randomBytes(3).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(PG_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const appEnv: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: dbUrl,
  DATABASE_POOL_MAX: String(POOL),
  DATA_DIR: path.join(tmp, 'data'),
  AUTH_SECRET: randomBytes(32).toString('base64'),
  AUTH_URL: `http://localhost:${PORT}`,
  AUTH_CAMPUS_ISSUER: 'http://127.0.0.1:9/unused-issuer',
  AUTH_CAMPUS_ID: 'bench',
  AUTH_CAMPUS_SECRET: 'bench-not-used',
  PII_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
  PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  STORAGE_SIGNING_SECRET: randomBytes(32).toString('base64'),
  NEXT_TELEMETRY_DISABLED: '1',
};
Object.assign(process.env, appEnv);
for (const name of ['SMTP_URL', 'SUPABASE_URL', 'SUPABASE_SERVICE_ROLE_KEY']) delete process.env[name];

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  statusCodeStats?: Record<string, { count: number }>;
}
interface AutocannonRequest {
  method: string;
  path: string;
  setupRequest?: (req: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown>;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * CPU time (user + system, ms) a process has used, from /proc. The machine is shared, so the
 * throughput of one run depends on what else runs; CPU per request does not, and says what two
 * idle cores could carry.
 */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

async function backendCpu(db: postgres.Sql): Promise<Map<number, number>> {
  const rows = await db<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}

async function seed(admin: postgres.Sql): Promise<{ registrarId: string }> {
  const { getCipher } = await import('../lib/server/crypto');
  const { idNumberAad } = await import('../lib/server/identity/record');
  const { maskIdentifier } = await import('../lib/identity/mask');
  const cipher = getCipher();
  const depts = await admin<{ id: string }[]>`
    insert into public.departments (code, name_zh, name_en) values
      ('CS', '计算机科学与技术学院', 'Computer Science'), ('FL', '外国语学院', 'Foreign Languages'),
      ('MATH', '数学科学学院', 'Mathematics'), ('ECON', '经济学院', 'Economics')
    returning id`;
  const deptIds = depts.map((d) => d.id);
  const [reg] = await admin<{ id: string }[]>`
    insert into public.app_users (issuer, subject, display_name, affiliation) values ('https://bench.invalid', 'registrar', '学籍办', 'staff') returning id`;
  await admin`insert into public.staff_roles (user_id, role) values (${reg!.id}, 'registrar')`;

  const BATCH = 3000;
  for (let from = 0; from < STUDENTS; from += BATCH) {
    const n = Math.min(BATCH, STUDENTS - from);
    const idx = Array.from({ length: n }, (_, k) => from + k);
    const numbers = idx.map((i) => `2026${String(i).padStart(6, '0')}`);
    const users = await admin<{ id: string; student_number: string }[]>`
      insert into public.app_users (issuer, subject, display_name, email, affiliation, student_number)
      select 'https://bench.invalid', 'stu-' || n, '学生' || n, 'stu' || n || '@bench.invalid', 'student', n
      from unnest(${numbers}::text[]) as n returning id, student_number`;
    const students = await admin<{ id: string; user_id: string }[]>`
      insert into public.students (student_number, name, department_id, cohort, user_id)
      select u.student_number, '学生' || u.student_number, (${deptIds}::uuid[])[1 + (right(u.student_number, 6)::int % 4)],
             2022 + right(u.student_number, 6)::int % 4, u.id
      from unnest(${users.map((u) => u.id)}::uuid[], ${users.map((u) => u.student_number)}::text[]) as u(id, student_number)
      returning id, user_id`;
    const records = await admin<{ id: string; student_id: string }[]>`
      insert into public.identity_records (student_id, state, submitted_at)
      select unnest(${students.map((s) => s.id)}::uuid[]), 'verified', now() returning id, student_id`;
    const versionIds: string[] = [],
      enc: string[] = [],
      bidx: string[] = [],
      mask: string[] = [];
    records.forEach((r, k) => {
      const first17 = `110105${2004 + (k % 4)}0${1 + (k % 9)}1${k % 10}${String(k % 1000).padStart(3, '0')}`;
      const sum = [...first17].reduce((s, d, j) => s + Number(d) * WEIGHTS[j]!, 0);
      const idNumber = first17 + '10X98765432'[sum % 11]!;
      const id = randomUUID();
      versionIds.push(id);
      enc.push(cipher.encrypt(idNumber, idNumberAad.version(id)));
      bidx.push(cipher.blindIndex(idNumber, 'id_number'));
      mask.push(maskIdentifier(idNumber));
    });
    await admin`
      insert into public.identity_versions (id, record_id, student_id, seq, idempotency_key, source, legal_name, sex, birth_date, ethnicity,
        id_type, id_number_enc, id_number_bidx, id_number_mask, phone, email, submitted_by)
      select v.id, v.record_id, s.id, 1, gen_random_uuid(), 'student', s.name, 'male', date '2006-01-01', '01',
             'cn_resident', v.enc, v.bidx, v.mask, '+86138' || right(s.student_number, 8), 'x' || s.student_number || '@bench.invalid', s.user_id
      from unnest(${versionIds}::uuid[], ${records.map((r) => r.id)}::uuid[], ${records.map((r) => r.student_id)}::uuid[],
                  ${enc}::text[], ${bidx}::text[], ${mask}::text[]) as v(id, record_id, student_id, enc, bidx, mask)
      join public.students s on s.id = v.student_id`;
    await admin`
      update public.identity_records r set current_version_id = v.id, verified_version_id = v.id
      from public.identity_versions v where v.record_id = r.id and r.id = any (${records.map((r) => r.id)}::uuid[])`;
  }
  return { registrarId: reg!.id };
}

function startServer(): { child: ChildProcess; ready: Promise<void> } {
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(PORT), '-H', '127.0.0.1'], {
    env: { ...process.env, ...appEnv, PORT: String(PORT) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr!.on('data', (b: Buffer) => {
    log += b.toString();
    process.stderr.write(`[server] ${b.toString()}`);
  });
  const ready = (async () => {
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${log}`);
      try {
        const r = await fetch(`http://127.0.0.1:${PORT}/api/health`);
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`next start did not become healthy:\n${log}`);
  })();
  return { child, ready };
}

async function main() {
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  // dbName is digits and hex: safe as an identifier.
  await admin.unsafe(`create database ${dbName}`);
  const db = postgres(dbUrl, { max: 4, onnotice: () => {} });
  let server: ChildProcess | null = null;
  try {
    const { openPostgres } = await import('../lib/server/db/postgres');
    const { migrate } = await import('../lib/server/db/migrate');
    const { setDbForTests } = await import('../lib/server/db/client');
    const { loadAccess } = await import('../lib/server/auth/access');
    const { createCampaign } = await import('../lib/server/campaigns/create-campaign');
    const { openCampaign } = await import('../lib/server/campaigns/lifecycle');
    const { encode } = await import('next-auth/jwt');

    const migrator = openPostgres(dbUrl, { max: 1 });
    await migrate(migrator);
    await migrator.close();

    let t0 = performance.now();
    const { registrarId } = await seed(db);
    const appDb = openPostgres(dbUrl, { max: 4 });
    setDbForTests(appDb);
    const registrar = await loadAccess({ userId: registrarId, ip: '127.0.0.1', userAgent: 'bench' });
    const { campaignId } = await createCampaign({
      access: registrar,
      input: {
        name: '2026–2027 学年第二学期信息确认',
        semester: '2026–2027 学年第二学期',
        opensAt: new Date(Date.now() - 3600e3).toISOString(),
        closesAt: new Date(Date.now() + 7 * 86400e3).toISOString(),
      },
    });
    const { tasks } = await openCampaign({ access: registrar, input: { campaignId } });
    await appDb.close();
    // Every student has looked at every section already: the run measures the confirmation itself.
    await db`update public.confirmation_tasks set opened_sections = array['identity', 'document', 'contact'] where campaign_id = ${campaignId}`;
    await db`analyze`;
    console.log(`seeded ${STUDENTS} students with verified records, campaign opened with ${tasks} tasks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    t0 = performance.now();
    const rows = await db<{ id: string; user_id: string; name: string }[]>`
      select t.id, s.user_id, s.name from public.confirmation_tasks t join public.students s on s.id = t.student_id
      where t.campaign_id = ${campaignId} order by s.student_number`;
    // Each cookie stands for a live server-side session, as a real sign-in's does.
    const sessions = await db<{ user_id: string; id: string }[]>`
      insert into public.auth_sessions (user_id, provider) select user_id, 'campus' from unnest(${rows.map((r) => r.user_id)}::uuid[]) as u(user_id)
      returning user_id, id`;
    const sidOf = new Map(sessions.map((x) => [x.user_id, x.id]));
    const targets = await Promise.all(
      rows.map(async (r) => ({
        taskId: r.id,
        body: JSON.stringify({ taskId: r.id }),
        cookie: `${COOKIE}=${await encode({ token: { uid: r.user_id, sub: r.user_id, name: r.name, sid: sidOf.get(r.user_id) }, secret: appEnv.AUTH_SECRET!, salt: COOKIE, maxAge: 8 * 3600 })}`,
      })),
    );
    console.log(`minted ${targets.length} Auth.js session cookies in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const started = startServer();
    server = started.child;
    await started.ready;
    console.log(`next start on :${PORT} (DATABASE_POOL_MAX=${POOL}) is healthy`);

    // Warm-up through the same path (session, access, verb) on a task nobody has: 404s, no writes.
    const ghost = JSON.stringify({ taskId: randomUUID() });
    const warm = await autocannon({
      url: `http://127.0.0.1:${PORT}`,
      connections: 8,
      duration: 3,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/confirm',
          setupRequest: (req, ctx) => {
            const tg = targets[((ctx.i as number | undefined) ?? 0) % targets.length]!;
            ctx.i = ((ctx.i as number | undefined) ?? 0) + 1;
            return { ...req, headers: { cookie: tg.cookie, 'content-type': 'application/json' }, body: ghost };
          },
        },
      ],
    });
    console.log(`warm-up: ${warm.requests.total} requests (expected 404s: ${warm.non2xx})`);

    const load0 = os.loadavg()[0]!;
    const cpu0 = { server: cpuMs(server.pid!), driver: process.cpuUsage(), pg: await backendCpu(db) };
    let next = 0;
    const firstConfirmations = new Set<string>();
    const repeatedAnswers = { n: 0 };
    const answeredFirstTwice = { n: 0 };
    const okTasks = new Set<string>();
    const statuses = new Map<number, number>();
    const result = await autocannon({
      url: `http://127.0.0.1:${PORT}`,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/confirm',
          setupRequest: (req, ctx) => {
            const tg = targets[next++ % targets.length]!;
            ctx.taskId = tg.taskId;
            return { ...req, headers: { cookie: tg.cookie, 'content-type': 'application/json' }, body: tg.body };
          },
          onResponse: (status, body, ctx) => {
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status !== 200) return;
            const taskId = ctx.taskId as string;
            okTasks.add(taskId);
            if ((JSON.parse(body) as { duplicate?: boolean }).duplicate) repeatedAnswers.n++;
            else if (firstConfirmations.has(taskId)) answeredFirstTwice.n++;
            else firstConfirmations.add(taskId);
          },
        },
      ],
    });

    const load1 = os.loadavg()[0]!;
    // Requests still in flight when the clock ran out were cut off on our side; the server
    // finishes them. Let it, so the database is counted at rest.
    await new Promise((r) => setTimeout(r, 2000));
    const pgAfter = await backendCpu(db);
    const driverCpu = process.cpuUsage(cpu0.driver);
    const cpu = {
      server: cpuMs(server.pid!) - cpu0.server,
      pg: [...pgAfter].reduce((n, [pid, ms]) => n + ms - (cpu0.pg.get(pid) ?? 0), 0),
      driver: (driverCpu.user + driverCpu.system) / 1000,
    };
    server.kill('SIGTERM');
    const [counts] = await db<{ confirmed: number; audits: number; twice: number; ok_confirmed: number; outside: number }[]>`
      select (select count(*)::int from public.confirmation_tasks where status = 'confirmed') as confirmed,
             (select count(*)::int from public.audit_events where action = 'confirmation.confirm') as audits,
             (select count(*)::int from (select entity_id from public.audit_events where action = 'confirmation.confirm' group by entity_id having count(*) > 1) d) as twice,
             (select count(*)::int from public.confirmation_tasks where status = 'confirmed' and id = any (${[...okTasks]}::uuid[])) as ok_confirmed,
             (select count(*)::int from public.confirmation_tasks where status = 'confirmed' and not (id = any (${targets.slice(0, next).map((tg) => tg.taskId)}::uuid[]))) as outside`;
    const c = counts!;
    const wrapped = Math.max(0, next - targets.length);
    const answered = [...statuses.values()].reduce((a, b) => a + b, 0);
    const inFlight = Math.max(0, next - answered);
    console.log(
      `requests sent: ${next} (${Math.min(next, targets.length)} distinct students${wrapped ? `, ${wrapped} repeats after wrapping around` : ''}), answered ${answered}, cut off at the end ${inFlight}`,
    );
    console.log(
      `status codes: ${[...statuses.entries()].map(([s, n]) => `${s}×${n}`).join(', ') || 'none'}; socket errors ${result.errors}, timeouts ${result.timeouts}`,
    );
    console.log(
      `throughput ${result.requests.average.toFixed(0)} req/s over ${result.duration.toFixed(1)} s with ${CONNECTIONS} connections; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    );
    const perReq = (ms: number) => (answered ? (ms / answered).toFixed(2) : '-');
    console.log(
      `CPU per answered request: next start ${perReq(cpu.server)} ms, PostgreSQL backends ${perReq(cpu.pg)} ms, load generator ${perReq(cpu.driver)} ms`,
    );
    console.log(`machine load (1-min average, ${os.cpus().length} cores, shared with other work): ${load0.toFixed(1)} at start, ${load1.toFixed(1)} at end`);
    console.log(`database: ${c.confirmed} tasks confirmed, ${c.audits} confirmation audit events, ${c.twice} tasks confirmed twice`);
    console.log(
      `server answers: ${firstConfirmations.size} first confirmations, ${repeatedAnswers.n} "already confirmed"; ${okTasks.size} distinct tasks answered 200, ${c.ok_confirmed} of them confirmed in the database`,
    );
    const problems: string[] = [];
    // Exact except for the requests cut off at the end: the server may have confirmed those too.
    if (c.confirmed < firstConfirmations.size || c.confirmed > firstConfirmations.size + inFlight) {
      problems.push(`confirmed in db ${c.confirmed}, first confirmations answered ${firstConfirmations.size}, cut off at the end ${inFlight}`);
    }
    if (c.outside > 0) problems.push(`${c.outside} confirmed tasks were never requested`);
    if (c.ok_confirmed !== okTasks.size) problems.push(`lost confirmations: ${okTasks.size - c.ok_confirmed}`);
    if (answeredFirstTwice.n) problems.push(`${answeredFirstTwice.n} tasks were answered as a first confirmation twice`);
    if (c.twice > 0 || c.audits !== c.confirmed)
      problems.push(`duplicate confirmations: ${c.twice} tasks, ${c.audits} audit events for ${c.confirmed} confirmed`);
    if (problems.length) console.log(`CHECK FAILED: ${problems.join('; ')}`);
    else
      console.log(
        `check: every 200 is a confirmed task, none confirmed twice, ${c.confirmed - firstConfirmations.size} confirmed by requests cut off at the end`,
      );
    process.exitCode = problems.length ? 1 : 0;
    console.log(
      JSON.stringify({
        rps: Math.round(result.requests.average),
        p50_ms: result.latency.p50,
        p99_ms: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        confirmed_in_db: c.confirmed,
        duplicates: c.twice,
        cpu_ms_per_req: { next: Number(perReq(cpu.server)), postgres: Number(perReq(cpu.pg)), driver: Number(perReq(cpu.driver)) },
        load_avg: Number(load1.toFixed(1)),
      }),
    );
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    await db.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end({ timeout: 5 });
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
