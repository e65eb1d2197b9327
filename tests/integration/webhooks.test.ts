import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { runRetention } from '../../lib/server/archive/run-retention';
import { getCipher } from '../../lib/server/crypto';
import { insertVerifiedStudent, insertVerifiedVersion, seedActor } from '../../lib/server/db/seed-sharing';
import { enqueue } from '../../lib/server/jobs/enqueue';
import { releaseLocksOfDeadProcesses, type Runner } from '../../lib/server/jobs/local-runner';
import { createWebhookEndpoint } from '../../lib/server/webhooks/create-endpoint';
import { rotateWebhookSecret } from '../../lib/server/webhooks/rotate-secret';
import { claimDelivery } from '../../lib/server/webhooks/internal/deliver';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { prepareQueue, startRunner, waitFor } from '../helpers/jobs';
import { makeOfficeWithGrant, makeVerifiedStudent } from '../helpers/sharing';
import { makeDepartment, makeIdNumber, makeStaff, makeStudent } from '../factories';

// Fast retries for the test; the lease is WEBHOOK_TIMEOUT_MS + 15 s (a dead worker's attempt is
// retried after that). getEnv() is read lazily, after these are set.
process.env.WEBHOOK_RETRY_BASE_SECONDS = '0.2';
process.env.WEBHOOK_RETRY_MAX_SECONDS = '1';
process.env.WEBHOOK_TIMEOUT_MS = '2000';
process.env.WEBHOOK_SWEEP_SECONDS = '0.5';
process.env.WEBHOOK_MAX_ATTEMPTS = '40';
process.env.WEBHOOK_MAX_FAILURES = '1000';
process.env.WEBHOOK_SECRET_OVERLAP_HOURS = '24';

// ------------------------------------------------------------------ an independent verifier
//
// Written from the Standard Webhooks specification, not from the standardwebhooks package: the
// signed content is `${webhook-id}.${webhook-timestamp}.${body}`, HMAC-SHA256 keyed with the
// base64-decoded part of the secret after `whsec_`, base64-encoded, prefixed `v1,`; the header
// holds one or more such signatures separated by spaces; the timestamp is Unix seconds and must be
// within a tolerance of now.

function expectedSignature(secret: string, id: string, ts: string, body: string): string {
  if (!secret.startsWith('whsec_')) throw new Error('not a whsec_ secret');
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
}

/** Which of the given secrets produced a signature in the header (by label). */
function verifiedBy(header: string, secrets: { label: string; secret: string }[], id: string, ts: string, body: string): string[] {
  const sigs = header
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  return secrets
    .filter(({ secret }) => {
      const want = Buffer.from(expectedSignature(secret, id, ts, body), 'base64');
      return sigs.some((g) => g.length === want.length && timingSafeEqual(g, want));
    })
    .map((s) => s.label);
}

interface Received {
  id: string;
  ts: string;
  body: string;
  signature: string;
  verifiedBy: string[];
  path: string;
}

/**
 * A webhook receiver on a random loopback port. Down (connection refused) until `up()`; then it
 * answers 503 to the first `failFirst` requests of each webhook-id, 401 to a bad signature, and 200
 * otherwise; while `hang` is set, requests get no answer at all.
 */
class Receiver {
  server = http.createServer((req, res) => void this.handle(req, res));
  port = 0;
  secrets = new Map<string, { label: string; secret: string }[]>();
  failFirst = 1;
  seen = new Map<string, number>();
  accepted: Received[] = [];
  rejected: Received[] = [];
  /** While true, requests get no answer at all (a receiver stuck mid-request). */
  hang = false;
  hung: Received[] = [];

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async down(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
  async up(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(this.port, '127.0.0.1', r));
  }
  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }
  unique(path?: string): Map<string, Received> {
    const m = new Map<string, Received>();
    for (const r of this.accepted) if (!path || r.path === path) m.set(r.id, r);
    return m;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const id = String(req.headers['webhook-id'] ?? '');
    const ts = String(req.headers['webhook-timestamp'] ?? '');
    const signature = String(req.headers['webhook-signature'] ?? '');
    const path = req.url ?? '';
    const r: Received = { id, ts, body, signature, path, verifiedBy: verifiedBy(signature, this.secrets.get(path) ?? [], id, ts, body) };
    if (this.hang) {
      this.hung.push(r);
      return;
    }
    // An event goes to each endpoint under the same webhook-id: count per endpoint (path).
    const n = (this.seen.get(`${path} ${id}`) ?? 0) + 1;
    this.seen.set(`${path} ${id}`, n);
    if (n <= this.failFirst) {
      res.writeHead(503).end('not yet');
      return;
    }
    const fresh = Math.abs(Date.now() / 1000 - Number(ts)) < 300;
    if (!id || !r.verifiedBy.length || !fresh) {
      this.rejected.push(r);
      res.writeHead(401).end('bad signature');
      return;
    }
    this.accepted.push(r);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }
}

