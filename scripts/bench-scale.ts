/**
 * `npm run bench:scale` — two production instances of the app on one PostgreSQL database, behind a
 * small round-robin proxy on one port (issue 14, docs/scaling.md).
 *
 * Creates its own database on 127.0.0.1:5432 (BENCH_PG_URL), migrates it, seeds BENCH_STUDENTS
 * students with verified records and an open campaign, BENCH_SUBMISSIONS more students ready to
 * submit (privacy notice read, both ID photos ready); BENCH_JOBS graphile-worker probe jobs later.
 * Starts `next start` twice (needs `npm run build`), each with its own inline job worker, and a
 * node:http proxy that sends request n to instance n mod k. Then:
 *   1. confirmations, interleaved rounds: through one instance (k = 1), then through both (k = 2);
 *   2. submissions through both: every student submits once, half of them twice with the same
 *      idempotency key (a retried request), over the server action the identity page uses;
 *   3. the probe jobs, enqueued after the throughput rounds, drained by the two workers meanwhile.
 * Checks: every confirmation answered 200 is in the database once with one audit event (0 lost,
 * 0 doubled); every submission is one version; each job ran exactly once; both workers worked.
 * Drops the database at the end. The last line is one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { seedVerifiedStudents } from './bench-lib/seed-verified';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 3000);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 200);
const JOBS = Number(process.env.BENCH_JOBS ?? 400);
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
// 16: on a shared 2-core machine 64 connections through one instance exceed autocannon's 10 s timeout.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const POOL = Number(process.env.DATABASE_POOL_MAX ?? 8);
const PROXY_PORT = Number(process.env.BENCH_PORT ?? 7740);
const PORTS = [PROXY_PORT + 1, PROXY_PORT + 2];
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COOKIE = 'authjs.session-token';

if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('No production build (.next/BUILD_ID): run `npm run build` first.');
  process.exit(1);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'civ-bench-scale-'));
const dbName = `civ_bench_scale_${process.pid}_${randomBytes(3).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(PG_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const appEnv: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: dbUrl,
  DATABASE_POOL_MAX: String(POOL),
  AUTH_SECRET: randomBytes(32).toString('base64'),
  AUTH_URL: `http://localhost:${PROXY_PORT}`,
  AUTH_CAMPUS_ISSUER: 'http://127.0.0.1:9/unused-issuer',
  AUTH_CAMPUS_ID: 'bench',
  AUTH_CAMPUS_SECRET: 'bench-not-used',
  PII_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
  PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  STORAGE_SIGNING_SECRET: randomBytes(32).toString('base64'),
  NEXT_TELEMETRY_DISABLED: '1',
  JOBS_WORKER: 'inline',
  JOBS_POLL_INTERVAL_MS: '200',
};
Object.assign(process.env, appEnv, { DATA_DIR: path.join(tmp, 'seed') });
for (const name of ['SMTP_URL', 'SUPABASE_URL', 'SUPABASE_SERVICE_ROLE_KEY']) delete process.env[name];

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  requests: {
    method: string;
    path: string;
    setupRequest?: (req: Record<string, unknown>, ctx: Record<string, unknown>) => Record<string, unknown>;
    onResponse?: (status: number, body: string, ctx: Record<string, unknown>) => void;
  }[];
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** The local stand-in for a load balancer: request n goes to instance n mod k (k changes per phase). */
function startProxy(): { server: http.Server; use: (k: number) => void; served: number[] } {
  // No keep-alive upstream: a reused socket that the instance is closing (its keep-alive timeout)
  // fails the request with ECONNRESET, which a load balancer would retry and this proxy would not.
  const agent = new http.Agent({ keepAlive: false, maxSockets: 256 });
  const served = PORTS.map(() => 0);
  let k = 1;
  let n = 0;
  const server = http.createServer((req, res) => {
    const i = n++ % k;
    served[i]!++;
    const up = http.request({ host: '127.0.0.1', port: PORTS[i], method: req.method, path: req.url, headers: req.headers, agent }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.listen(PROXY_PORT, '127.0.0.1');
  return { server, use: (x) => (k = x), served };
}

function startInstance(port: number, i: number): { child: ChildProcess; ready: Promise<void> } {
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    env: { ...process.env, ...appEnv, DATA_DIR: path.join(tmp, `instance${i}`), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr!.on('data', (b: Buffer) => {
    log += b.toString();
    process.stderr.write(`[instance ${i}] ${b.toString()}`);
  });
  const ready = (async () => {
    for (let t = 0; t < 400; t++) {
      if (child.exitCode !== null) throw new Error(`instance ${i} exited (${child.exitCode}):\n${log}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`instance ${i} did not become healthy:\n${log}`);
  })();
  return { child, ready };
}

/** The server action's id in this build (what the identity page's form posts as Next-Action). */
function actionId(name: string): string {
  const m = JSON.parse(readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const hit = Object.entries(m.node).find(([, v]) => v.exportedName === name && v.filename?.endsWith('identity/actions.ts'));
  if (!hit) throw new Error(`server action ${name} not in this build`);
  return hit[0];
}

function idNumber(i: number): string {
  const birth = new Date(Date.UTC(1995, 0, 1) + i * 86400e3).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `110105${birth}102`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, j) => s + Number(d) * w[j]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const db = postgres(dbUrl, { max: 4, onnotice: () => {} });
  const children: ChildProcess[] = [];
  let proxy: ReturnType<typeof startProxy> | null = null;
  try {
    const { openPostgres } = await import('../lib/server/db/postgres');
    const { migrate } = await import('../lib/server/db/migrate');
    const { setDbForTests } = await import('../lib/server/db/client');
    const { loadAccess } = await import('../lib/server/auth/access');
    const { createCampaign } = await import('../lib/server/campaigns/create-campaign');
    const { openCampaign } = await import('../lib/server/campaigns/lifecycle');
    const { NOTICE_VERSION } = await import('../lib/identity/notice');
    const { encodeSessionToken: encode } = await import('../lib/server/auth/session-token');
    const migrator = openPostgres(dbUrl, { max: 1 });
    await migrate(migrator);
    await migrator.close();

    const t0 = performance.now();
    const { registrarId } = await seedVerifiedStudents(db, STUDENTS);
    const appDb = openPostgres(dbUrl, { max: 2 });
    setDbForTests(appDb);
    const registrar = await loadAccess({ userId: registrarId, ip: '127.0.0.1', userAgent: 'bench' });
    const { campaignId } = await createCampaign({
      access: registrar,
      input: {
        name: '扩容测试',
        semester: '2026 春',
        opensAt: new Date(Date.now() - 3600e3).toISOString(),
        closesAt: new Date(Date.now() + 86400e3).toISOString(),
      },
    });
    await openCampaign({ access: registrar, input: { campaignId } });
    await appDb.close();
    setDbForTests(undefined);
    await db`update public.confirmation_tasks set opened_sections = array['identity', 'document', 'contact'] where campaign_id = ${campaignId}`;

    // Students who have not submitted yet: notice read, both photos ready.
    const [dept] = await db<{ id: string }[]>`select id from public.departments order by code limit 1`;
    const subs = await db<{ user_id: string; student_id: string }[]>`
      with u as (
        insert into public.app_users (issuer, subject, display_name, affiliation, student_number)
        select 'https://bench.invalid', 'sub-' || g, '提交' || g, 'student', 'S' || lpad(g::text, 8, '0') from generate_series(1, ${SUBMISSIONS}) g
        returning id, student_number)
      insert into public.students (student_number, name, department_id, cohort, user_id)
      select u.student_number, '提交学生' || u.student_number, ${dept!.id}, 2026, u.id from u
      returning user_id, id as student_id`;
    await db`insert into public.consents (student_id, user_id, notice_version) select student_id, user_id, ${NOTICE_VERSION}
             from unnest(${subs.map((s) => s.student_id)}::uuid[], ${subs.map((s) => s.user_id)}::uuid[]) as x(student_id, user_id)`;
    await db`insert into public.documents (student_id, kind, upload_key, object_key, thumb_key, status, sha256, mime, bytes, width, height, uploaded_by, processed_at)
             select x.student_id, k.kind, 'id-photo/' || gen_random_uuid(), 'id-photo/' || gen_random_uuid(), 'id-photo/' || gen_random_uuid(), 'ready',
                    encode(sha256(convert_to(x.student_id::text || k.kind, 'UTF8')), 'hex'), 'image/jpeg', 1000, 1200, 800, x.user_id, now()
             from unnest(${subs.map((s) => s.student_id)}::uuid[], ${subs.map((s) => s.user_id)}::uuid[]) as x(student_id, user_id)
             cross join (values ('id_front'), ('id_back')) as k(kind)`;

    // The probe jobs (the queue's own test task) and the table it records runs in.
    await db`create table public.app_job_probe (label text not null, attempt integer not null, worker_id text not null, at timestamptz not null default now())`;
    await db`alter table public.app_job_probe enable row level security`;

    const rows = await db<{ id: string; user_id: string }[]>`
      select t.id, s.user_id from public.confirmation_tasks t join public.students s on s.id = t.student_id where t.campaign_id = ${campaignId}`;
    const all = [...rows.map((r) => ({ userId: r.user_id, taskId: r.id as string | null })), ...subs.map((s) => ({ userId: s.user_id, taskId: null }))];
    const sessions = await db<{ user_id: string; id: string }[]>`
      insert into public.auth_sessions (user_id, provider) select user_id, 'campus' from unnest(${all.map((r) => r.userId)}::uuid[]) as u(user_id) returning user_id, id`;
    const sidOf = new Map(sessions.map((x) => [x.user_id, x.id]));
    const cookieOf = async (uid: string) =>
      `${COOKIE}=${await encode({ token: { uid, sub: uid, sid: sidOf.get(uid) }, secret: appEnv.AUTH_SECRET!, salt: COOKIE, maxAge: 8 * 3600 })}`;
    const targets = await Promise.all(rows.map(async (r) => ({ taskId: r.id, body: JSON.stringify({ taskId: r.id }), cookie: await cookieOf(r.user_id) })));
    const submitters = await Promise.all(subs.map(async (s) => ({ ...s, cookie: await cookieOf(s.user_id) })));
    await db`analyze`;
    console.log(`seeded ${STUDENTS} students with tasks, ${SUBMISSIONS} ready to submit, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const instances = PORTS.map((p, i) => startInstance(p, i));
    children.push(...instances.map((x) => x.child));
    await Promise.all(instances.map((x) => x.ready));
    proxy = startProxy();
    console.log(`instances on :${PORTS.join(', :')} behind the proxy on :${PROXY_PORT}`);

    let next = 0;
    const first = new Set<string>();
    const ok = new Set<string>();
    const statuses = new Map<number, number>();
    let firstTwice = 0;
    const load = async (k: number, duration: number) => {
      proxy!.use(k);
      const r = await autocannon({
        url: `http://127.0.0.1:${PROXY_PORT}`,
        connections: CONNECTIONS,
        duration,
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
              const id = ctx.taskId as string;
              ok.add(id);
              if ((JSON.parse(body) as { duplicate?: boolean }).duplicate) return;
              if (first.has(id)) firstTwice++;
              else first.add(id);
            },
          },
        ],
      });
      await new Promise((res) => setTimeout(res, 1000));
      return r;
    };
    await load(2, 3); // warm-up: both instances compile and connect
    const one: number[] = [],
      two: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const a = await load(1, DURATION);
      const b = await load(2, DURATION);
      one.push(a.requests.average);
      two.push(b.requests.average);
      console.log(
        `round ${round + 1}/${ROUNDS}: one instance ${a.requests.average.toFixed(0)} req/s (p99 ${a.latency.p99} ms), two instances ${b.requests.average.toFixed(0)} req/s (p99 ${b.latency.p99} ms); load ${os.loadavg()[0]!.toFixed(1)}`,
      );
    }
    console.log(`proxy: instance 0 served ${proxy.served[0]}, instance 1 served ${proxy.served[1]}`);

    // The probe jobs run while the submissions go through both instances (after the throughput
    // rounds, which they would otherwise slow unevenly). graphile-worker's schema exists by now.
    await db`select app.enqueue_job('jobs.probe', jsonb_build_object('label', 'probe-' || g), null, null, 1) from generate_series(1, ${JOBS}) g`;
    console.log(`${JOBS} probe jobs enqueued`);
    // Submissions through both instances; every second student's request is sent twice (a retry).
    proxy.use(2);
    const submitId = actionId('submitIdentityAction');
    let submitOk = 0,
      submitFail = 0;
    const sample: string[] = [];
    const submitOnce = async (s: (typeof submitters)[number], i: number, key: string) => {
      const form = {
        // A legal name is Han characters only (no digits): surname and given name by index.
        legalName: `${'王李张刘陈杨黄赵吴周徐孙马朱胡郭'[i % 16]}${'伟芳娜敏静磊洋艳勇军杰娟涛明超英涵然桐远'[Math.floor(i / 16) % 20]}${'一二三四五六七八九十'[Math.floor(i / 320) % 10]}`,
        latinName: '',
        sex: 'female',
        birthDate: `${idNumber(i).slice(6, 10)}-${idNumber(i).slice(10, 12)}-${idNumber(i).slice(12, 14)}`,
        ethnicity: '01',
        idType: 'cn_resident',
        idNumber: idNumber(i),
        idIssuingCountry: '',
        phone: '13812345678',
        email: `s${i}@stu.example.edu.cn`,
      };
      const res = await fetch(`http://127.0.0.1:${PROXY_PORT}/identity`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'next-action': submitId, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
        body: JSON.stringify([{ form, idempotencyKey: key }]),
      });
      const text = await res.text();
      if (res.ok && text.includes('"ok":true')) submitOk++;
      else {
        submitFail++;
        if (sample.length < 3) sample.push(`${res.status} ${text.slice(0, 300)}`);
      }
    };
    const queue = submitters.map((s, i) => ({ s, i, key: randomUUID() }));
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          await submitOnce(job.s, job.i, job.key);
          if (job.i % 2 === 0) await submitOnce(job.s, job.i, job.key);
        }
      }),
    );
    if (sample.length) console.log(`submission failures (first ${sample.length}):\n${sample.join('\n')}`);

    // Jobs: wait until both workers have drained the queue.
    const deadline = Date.now() + 60_000;
    let probes = 0;
    while (Date.now() < deadline) {
      probes = (await db<{ n: number }[]>`select count(*)::int as n from public.app_job_probe`)[0]!.n;
      if (probes >= JOBS) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 2000)); // a job run twice would show up by now
    for (const c of children) c.kill('SIGTERM');

    const [c] = await db<
      {
        confirmed: number;
        audits: number;
        twice: number;
        ok_confirmed: number;
        versions: number;
        doubled_versions: number;
        submitted: number;
        runs: number;
        labels: number;
      }[]
    >`
      select (select count(*)::int from public.confirmation_tasks where status = 'confirmed') as confirmed,
             (select count(*)::int from public.audit_events where action = 'confirmation.confirm') as audits,
             (select count(*)::int from (select entity_id from public.audit_events where action = 'confirmation.confirm' group by entity_id having count(*) > 1) d) as twice,
             (select count(*)::int from public.confirmation_tasks where status = 'confirmed' and id = any (${[...ok]}::uuid[])) as ok_confirmed,
             (select count(*)::int from public.identity_versions where student_id = any (${subs.map((s) => s.student_id)}::uuid[])) as versions,
             (select count(*)::int from (select student_id from public.identity_versions where student_id = any (${subs.map((s) => s.student_id)}::uuid[]) group by student_id having count(*) > 1) d) as doubled_versions,
             (select count(*)::int from public.identity_records where student_id = any (${subs.map((s) => s.student_id)}::uuid[]) and state <> 'draft') as submitted,
             (select count(*)::int from public.app_job_probe) as runs,
             (select count(distinct label)::int from public.app_job_probe) as labels`;
    const [w] = await db<{ workers: number }[]>`select count(distinct worker_id)::int as workers from public.app_job_probe`;
    const answered = [...statuses.values()].reduce((a, b) => a + b, 0);
    const inFlight = Math.max(0, next - answered);
    const lost = ok.size - c!.ok_confirmed;
    const doubled = c!.twice + firstTwice + (c!.audits - c!.confirmed > 0 ? c!.audits - c!.confirmed : 0) + c!.doubled_versions;
    console.log(`confirmations: ${answered} answered (${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}), ${inFlight} cut off at a phase end`);
    console.log(`database: ${c!.confirmed} confirmed, ${c!.audits} audit events, ${c!.twice} confirmed twice, ${lost} answered 200 but not confirmed`);
    console.log(
      `submissions: ${submitOk} answered ok, ${submitFail} failed; ${c!.versions} versions for ${SUBMISSIONS} students (${c!.doubled_versions} with more than one), ${c!.submitted} records submitted`,
    );
    console.log(`jobs: ${JOBS} enqueued, ${c!.runs} runs of ${c!.labels} distinct jobs, by ${w!.workers} workers`);
    const problems: string[] = [];
    if (lost) problems.push(`${lost} lost confirmations`);
    if (doubled) problems.push(`${doubled} doubled writes`);
    if (c!.confirmed < first.size || c!.confirmed > first.size + inFlight)
      problems.push(`confirmed ${c!.confirmed} vs first answers ${first.size} (+${inFlight} cut off)`);
    if (submitFail || c!.versions !== SUBMISSIONS) problems.push(`submissions: ${submitFail} failed, ${c!.versions} versions for ${SUBMISSIONS}`);
    if (c!.runs !== JOBS || c!.labels !== JOBS) problems.push(`jobs: ${c!.runs} runs of ${c!.labels} distinct for ${JOBS}`);
    if (w!.workers < 2) problems.push(`only ${w!.workers} worker ran jobs`);
    console.log(problems.length ? `CHECK FAILED: ${problems.join('; ')}` : 'check: 0 lost, 0 doubled, each job once, both workers ran jobs');
    process.exitCode = problems.length ? 1 : 0;
    const rps1 = median(one),
      rps2 = median(two);
    console.log(
      JSON.stringify({
        rps_one_instance: Math.round(rps1),
        rps_two_instances: Math.round(rps2),
        gain: Number((rps2 / rps1).toFixed(2)),
        cores: os.cpus().length,
        lost,
        doubled,
        submissions_ok: submitOk,
        submissions_versions: c!.versions,
        jobs: JOBS,
        job_runs: c!.runs,
        job_workers: w!.workers,
        errors: problems.length,
        loadavg: Number(os.loadavg()[0]!.toFixed(1)),
      }),
    );
  } finally {
    proxy?.server.close();
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    await db.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end({ timeout: 5 });
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
