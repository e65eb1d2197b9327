import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encode } from 'next-auth/jwt';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { createCampaign } from '../../lib/server/campaigns/create-campaign';
import { confirmWithBudget } from '../../lib/server/campaigns/confirm';
import { openCampaign } from '../../lib/server/campaigns/lifecycle';
import { setDbForTests } from '../../lib/server/db/client';
import { openPostgres } from '../../lib/server/db/postgres';
import type { Database, Tx } from '../../lib/server/db/types';
import { getEnv } from '../../lib/server/env';
import { budgetOf, budgetRowKey } from '../../lib/server/ratelimit';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeVerifiedStudent } from '../helpers/sharing';
import { makeDepartment, makeStaff, makeUser } from '../factories';

/**
 * The student's "all correct" through the real route handler, with a real Auth.js cookie, counting
 * every statement sent to the database (issue 14: ≤ 4 round trips in one transaction).
 */

// The route reads cookies and headers through next/headers; here they come from the test's request.
const current: { req: Request | null } = { req: null };
vi.mock('next/headers', () => ({
  headers: async () => current.req!.headers,
  cookies: async () => {
    const raw = current.req!.headers.get('cookie') ?? '';
    const all = raw
      .split(/;\s*/)
      .filter(Boolean)
      .map((kv) => ({ name: kv.slice(0, kv.indexOf('=')), value: kv.slice(kv.indexOf('=') + 1) }));
    return { getAll: () => all, get: (n: string) => all.find((c) => c.name === n) };
  },
}));
const { POST } = await import('../../app/api/v1/confirm/route');

// tests/setup/rls-guard.ts adds one statement to every RLS transaction of every test (that the
// role is subject to RLS); it is not part of the app, so it is not counted.
const GUARD = /from pg_roles where rolname = current_user/;
// rate-limiter-flexible's own upsert on public.rate_limits: only without a session (the IP's
// budget) or for input refused before the database; a signed-in confirmation spends its point in
// its one statement (decision 141).
const LIMITER = /"public"\."rate_limits"/;
const limiterOf = (statements: string[]) => statements.filter((x) => LIMITER.test(x));
const txOf = (statements: string[]) => statements.filter((x) => !LIMITER.test(x));

/** Counts what the app sends: every query, and BEGIN and COMMIT for every transaction. */
function counting(db: Database, log: string[]): Database {
  const wrap = (q: Tx): Tx => ({
    query: (text, params) => {
      log.push(text);
      return q.query(text, params);
    },
  });
  return {
    ...db,
    ...wrap(db),
    transaction: async (fn) => {
      log.push('begin');
      const r = await db.transaction((tx) => fn(wrap(tx)));
      log.push('commit');
      return r;
    },
  };
}

let t: TestDb;
let app: Database;
const sent: string[] = [];
let registrar: Access;
let dept: { id: string };

beforeAll(async () => {
  t = await freshDb();
  dept = await makeDepartment(t.db);
  registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
  // On PostgreSQL the count is what postgres.js puts on the wire (its debug hook); on PGlite the wrapper's.
  // One connection, opened before counting: postgres.js reads the array types once per connection.
  app = t.kind === 'postgres' ? openPostgres(t.url!, { max: 1, onStatement: (s) => sent.push(s) }) : counting(t.db, sent);
  await app.query('select 1');
});
afterAll(async () => {
  setDbForTests(t.db);
  if (t?.kind === 'postgres') await app.close();
  await t?.cleanup();
});

async function studentWithSession() {
  const u = await makeUser(t.db);
  const s = await makeVerifiedStudent(t.db, dept.id);
  await t.db.query('update public.students set user_id = $2 where id = $1', [s.id, u.id]);
  const [sess] = await t.db.query<{ id: string }>(`insert into public.auth_sessions (user_id, provider) values ($1, 'campus') returning id`, [u.id]);
  const env = getEnv();
  const name = 'authjs.session-token';
  const cookie = `${name}=${await encode({ token: { uid: u.id, sub: u.id, name: '学生', sid: sess!.id }, secret: env.authSecret, salt: name, maxAge: 3600 })}`;
  return { userId: u.id, studentId: s.id, sessionId: sess!.id, cookie };
}