// ------------------------------------------------------------------ the test

let t: TestDb;
let access: Access;
let runner: Runner | null = null;
let child: ChildProcess | null = null;
const rx = new Receiver();
let dept: { id: string };
let finance: { id: string }, logistics: { id: string }, ungranted: { id: string };
let fin: { endpointId: string; secret: string }, log: { endpointId: string; secret: string };

const deliveriesOf = (studentId: string) =>
  t.db.query<{ id: string; endpoint_id: string; message_id: string; event_type: string; status: string; attempts: number }>(
    'select id, endpoint_id, message_id, event_type, status, attempts from public.webhook_deliveries where student_id = $1 order by event_type, endpoint_id',
    [studentId],
  );

async function allDelivered(): Promise<boolean> {
  const [r] = await t.db.query<{ n: number }>(`select count(*)::int as n from public.webhook_deliveries where status <> 'succeeded'`);
  return r!.n === 0;
}

beforeAll(async () => {
  t = await freshDb();
  await prepareQueue(t);
  dept = await makeDepartment(t.db);
  finance = await makeOfficeWithGrant(t.db, ['student_number', 'name', 'id_number'], true);
  logistics = await makeOfficeWithGrant(t.db, ['student_number', 'phone']);
  ungranted = await makeOfficeWithGrant(t.db, []);
  const admin = await makeStaff(t.db, 'admin');
  access = (await loadAccess(admin.ctx))!;
  await rx.start();
  await rx.down();
  fin = await createWebhookEndpoint({
    access,
    input: { officeId: finance.id, url: rx.url('/finance'), events: ['student.verified', 'student.changed', 'student.redacted'] },
  });
  log = await createWebhookEndpoint({
    access,
    input: { officeId: logistics.id, url: rx.url('/logistics'), events: ['student.verified', 'student.changed', 'student.redacted'] },
  });
  await createWebhookEndpoint({ access, input: { officeId: ungranted.id, url: rx.url('/ungranted'), events: ['student.verified', 'student.redacted'] } });
  rx.secrets.set('/finance', [{ label: 'first', secret: fin.secret }]);
  rx.secrets.set('/logistics', [{ label: 'first', secret: log.secret }]);
  rx.secrets.set('/ungranted', []);
}, 120_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await runner?.stop();
  await rx.down().catch(() => undefined);
  await t?.cleanup();
});

