/**
 * `npm run bench:confirm` — the semester confirmation's "all correct" under load, end to end.
 *
 * Creates a fresh database on 127.0.0.1:5432 (BENCH_PG_URL to change), migrates it with the real
 * migrations, seeds BENCH_STUDENTS students (default 12,000: more than one run sends, so every
 * request is a different student) with accounts and verified identity records, and opens a
 * campaign for all of them through the real verbs; every task has its sections already opened.
 * Then it starts the production build (`next start`, needs `npm run build` first) as a separate
 * process pointed at that database, mints one real session cookie per student (the JWE the app
 * issues at sign-in, with its own encoder: lib/server/auth/session-token, salt = cookie name,
 * secret = AUTH_SECRET)
 * and drives POST /api/v1/confirm with autocannon from this process — each request another
 * student's cookie and task id. Afterwards the database is counted: confirmed tasks must equal the
 * first confirmations the server answered, none twice, none lost. The database is dropped at the end.
 *
 * Two baselines run in the same process, interleaved with the confirmation load round by round, so
 * the machine's other work weighs on all three alike (issue 14):
 *   - bare: the same POST with a JSON body to app/api/bench/bare, a route handler of this very build
 *     that touches neither session nor database (it answers only with BENCH_BARE=1);
 *   - pg: a postgres.js loop of minimal transactions (begin; update one row; insert one row;
 *     commit) at the same concurrency on a pool as large as the app's — what PostgreSQL itself
 *     allows for a write transaction on this machine (pgbench's shape).
 * Statements per confirmation are measured, not assumed: before the load, a few confirmations run
 * in this process through the function the route calls (confirmWithBudget: the `confirm` budget,
 * access, key and verb in one statement, app.confirm_request) on a postgres.js client whose debug hook counts every
 * statement sent, BEGIN and COMMIT included (tests/db/confirm-statements.test.ts asserts the same
 * through the route handler itself).
 *
 * Knobs: BENCH_ROUNDS (3), BENCH_DURATION (s per phase per round, 8), BENCH_CONNECTIONS (64),
 * DATABASE_POOL_MAX (the app's pool, 8), BENCH_PORT (7720), BENCH_IDEMPOTENCY_KEYS (1: every
 * confirmation carries a fresh Idempotency-Key, as the app's button sends; 0: none),
 * BENCH_SERVER_NODE_ARGS (Node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`).
 * The last line of output is one JSON object: rps, p99_ms, bare_rps, pg_tps, ratio_bare,
 * ratio_pg, statements, idempotency_keys, errors, duplicates, cpu_ms_per_req, loadavg.
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
import { seedVerifiedStudents } from './bench-lib/seed-verified';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 12_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const POOL = Number(process.env.DATABASE_POOL_MAX ?? 8);
const PORT = Number(process.env.BENCH_PORT ?? 7720);
// Each confirmation carries an Idempotency-Key, as the app's button sends; BENCH_IDEMPOTENCY_KEYS=0 leaves it off.
const KEYS = process.env.BENCH_IDEMPOTENCY_KEYS !== '0';
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
  BENCH_BARE: '1',
  JOBS_WORKER: 'off',
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

function startServer(): { child: ChildProcess; ready: Promise<void> } {
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  // BENCH_SERVER_NODE_ARGS: extra Node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, nextBin, 'start', '-p', String(PORT), '-H', '127.0.0.1'], {
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

interface Target {
  taskId: string;
  body: string;
  cookie: string;
  userId: string;
  sessionId: string;
}

/** The minimal write transaction PostgreSQL runs at this concurrency (pgbench's shape), for `seconds`. */
async function pgLoop(pg: postgres.Sql, seconds: number): Promise<{ tps: number; errors: number }> {
  const until = performance.now() + seconds * 1000;
  let done = 0,
    errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const id = 1 + Math.floor(Math.random() * 100_000);
        try {
          await pg.begin(async (tx) => {
            await tx`update bench_pg_accounts set balance = balance + 1 where id = ${id}`;
            await tx`insert into bench_pg_history (account, delta) values (${id}, 1)`;
          });
          done++;
        } catch {
          // Counted, and reported in the JSON line: a baseline that fails is no baseline.
          errors++;
        }
      }
    }),
  );
  return { tps: done / ((performance.now() - t0) / 1000), errors };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  // dbName is digits and hex: safe as an identifier.
  await admin.unsafe(`create database ${dbName}`);
  const db = postgres(dbUrl, { max: 4, onnotice: () => {} });
  const pgBase = postgres(dbUrl, { max: POOL, onnotice: () => {} });
  let server: ChildProcess | null = null;
  try {
    const { openPostgres } = await import('../lib/server/db/postgres');
    const { migrate } = await import('../lib/server/db/migrate');
    const { setDbForTests } = await import('../lib/server/db/client');
    const { loadAccess } = await import('../lib/server/auth/access');
    const { createCampaign } = await import('../lib/server/campaigns/create-campaign');
    const { openCampaign } = await import('../lib/server/campaigns/lifecycle');
    const { confirmWithBudget } = await import('../lib/server/campaigns/confirm');
    const { encodeSessionToken: encode } = await import('../lib/server/auth/session-token');

    const migrator = openPostgres(dbUrl, { max: 1 });
    await migrate(migrator);
    await migrator.close();

    let t0 = performance.now();
    const { registrarId } = await seedVerifiedStudents(db, STUDENTS);
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
    // The pg baseline's tables: pgbench's accounts and history, 100,000 accounts.
    await db`create table bench_pg_accounts (id int primary key, balance int not null default 0, filler text not null default repeat('x', 80))`;
    await db`insert into bench_pg_accounts (id) select generate_series(1, 100000)`;
    await db`create table bench_pg_history (id bigserial primary key, account int not null, delta int not null, at timestamptz not null default now())`;
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
    const all: Target[] = await Promise.all(
      rows.map(async (r) => ({
        taskId: r.id,
        userId: r.user_id,
        sessionId: sidOf.get(r.user_id)!,
        body: JSON.stringify({ taskId: r.id }),
        cookie: `${COOKIE}=${await encode({ token: { uid: r.user_id, sub: r.user_id, name: r.name, sid: sidOf.get(r.user_id) }, secret: appEnv.AUTH_SECRET!, salt: COOKIE, maxAge: 8 * 3600 })}`,
      })),
    );
    console.log(`minted ${all.length} Auth.js session cookies in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Statements per confirmation, counted on the wire by postgres.js's debug hook, through the
    // route's own path. These students are not part of the load below.
    const CALIBRATE = 20;
    const calibration = all.slice(0, CALIBRATE);
    const targets = all.slice(CALIBRATE);
    let counted = 0;
    const countingDb = openPostgres(dbUrl, { max: 1, onStatement: () => counted++ });
    await countingDb.query('select 1'); // postgres.js reads array types once per connection
    setDbForTests(countingDb);
    const perConfirmation: number[] = [];
    for (const c of calibration) {
      counted = 0;
      const ctx = { userId: c.userId, sessionId: c.sessionId, actor: { kind: 'user' as const, userId: c.userId }, ip: '127.0.0.1', userAgent: 'bench' };
      const r = await confirmWithBudget(ctx, { taskId: c.taskId, ...(KEYS ? { idempotencyKey: randomUUID() } : {}) });
      if (r.duplicate) throw new Error('calibration confirmation answered as a duplicate');
      perConfirmation.push(counted);
    }
    setDbForTests(undefined);
    await countingDb.close();
    const statements = Math.max(...perConfirmation);
    console.log(`statements per confirmation (measured on ${CALIBRATE}, BEGIN and COMMIT included): ${[...new Set(perConfirmation)].join(', ')}`);

    const started = startServer();
    server = started.child;
    await started.ready;
    console.log(`next start on :${PORT} (DATABASE_POOL_MAX=${POOL}) is healthy`);

    const ghost = JSON.stringify({ taskId: randomUUID() });
    const post = (p: string, pick: () => { cookie: string; body: string }) => ({
      method: 'POST',
      path: p,
      setupRequest: (req: Record<string, unknown>) => {
        const tg = pick();
        return { ...req, headers: { cookie: tg.cookie, 'content-type': 'application/json' }, body: tg.body };
      },
    });
    // Warm-up through the same paths on a task nobody has (404s, no writes) and the bare route.
    let w = 0;
    const warm = await autocannon({
      url: `http://127.0.0.1:${PORT}`,
      connections: 8,
      duration: 3,
      requests: [post('/api/v1/confirm', () => ({ cookie: targets[w++ % targets.length]!.cookie, body: ghost }))],
    });
    const warmBare = await autocannon({
      url: `http://127.0.0.1:${PORT}`,
      connections: 8,
      duration: 2,
      requests: [post('/api/bench/bare', () => targets[w++ % targets.length]!)],
    });
    if (warmBare.non2xx) throw new Error(`the bare route answered ${warmBare.non2xx} non-2xx (is BENCH_BARE=1 reaching the server?)`);
    await pgLoop(pgBase, 2);
    console.log(`warm-up: ${warm.requests.total} confirm requests (expected 404s: ${warm.non2xx}), ${warmBare.requests.total} bare`);

    const load0 = os.loadavg()[0]!;
    let next = 0;
    const firstConfirmations = new Set<string>();
    const repeatedAnswers = { n: 0 };
    const answeredFirstTwice = { n: 0 };
    const okTasks = new Set<string>();
    const statuses = new Map<number, number>();
    const cpu = { server: 0, pg: 0 };
    const rounds: { rps: number; p99: number; bare: number; bareP99: number; pg: number; errors: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const c0 = { server: cpuMs(server.pid!), pg: await backendCpu(db) };
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
              const headers: Record<string, string> = { cookie: tg.cookie, 'content-type': 'application/json' };
              // A fresh key per confirmation, as the app's own button sends (components/campaigns/confirm-task.tsx).
              if (KEYS) headers['idempotency-key'] = randomUUID();
              return { ...req, headers, body: tg.body };
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
      const pgAfter = await backendCpu(db);
      cpu.server += cpuMs(server.pid!) - c0.server;
      cpu.pg += [...pgAfter].reduce((n, [pid, ms]) => n + ms - (c0.pg.get(pid) ?? 0), 0);
      // Let the requests cut off at the end finish before the next phase measures.
      await new Promise((r) => setTimeout(r, 1000));
      let b = 0;
      const bare = await autocannon({
        url: `http://127.0.0.1:${PORT}`,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [post('/api/bench/bare', () => targets[b++ % targets.length]!)],
      });
      const pgr = await pgLoop(pgBase, DURATION);
      rounds.push({
        rps: result.requests.average,
        p99: result.latency.p99,
        bare: bare.requests.average,
        bareP99: bare.latency.p99,
        pg: pgr.tps,
        errors: result.errors + result.timeouts + bare.errors + bare.timeouts + bare.non2xx + pgr.errors,
      });
      console.log(
        `round ${round + 1}/${ROUNDS}: confirm ${result.requests.average.toFixed(0)} req/s (p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms), bare ${bare.requests.average.toFixed(0)} req/s (p99 ${bare.latency.p99} ms), pg ${pgr.tps.toFixed(0)} tps; ratio_bare ${(result.requests.average / bare.requests.average).toFixed(2)}, ratio_pg ${(result.requests.average / pgr.tps).toFixed(2)}; load ${os.loadavg()[0]!.toFixed(1)}`,
      );
    }
    const load1 = os.loadavg()[0]!;
    await new Promise((r) => setTimeout(r, 1000));
    server.kill('SIGTERM');
    const [counts] = await db<{ confirmed: number; audits: number; twice: number; ok_confirmed: number; outside: number }[]>`
      select (select count(*)::int from public.confirmation_tasks where status = 'confirmed') as confirmed,
             (select count(*)::int from public.audit_events where action = 'confirmation.confirm') as audits,
             (select count(*)::int from (select entity_id from public.audit_events where action = 'confirmation.confirm' group by entity_id having count(*) > 1) d) as twice,
             (select count(*)::int from public.confirmation_tasks where status = 'confirmed' and id = any (${[...okTasks]}::uuid[])) as ok_confirmed,
             (select count(*)::int from public.confirmation_tasks where status = 'confirmed' and not (id = any (${[...calibration, ...targets.slice(0, next)].map((tg) => tg.taskId)}::uuid[]))) as outside`;
    const c = counts!;
    const confirmedByLoad = c.confirmed - CALIBRATE;
    const wrapped = Math.max(0, next - targets.length);
    const answered = [...statuses.values()].reduce((a, b) => a + b, 0);
    const inFlight = Math.max(0, next - answered);
    console.log(
      `requests sent: ${next} (${Math.min(next, targets.length)} distinct students${wrapped ? `, ${wrapped} repeats after wrapping around` : ''}), answered ${answered}, cut off at the end of a phase ${inFlight}`,
    );
    console.log(`status codes: ${[...statuses.entries()].map(([st, n]) => `${st}×${n}`).join(', ') || 'none'}`);
    const perReq = (ms: number) => (answered ? (ms / answered).toFixed(2) : '-');
    console.log(`CPU per answered confirmation: next start ${perReq(cpu.server)} ms, PostgreSQL backends ${perReq(cpu.pg)} ms`);
    console.log(`machine load (1-min average, ${os.cpus().length} cores, shared with other work): ${load0.toFixed(1)} at start, ${load1.toFixed(1)} at end`);
    console.log(
      `database: ${c.confirmed} tasks confirmed (${CALIBRATE} by the calibration), ${c.audits} confirmation audit events, ${c.twice} tasks confirmed twice`,
    );
    console.log(
      `server answers: ${firstConfirmations.size} first confirmations, ${repeatedAnswers.n} "already confirmed"; ${okTasks.size} distinct tasks answered 200, ${c.ok_confirmed} of them confirmed in the database`,
    );
    const problems: string[] = [];
    // Exact except for the requests cut off at the end of a phase: the server may have confirmed those too.
    if (confirmedByLoad < firstConfirmations.size || confirmedByLoad > firstConfirmations.size + inFlight) {
      problems.push(`confirmed in db ${confirmedByLoad}, first confirmations answered ${firstConfirmations.size}, cut off ${inFlight}`);
    }
    if (c.outside > 0) problems.push(`${c.outside} confirmed tasks were never requested`);
    if (c.ok_confirmed !== okTasks.size) problems.push(`lost confirmations: ${okTasks.size - c.ok_confirmed}`);
    if (answeredFirstTwice.n) problems.push(`${answeredFirstTwice.n} tasks were answered as a first confirmation twice`);
    if (c.twice > 0 || c.audits !== c.confirmed)
      problems.push(`duplicate confirmations: ${c.twice} tasks, ${c.audits} audit events for ${c.confirmed} confirmed`);
    const non200 = answered - (statuses.get(200) ?? 0);
    if (non200) problems.push(`${non200} confirmations answered other than 200`);
    if (problems.length) console.log(`CHECK FAILED: ${problems.join('; ')}`);
    else
      console.log(
        `check: every 200 is a confirmed task, none confirmed twice, ${confirmedByLoad - firstConfirmations.size} confirmed by requests cut off at a phase end`,
      );
    process.exitCode = problems.length ? 1 : 0;
    const rps = median(rounds.map((r) => r.rps));
    const bareRps = median(rounds.map((r) => r.bare));
    const pgTps = median(rounds.map((r) => r.pg));
    console.log(
      JSON.stringify({
        rps: Math.round(rps),
        p99_ms: Math.max(...rounds.map((r) => r.p99)),
        bare_rps: Math.round(bareRps),
        pg_tps: Math.round(pgTps),
        // Per round, then the median: each round's three phases ran back to back.
        ratio_bare: Number(median(rounds.map((r) => r.rps / r.bare)).toFixed(3)),
        ratio_pg: Number(median(rounds.map((r) => r.rps / r.pg)).toFixed(3)),
        statements,
        idempotency_keys: KEYS,
        errors: rounds.reduce((n, r) => n + r.errors, 0) + non200,
        duplicates: c.twice + answeredFirstTwice.n,
        connections: CONNECTIONS,
        rounds: ROUNDS,
        cpu_ms_per_req: { next: Number(perReq(cpu.server)), postgres: Number(perReq(cpu.pg)) },
        loadavg: Number(load1.toFixed(1)),
      }),
    );
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    await pgBase.end({ timeout: 5 });
    await db.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end({ timeout: 5 });
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