async function post(cookie: string, taskId: string, idempotencyKey?: string) {
  current.req = new Request('http://localhost/api/v1/confirm', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'user-agent': 'vitest', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify({ taskId }),
  });
  setDbForTests(app);
  sent.length = 0;
  try {
    const res = await POST(current.req);
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as Record<string, unknown>,
      statements: sent.filter((s) => !GUARD.test(s)),
    };
  } finally {
    setDbForTests(t.db);
  }
}

async function pointsOf(userId: string): Promise<number | null> {
  const [row] = await t.db.query<{ points: number }>('select points from public.rate_limits where key = $1', [budgetRowKey('confirm', `user:${userId}`)]);
  return row ? Number(row.points) : null;
}

async function openedTaskFor(studentIds: string[]) {
  const { campaignId } = await createCampaign({
    access: registrar,
    input: {
      name: '信息确认',
      semester: '2026 春',
      opensAt: new Date(Date.now() - 3600e3).toISOString(),
      closesAt: new Date(Date.now() + 86400e3).toISOString(),
    },
  });
  await openCampaign({ access: registrar, input: { campaignId } });
  await t.db.query(`update public.confirmation_tasks set opened_sections = array['identity', 'document', 'contact'] where campaign_id = $1`, [campaignId]);
  const rows = await t.db.query<{ id: string; student_id: string }>('select id, student_id from public.confirmation_tasks where campaign_id = $1', [
    campaignId,
  ]);
  return new Map(studentIds.map((sid) => [sid, rows.find((r) => r.student_id === sid)!.id]));
}