describe(`Standard Webhooks on ${testEngine}`, () => {
  it('shows each whsec_ secret once and stores it only encrypted', async () => {
    expect(fin.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(fin.secret.slice(6), 'base64')).toHaveLength(32);
    const [row] = await t.db.query<{ secret_enc: string }>('select secret_enc from public.webhook_endpoints where id = $1', [fin.endpointId]);
    expect(row!.secret_enc).not.toContain(fin.secret.slice(6));
  });

  it('writes the outbox in the same transaction as the change: a rolled-back verification leaves no delivery and no job', async () => {
    const s = await makeStudent(t.db, dept.id);
    const by = await seedActor(t.db);
    const inside = await t.db
      .transaction(async (tx) => {
        await insertVerifiedStudent(tx, getCipher(), by, s.id, { legalName: '回滚', idNumber: makeIdNumber() });
        const rows = await tx.query<{ office_id: string }>('select office_id from public.webhook_deliveries where student_id = $1', [s.id]);
        throw Object.assign(new Error('roll back'), { rows });
      })
      .catch((e: Error & { rows: { office_id: string }[] }) => e.rows);
    // Inside the transaction: one delivery for each office that may see the student.
    expect(inside.map((r) => r.office_id).sort()).toEqual([finance.id, logistics.id].sort());
    expect(await deliveriesOf(s.id)).toEqual([]);
    const jobs =
      t.kind === 'postgres'
        ? await t.db.query(
            `select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = 'webhook.deliver'`,
          )
        : await t.db.query(`select 1 from public.app_jobs where task = 'webhook.deliver'`);
    expect(jobs).toEqual([]);
  });

  const students: Awaited<ReturnType<typeof makeVerifiedStudent>>[] = [];
  let leaver: Awaited<ReturnType<typeof makeVerifiedStudent>>;

  it('delivers every event at least once while the receiver is down at first, and each exactly once after deduplication', { timeout: 90_000 }, async () => {
    runner = await startRunner(t);
    for (let i = 0; i < 4; i++) students.push(await makeVerifiedStudent(t.db, dept.id, { name: `钱${i}`, phone: `1390000000${i}` }));
    // An approved correction: a new verified version of student 0.
    await insertVerifiedVersion(t.db, getCipher(), await seedActor(t.db), students[0]!.recordId, students[0]!.id, {
      legalName: '钱改名',
      idNumber: students[0]!.idNumber,
      phone: '13900000099',
    });
    // A student who left long ago, redacted by retention (student.redacted).
    leaver = await makeVerifiedStudent(t.db, dept.id, { name: '离校生' });
    // Another, never verified: its redaction goes to nobody (no office was ever sent it).
    const neverVerified = await makeStudent(t.db, dept.id);
    await t.db.query(`update public.students set status = 'graduated', left_on = '2000-07-01' where id = any($1::uuid[])`, [[leaver.id, neverVerified.id]]);
    const ret = await runRetention({ actor: { job: 'test' } });
    expect(ret.redacted.map((r) => r.studentId).sort()).toEqual([leaver.id, neverVerified.id].sort());
    const [redactedEvents] = await t.db.query<{ n: number }>(`select count(*)::int as n from public.student_events where type = 'student.redacted'`);
    expect(redactedEvents!.n).toBe(2);
    // Never verified: nobody hears of it.
    const unverified = await makeStudent(t.db, dept.id);
    await t.db.query('insert into public.identity_records (student_id) values ($1)', [unverified.id]);

    // Down: connection refused for a while, recorded as failed attempts with backoff.
    await waitFor('refused attempts', async () => {
      const [r] = await t.db.query<{ n: number }>(`select count(*)::int as n from public.webhook_attempts where error like '%ECONNREFUSED%'`);
      return r!.n >= 8;
    });
    await rx.up();
    await waitFor('every delivery succeeded', allDelivered, 60_000, 100);

    const all = await t.db.query<{ message_id: string; endpoint_id: string; event_type: string; student_id: string; attempts: number }>(
      'select message_id, endpoint_id, event_type, student_id, attempts from public.webhook_deliveries',
    );
    // 6 students verified (4 + the leaver), one change, one redaction — for finance and logistics,
    // never for the office without a grant, never for the unverified student.
    expect(all.filter((d) => d.endpoint_id === fin.endpointId)).toHaveLength(7);
    expect(all.filter((d) => d.endpoint_id === log.endpointId)).toHaveLength(7);
    expect(all.some((d) => d.student_id === unverified.id)).toBe(false);
    expect(all.filter((d) => d.event_type === 'student.redacted').map((d) => d.student_id)).toEqual([leaver.id, leaver.id]);
    expect(rx.unique('/ungranted').size).toBe(0);
    // Every delivery failed at least once (refused or 503) before it succeeded.
    expect(all.every((d) => d.attempts >= 2)).toBe(true);
    expect(rx.rejected).toEqual([]);

    for (const [path, endpointId] of [
      ['/finance', fin.endpointId],
      ['/logistics', log.endpointId],
    ] as const) {
      const got = rx.unique(path);
      const want = all.filter((d) => d.endpoint_id === endpointId);
      expect([...got.keys()].sort()).toEqual(want.map((d) => d.message_id).sort());
      // The same webhook-id on every attempt: more requests than messages, one message each.
      expect(rx.accepted.filter((r) => r.path === path).length).toBeGreaterThanOrEqual(got.size);
      expect([...got.keys()].every((id) => rx.seen.get(`${path} ${id}`)! >= 2)).toBe(true);
    }

    // Only granted fields, with the full ID number for finance and none for logistics.
    const bodies = (path: string) =>
      [...rx.unique(path).values()].map((r) => JSON.parse(r.body) as { type: string; data: { id: string; fields?: Record<string, unknown> } });
    for (const b of bodies('/finance')) {
      if (b.type === 'student.redacted') {
        expect(b.data).toEqual({ id: leaver.id });
        continue;
      }
      expect(Object.keys(b.data.fields!).sort()).toEqual(['id_number', 'name', 'student_number']);
      const s = [...students, leaver].find((x) => x.id === b.data.id)!;
      expect(b.data.fields!.id_number).toBe(s.idNumber);
    }
    for (const b of bodies('/logistics')) {
      if (b.type === 'student.redacted') continue;
      expect(Object.keys(b.data.fields!).sort()).toEqual(['phone', 'student_number']);
    }
    const changed = bodies('/finance').filter((b) => b.type === 'student.changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.data.fields!.name).toBe('钱改名');
    expect(bodies('/logistics').find((b) => b.type === 'student.changed')!.data.fields!.phone).toBe('13900000099');

    // Each successful delivery is audited with the office, the fields and the record count.
    const audits = await t.db.query<{ details: { office_id: string; fields: string[]; records: number; ok: boolean } }>(
      `select details from public.audit_events where action = 'webhook.deliver' and (details->>'ok')::boolean`,
    );
    expect(audits).toHaveLength(14);
    const logisticsFields = audits
      .filter((a) => a.details.office_id === logistics.id && a.details.fields.length)
      .map((a) => [...a.details.fields].sort().join());
    expect(logisticsFields).toHaveLength(6);
    expect(new Set(logisticsFields)).toEqual(new Set(['phone,student_number']));
  });

  it('loses nothing when the app restarts mid-delivery: the sweep queues a leased delivery of a dead worker again', { timeout: 120_000 }, async () => {
    await runner!.stop();
    runner = null;
    const accepted = rx.accepted.length;
    rx.failFirst = 0;
    const victim = await makeStudent(t.db, dept.id);
    const victimIds = () => deliveriesOf(victim.id).then((ds) => ds.map((d) => d.message_id));

    if (t.kind === 'postgres') {
      // A separate worker process (graphile-worker, as `npm run worker` runs it) is killed with
      // SIGKILL while its POSTs are in flight: no clean shutdown, its locks and leases stay behind.
      // node itself (not npx, whose child would outlive a SIGKILL to npx), with tsx as the loader.
      child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'tests/helpers/webhook-worker.ts', t.url!], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: process.env,
      });
      await new Promise<void>((resolve, reject) => {
        child!.stdout!.on('data', (d: Buffer) => d.toString().includes('worker ready') && resolve());
        child!.on('exit', (code) => reject(new Error(`worker exited ${code}`)));
      });
      rx.hang = true;
      await insertVerifiedStudent(t.db, getCipher(), await seedActor(t.db), victim.id, { legalName: '重启', idNumber: makeIdNumber() });
      await waitFor('both POSTs in flight', async () => rx.hung.length >= 2);
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      child = null;
    } else {
      // PGlite is opened by one process, so the dead worker is played in this one: it claimed both
      // attempts (lease and attempt row, exactly as a delivering worker does) and then its process
      // was gone; its queue jobs were locked by a process id that no longer exists.
      await insertVerifiedStudent(t.db, getCipher(), await seedActor(t.db), victim.id, { legalName: '重启', idNumber: makeIdNumber() });
      await t.db.query(`update public.app_jobs set locked_at = now(), locked_by = 'local:999999:dead', attempts = 1 where task = 'webhook.deliver'`);
      for (const d of await deliveriesOf(victim.id)) expect(await claimDelivery(d.id, 'local:999999:dead')).not.toBeNull();
    }

    // Leased by the dead worker: pending, one attempt started and never finished.
    const leased = await t.db.query<{ status: string; attempts: number; leased: boolean; finished: boolean; lease_until: Date }>(
      `select d.status, d.attempts, d.lease_until > now() as leased, a.finished_at is not null as finished, d.lease_until
       from public.webhook_deliveries d join public.webhook_attempts a on a.delivery_id = d.id and a.attempt = d.attempts where d.student_id = $1`,
      [victim.id],
    );
    expect(leased.map(({ status, attempts, leased, finished }) => ({ status, attempts, leased, finished }))).toEqual([
      { status: 'pending', attempts: 1, leased: true, finished: false },
      { status: 'pending', attempts: 1, leased: true, finished: false },
    ]);
    const leaseEnd = Math.max(...leased.map((l) => new Date(l.lease_until).getTime()));
    rx.hang = false;

    // The restart: what jobs/start.ts does at boot.
    if (t.kind === 'pglite') expect(await releaseLocksOfDeadProcesses(t.db)).toBeGreaterThanOrEqual(1);
    runner = await startRunner(t);
    await enqueue(null, 'webhook.sweep', {}, { jobKey: 'webhook:sweep' });
    await waitFor('redelivered after the lease ran out', async () => (await deliveriesOf(victim.id)).every((d) => d.status === 'succeeded'), 60_000, 200);
    const ids = await victimIds();
    // One event, one webhook-id, sent to both endpoints: each got it exactly once.
    expect(new Set(ids).size).toBe(1);
    for (const path of ['/finance', '/logistics']) expect(rx.accepted.filter((r) => r.id === ids[0] && r.path === path)).toHaveLength(1);
    expect(rx.accepted.length).toBe(accepted + 2);
    expect((await deliveriesOf(victim.id)).map((d) => d.attempts)).toEqual([2, 2]);
    // The second attempt waited for the dead worker's lease: never two attempts at once.
    const second = await t.db.query<{ started_at: Date }>(
      `select a.started_at from public.webhook_attempts a join public.webhook_deliveries d on d.id = a.delivery_id where d.student_id = $1 and a.attempt = 2`,
      [victim.id],
    );
    expect(second).toHaveLength(2);
    for (const a of second) expect(new Date(a.started_at).getTime()).toBeGreaterThanOrEqual(leaseEnd - 1000);
  });

  it('signs with both secrets during a rotation, each verifiable, and with the new one only after it', { timeout: 60_000 }, async () => {
    const rotated = await rotateWebhookSecret({ access, input: { endpointId: fin.endpointId } });
    expect(rotated.secret).not.toBe(fin.secret);
    expect(rotated.previousValidUntil!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    rx.secrets.set('/finance', [
      { label: 'old', secret: fin.secret },
      { label: 'new', secret: rotated.secret },
    ]);
    const s = await makeVerifiedStudent(t.db, dept.id, { name: '轮换' });
    await waitFor('delivered', async () => (await deliveriesOf(s.id)).every((d) => d.status === 'succeeded'));
    const [d] = (await deliveriesOf(s.id)).filter((x) => x.endpoint_id === fin.endpointId);
    const got = rx.unique('/finance').get(d!.message_id)!;
    expect(got.signature.split(' ')).toHaveLength(2);
    expect(got.verifiedBy.sort()).toEqual(['new', 'old']);
    // Each signature on its own verifies with its own secret (independent verifier)…
    for (const [sig, secret] of got.signature.split(' ').map((sg, i) => [sg, i === 0 ? rotated.secret : fin.secret] as const)) {
      expect(sig).toBe(`v1,${expectedSignature(secret, got.id, got.ts, got.body)}`);
    }
    // …and a receiver using the reference library accepts it with either secret.
    const headers = { 'webhook-id': got.id, 'webhook-timestamp': got.ts, 'webhook-signature': got.signature };
    expect(new Webhook(rotated.secret).verify(got.body, headers)).toMatchObject({ type: 'student.verified' });
    expect(new Webhook(fin.secret).verify(got.body, headers)).toMatchObject({ type: 'student.verified' });

    // Rotating again with the overlap over (a second rotation replaces the previous secret).
    await t.db.query(`update public.webhook_endpoints set previous_secret_expires_at = now() - interval '1 second' where id = $1`, [fin.endpointId]);
    rx.secrets.set('/finance', [
      { label: 'old', secret: fin.secret },
      { label: 'new', secret: rotated.secret },
    ]);
    const s2 = await makeVerifiedStudent(t.db, dept.id, { name: '轮换后' });
    await waitFor('delivered', async () => (await deliveriesOf(s2.id)).every((d) => d.status === 'succeeded'));
    const [d2] = (await deliveriesOf(s2.id)).filter((x) => x.endpoint_id === fin.endpointId);
    const got2 = rx.unique('/finance').get(d2!.message_id)!;
    expect(got2.signature.split(' ')).toHaveLength(1);
    expect(got2.verifiedBy).toEqual(['new']);
    expect(() =>
      new Webhook(fin.secret).verify(got2.body, { 'webhook-id': got2.id, 'webhook-timestamp': got2.ts, 'webhook-signature': got2.signature }),
    ).toThrow();
  });
});
