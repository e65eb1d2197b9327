import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encode } from 'next-auth/jwt';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { createCampaign } from '../../lib/server/campaigns/create-campaign';
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
// rate-limiter-flexible's own upsert on public.rate_limits: only where a confirmation rolled back
// (its point went with it and is spent again) or without a session (the IP's budget). A
// confirmation that commits spends its point inside the access statement (decision 141).
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

async function post(cookie: string, taskId: string) {
  current.req = new Request('http://localhost/api/v1/confirm', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'user-agent': 'vitest' },
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
  it('is BEGIN, one access statement that spends the budget, one confirm statement, COMMIT — and confirms once, audited in the chain', async () => {
    const a = await studentWithSession();
    const tasks = await openedTaskFor([a.studentId]);
    const taskId = tasks.get(a.studentId)!;

    const first = await post(a.cookie, taskId);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, duplicate: false });
    // Four statements in all: BEGIN, access with the budget's point, confirm, COMMIT.
    expect(first.statements.map((s) => s.trim().split(/\s+/).slice(0, 2).join(' ').toLowerCase())).toEqual([
      'begin',
      'select app.request_access_spending($1,',
      'select app.confirm_task($1,',
      'commit',
    ]);
    expect(await pointsOf(a.userId)).toBe(1);

    const again = await post(a.cookie, taskId);
    expect(again).toMatchObject({ status: 200, body: { ok: true, duplicate: true, versionId: first.body.versionId } });
    expect(again.statements).toHaveLength(4);
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
    // Rolled back, and the point with it: spent again by the limiter — one point, not two, not none.
    expect(txOf(wrong.statements).length).toBeLessThanOrEqual(4);
    expect(limiterOf(wrong.statements)).toHaveLength(1);
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

  it('rolls the whole transaction back when the verb refuses: an unopened section', async () => {
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
    // The refusal commits its point (as the limiter counts refusals) and nothing else.
    expect(r.statements.map((s) => s.trim().split(/\s+/)[0]!.toLowerCase())).toEqual(['begin', 'select', 'commit']);
    expect(await pointsOf(a.userId)).toBe(points + 1);
    const [task] = await t.db.query<{ status: string }>('select status from public.confirmation_tasks where id = $1', [taskId]);
    expect(task!.status).toBe('pending');
  });
});