describe(`a confirmation over HTTP (${testEngine})`, () => {
  it('is one statement (budget, access, confirm in app.confirm_request) — and confirms once, audited in the chain', async () => {
    const a = await studentWithSession();
    const tasks = await openedTaskFor([a.studentId]);
    const taskId = tasks.get(a.studentId)!;

    const first = await post(a.cookie, taskId);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, duplicate: false });
    // One statement in all, its own transaction: no BEGIN, no COMMIT on the wire.
    expect(first.statements.map((s) => s.trim().split(/\s+/).slice(0, 2).join(' ').toLowerCase())).toEqual(['select app.confirm_request($1,']);
    expect(await pointsOf(a.userId)).toBe(1);

    const again = await post(a.cookie, taskId);
    expect(again).toMatchObject({ status: 200, body: { ok: true, duplicate: true, versionId: first.body.versionId } });
    expect(again.statements).toHaveLength(1);
    expect(await pointsOf(a.userId)).toBe(2);

    const [task] = await t.db.query<{ status: string; confirmed_version_id: string }>(
      'select status, confirmed_version_id from public.confirmation_tasks where id = $1',
      [taskId],
    );
    const [rec] = await t.db.query<{ verified_version_id: string }>('select verified_version_id from public.identity_records where student_id = $1', [
      a.studentId,
    ]);
    expect(task).toEqual({ status: 'confirmed', confirmed_version_id: rec!.verified_version_id });
    const audits = await t.db.query<{ actor_id: string; hash: string; prev_hash: string; user_agent: string }>(
      `select actor_id, hash, prev_hash, user_agent from public.audit_events where action = 'confirmation.confirm' and entity_id = $1`,
      [taskId],
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor_id: a.userId, user_agent: 'vitest' });
    expect(audits[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses another student's task, an ended session and a cookie from another secret — writing nothing", async () => {
    const a = await studentWithSession();
    const b = await studentWithSession();
    const tasks = await openedTaskFor([a.studentId, b.studentId]);

    const wrong = await post(b.cookie, tasks.get(a.studentId)!);
    expect(wrong.status).toBe(404);
    // The refusal spent its point in the same statement — one point, not two, not none.
    expect(wrong.statements).toHaveLength(1);
    expect(limiterOf(wrong.statements)).toEqual([]);
    expect(await pointsOf(b.userId)).toBe(1);

    await t.db.query(`update public.auth_sessions set ended_at = now(), ended_reason = 'sign_out' where id = $1`, [b.sessionId]);
    const ended = await post(b.cookie, tasks.get(b.studentId)!);
    expect(ended.status).toBe(401);
    expect(await pointsOf(b.userId)).toBe(2);

    const name = 'authjs.session-token';
    const forged = `${name}=${await encode({ token: { uid: a.userId, sid: a.sessionId }, secret: 'x'.repeat(40), salt: name, maxAge: 3600 })}`;
    const refused = await post(forged, tasks.get(a.studentId)!);
    expect(refused.status).toBe(401);
    // No database work but the limiter: a forged cookie still spends its IP's budget.
    expect(txOf(refused.statements)).toEqual([]);
    expect(limiterOf(refused.statements)).toHaveLength(1);

    const confirmed = await t.db.query(`select id from public.confirmation_tasks where id = any ($1::uuid[]) and status = 'confirmed'`, [[...tasks.values()]]);
    expect(confirmed).toEqual([]);
  });

  it('writes nothing but the point when the verb refuses: an unopened section', async () => {
    const a = await studentWithSession();
    const tasks = await openedTaskFor([a.studentId]);
    const taskId = tasks.get(a.studentId)!;
    await t.db.query(`update public.confirmation_tasks set opened_sections = array['identity'] where id = $1`, [taskId]);
    const r = await post(a.cookie, taskId);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      error: 'confirm.errors.openAllSections',
      fieldErrors: { document: 'confirm.errors.notOpened', contact: 'confirm.errors.notOpened' },
    });
    const [task] = await t.db.query<{ status: string }>('select status from public.confirmation_tasks where id = $1', [taskId]);
    expect(task!.status).toBe('pending');
    expect(await pointsOf(a.userId)).toBe(1);
  });

  it('answers 429 with Retry-After once the budget is used, counting the refusal and confirming nothing', async () => {
    const a = await studentWithSession();
    const tasks = await openedTaskFor([a.studentId]);
    const taskId = tasks.get(a.studentId)!;
    const { points } = budgetOf('confirm');
    await t.db.query('insert into public.rate_limits (key, points, expire) values ($1, $2, $3)', [
      budgetRowKey('confirm', `user:${a.userId}`),
      points,
      Date.now() + 30_000,
    ]);
    const r = await post(a.cookie, taskId);
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ error: 'ratelimit.confirm' });
    expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(r.retryAfter)).toBeLessThanOrEqual(30);
    // The refusal keeps its point (as the limiter counts refusals) and writes nothing else.
    expect(r.statements).toHaveLength(1);
    expect(await pointsOf(a.userId)).toBe(points + 1);
    const [task] = await t.db.query<{ status: string }>('select status from public.confirmation_tasks where id = $1', [taskId]);
    expect(task!.status).toBe('pending');
  });

  it('answers a retry with the same Idempotency-Key as the first time, refuses the key for another task, and gives the key back when refused', async () => {
    const a = await studentWithSession();
    const tasks = await openedTaskFor([a.studentId]);
    const taskId = tasks.get(a.studentId)!;
    await t.db.query(`update public.confirmation_tasks set opened_sections = array['identity'] where id = $1`, [taskId]);
    const key = crypto.randomUUID();

    // Refused (a section unopened): the key is not kept, so the same key works once it is fixed.
    const refused = await post(a.cookie, taskId, key);
    expect(refused.status).toBe(400);
    expect(refused.statements).toHaveLength(1);
    const kept = await t.db.query('select 1 from public.idempotency_keys where user_id = $1 and key = $2', [a.userId, key]);
    expect(kept).toEqual([]);
    await t.db.query(`update public.confirmation_tasks set opened_sections = array['identity', 'document', 'contact'] where id = $1`, [taskId]);

    const first = await post(a.cookie, taskId, key);
    expect(first).toMatchObject({ status: 200, body: { ok: true, duplicate: false } });
    expect(first.statements).toHaveLength(1);
    const retry = await post(a.cookie, taskId, key);
    // The first answer, not "already confirmed": the key replays it.
    expect(retry).toMatchObject({ status: 200, body: { ok: true, duplicate: false, versionId: first.body.versionId } });
    expect(retry.statements).toHaveLength(1);

    const other = await openedTaskFor([a.studentId]);
    const reused = await post(a.cookie, other.get(a.studentId)!, key);
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ error: 'integrity.idempotencyReused' });
    const [n] = await t.db.query<{ n: number }>(`select count(*)::int as n from public.audit_events where action = 'confirmation.confirm' and entity_id = $1`, [
      taskId,
    ]);
    expect(n!.n).toBe(1);
  });

  it('refuses a signed-in person who is not a student (403) and a malformed task id (400), each spending one point', async () => {
    const staff = await makeStaff(t.db, 'reviewer', { departmentId: dept.id });
    const [sess] = await t.db.query<{ id: string }>(`insert into public.auth_sessions (user_id, provider) values ($1, 'campus') returning id`, [staff.id]);
    const name = 'authjs.session-token';
    const cookie = `${name}=${await encode({ token: { uid: staff.id, sid: sess!.id }, secret: getEnv().authSecret, salt: name, maxAge: 3600 })}`;
    const a = await studentWithSession();
    const tasks = await openedTaskFor([a.studentId]);
    const notStudent = await post(cookie, tasks.get(a.studentId)!);
    expect(notStudent.status).toBe(403);
    expect(await pointsOf(staff.id)).toBe(1);
    const malformed = await post(a.cookie, 'not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(limiterOf(malformed.statements)).toHaveLength(1);
    expect(txOf(malformed.statements)).toEqual([]);
    expect(await pointsOf(a.userId)).toBe(1);
  });

  it.runIf(testEngine === 'postgres')('confirms once when the same confirmation arrives twice at once, with and without a key (PostgreSQL)', async () => {
    const a = await studentWithSession();
    const b = await studentWithSession();
    const tasks = await openedTaskFor([a.studentId, b.studentId]);
    const pool = openPostgres(t.url!, { max: 4 });
    setDbForTests(pool);
    try {
      const ctxOf = (s: { userId: string; sessionId: string }) => ({
        userId: s.userId,
        sessionId: s.sessionId,
        actor: { kind: 'user' as const, userId: s.userId },
        ip: '127.0.0.1',
        userAgent: 'vitest',
      });
      const key = crypto.randomUUID();
      const keyed = await Promise.all([0, 1].map(() => confirmWithBudget(ctxOf(a), { taskId: tasks.get(a.studentId)!, idempotencyKey: key })));
      // Both answer the first confirmation (the second waited for the first's key, then replayed it).
      expect(keyed.map((r) => r.duplicate)).toEqual([false, false]);
      expect(keyed[0]!.versionId).toBe(keyed[1]!.versionId);
      const plain = await Promise.all([0, 1].map(() => confirmWithBudget(ctxOf(b), { taskId: tasks.get(b.studentId)! })));
      expect(plain.map((r) => r.duplicate).sort()).toEqual([false, true]);
      const [n] = await t.db.query<{ n: number }>(
        `select count(*)::int as n from public.audit_events where action = 'confirmation.confirm' and entity_id = any ($1::text[])`,
        [[...tasks.values()]],
      );
      expect(n!.n).toBe(2);
    } finally {
      setDbForTests(t.db);
      await pool.close();
    }
  });
});
