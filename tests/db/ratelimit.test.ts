import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRls } from '../../lib/server/db/rls';
import { AppError } from '../../lib/server/errors';
import { BUDGETS } from '../../lib/server/ratelimit/budgets';
import { budgetRowKey, deleteExpiredWindows, limit, RateLimitError, refusalOfSpentPoint, resetLimitersForTests } from '../../lib/server/ratelimit';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeUser } from '../factories';

/**
 * The limiter on the engine of this run (PGlite in-process by default, PostgreSQL with
 * TEST_PG_URL): one budget per key in public.rate_limits, shared by every limiter instance on the
 * same database. tests/db/ratelimit-instances.test.ts does the same across two processes.
 */
let t: TestDb;
beforeAll(async () => {
  t = await freshDb();
});
afterAll(async () => t?.cleanup());

const outcome = (p: Promise<void>) =>
  p.then(
    () => 'ok' as const,
    (e: unknown) => {
      if (e instanceof RateLimitError) return e;
      throw e;
    },
  );

describe(`rate limits on ${testEngine}`, () => {
  it('lets exactly the budget through, then refuses with rate_limited, 429 and a retry hint', async () => {
    const { points, duration } = BUDGETS.confirm;
    const key = `user-${Math.random().toString(36).slice(2)}`;
    const results = [];
    for (let i = 0; i < points + 3; i++) results.push(await outcome(limit('confirm', key)));
    expect(results.filter((r) => r === 'ok')).toHaveLength(points);
    const refused = results.filter((r): r is RateLimitError => r !== 'ok');
    expect(refused).toHaveLength(3);
    for (const e of refused) {
      expect(e).toBeInstanceOf(AppError);
      expect(e.code).toBe('rate_limited');
      expect(e.status).toBe(429);
      expect(e.userMessage).toBe('ratelimit.confirm');
      expect(e.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(e.retryAfterSeconds).toBeLessThanOrEqual(duration);
    }
    // Another key has its own budget.
    await expect(limit('confirm', `${key}-other`)).resolves.toBeUndefined();
  });

  it('shares one budget between limiter instances on the same database (a second app instance)', async () => {
    const { points } = BUDGETS.confirm;
    const key = `shared-${Math.random().toString(36).slice(2)}`;
    const first = await Promise.all(Array.from({ length: 12 }, () => outcome(limit('confirm', key))));
    resetLimitersForTests(); // new RateLimiterPostgres objects, as a freshly started instance has
    const second = await Promise.all(Array.from({ length: 12 }, () => outcome(limit('confirm', key))));
    const ok = [...first, ...second].filter((r) => r === 'ok').length;
    expect(ok).toBe(points);
    expect(second.filter((r) => r !== 'ok').length).toBe(24 - points);
    const [row] = await t.db.query<{ points: number }>('select points from public.rate_limits where key = $1', [`confirm:${key}`]);
    expect(Number(row!.points)).toBeGreaterThanOrEqual(points);
  });

  it('marks exactly one refusal per window as the first (where an auditor sees the limit was hit)', async () => {
    const { points } = BUDGETS.reveal;
    const key = crypto.randomUUID();
    const results = await Promise.all(Array.from({ length: points + 5 }, () => outcome(limit('reveal', key))));
    const refused = results.filter((r): r is RateLimitError => r !== 'ok');
    expect(refused).toHaveLength(5);
    expect(refused.filter((e) => e.firstRefusal)).toHaveLength(1);
  });

  it('hashes keys that are long or unusual so they fit the key column', async () => {
    const key = `${'长'.repeat(300)} <script>`;
    await limit('signin', key);
    const rows = await t.db.query<{ key: string }>(`select key from public.rate_limits where key like 'signin:h.%'`);
    expect(rows.length).toBe(1);
    expect(rows[0]!.key).toMatch(/^signin:h\.[0-9a-f]{64}$/);
  });

  it('refuses an unknown kind as a programming error, not a silent pass', async () => {
    await expect(limit('nonsense', 'x')).rejects.toMatchObject({ code: 'internal' });
  });

  it('deletes windows that ended over an hour ago and keeps live ones', async () => {
    await t.db.query(`insert into public.rate_limits (key, points, expire) values ('confirm:old', 3, $1), ('confirm:live', 1, $2)`, [
      Date.now() - 2 * 3_600_000,
      Date.now() + 60_000,
    ]);
    expect(await deleteExpiredWindows()).toBeGreaterThanOrEqual(1);
    const keys = (await t.db.query<{ key: string }>(`select key from public.rate_limits where key in ('confirm:old', 'confirm:live')`)).map((r) => r.key);
    expect(keys).toEqual(['confirm:live']);
  });
});

describe(`a point spent in SQL (app.take_budget, decision 141) on ${testEngine}`, () => {
  const spend = async (rowKey: string, windowMs: number, nowMs = Date.now()) => {
    const [r] = await t.db.query<{ w: { points: number; expire: number } | string }>('select app.take_budget($1, $2, $3) as w', [rowKey, windowMs, nowMs]);
    const w = typeof r!.w === 'string' ? (JSON.parse(r!.w) as { points: number; expire: number }) : r!.w;
    return { points: Number(w.points), expire: Number(w.expire) };
  };

  it('counts in the same window as limit(): the two interleaved refuse at the same point', async () => {
    const { points, duration } = BUDGETS.confirm;
    const subject = `user:${crypto.randomUUID()}`;
    const rowKey = budgetRowKey('confirm', subject);
    const seen: string[] = [];
    for (let i = 0; i < points + 2; i++) {
      if (i % 2 === 0) seen.push((await outcome(limit('confirm', subject))) === 'ok' ? 'ok' : 'refused');
      else {
        const w = await spend(rowKey, duration * 1000);
        expect(w.points).toBe(i + 1);
        seen.push(refusalOfSpentPoint('confirm', w) ? 'refused' : 'ok');
      }
    }
    expect(seen.filter((x) => x === 'ok')).toHaveLength(points);
    expect(seen.slice(points)).toEqual(['refused', 'refused']);
    const [row] = await t.db.query<{ points: number }>('select points from public.rate_limits where key = $1', [rowKey]);
    expect(Number(row!.points)).toBe(points + 2);
  });

  it('answers what limit() would: the retry hint, and the first refusal of a window marked once', async () => {
    const { points } = BUDGETS.confirm;
    const now = Date.now();
    expect(refusalOfSpentPoint('confirm', { points, expire: now + 30_000 }, now)).toBeNull();
    const first = refusalOfSpentPoint('confirm', { points: points + 1, expire: now + 30_000 }, now)!;
    expect(first).toBeInstanceOf(RateLimitError);
    expect(first).toMatchObject({ code: 'rate_limited', status: 429, retryAfterSeconds: 30, firstRefusal: true, userMessage: 'ratelimit.confirm' });
    expect(refusalOfSpentPoint('confirm', { points: points + 2, expire: now + 100 }, now)).toMatchObject({ retryAfterSeconds: 1, firstRefusal: false });
  });

  it('starts a new window once the old one has ended, and keys fit the column as limit()’s do', async () => {
    const rowKey = budgetRowKey('confirm', `user:${crypto.randomUUID()}`);
    const t0 = Date.now();
    expect(await spend(rowKey, 60_000, t0)).toEqual({ points: 1, expire: t0 + 60_000 });
    expect(await spend(rowKey, 60_000, t0 + 1_000)).toEqual({ points: 2, expire: t0 + 60_000 });
    expect(await spend(rowKey, 60_000, t0 + 60_000)).toEqual({ points: 1, expire: t0 + 120_000 });
    expect(budgetRowKey('confirm', 'user:a b/c')).toMatch(/^confirm:h\.[0-9a-f]{64}$/);
  });

  it('may be called only by the app’s own connection, not by a request role', async () => {
    const user = await makeUser(t.db);
    await expect(withRls(user.ctx, (tx) => tx.query(`select app.take_budget('confirm:x', 1000, 0)`))).rejects.toMatchObject({ code: '42501' });
    await expect(
      withRls(user.ctx, (tx) =>
        tx.query(`select app.confirm_request('authenticated', '{}', null, 'confirm:x', 20, 1000, 0, gen_random_uuid(), null, null, null, null)`),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });
});

describe(`public.rate_limits under RLS on ${testEngine}`, () => {
  it('has RLS enabled and no policy for any role', async () => {
    const [c] = await t.db.query<{ relrowsecurity: boolean }>(`select relrowsecurity from pg_class where oid = 'public.rate_limits'::regclass`);
    expect(c!.relrowsecurity).toBe(true);
    const policies = await t.db.query(`select policyname from pg_policies where schemaname = 'public' and tablename = 'rate_limits'`);
    expect(policies).toEqual([]);
  });

  it('gives the app roles nothing, with rows present', async () => {
    await limit('signin', '203.0.113.7');
    expect((await t.db.query('select 1 from public.rate_limits')).length).toBeGreaterThan(0);
    const user = await makeUser(t.db);
    for (const ctx of [user.ctx, { userId: null }]) {
      await expect(withRls(ctx, (tx) => tx.query('select * from public.rate_limits'))).rejects.toMatchObject({ code: '42501' });
      await expect(withRls(ctx, (tx) => tx.query(`insert into public.rate_limits (key, points) values ('signin:x', 0)`))).rejects.toMatchObject({
        code: '42501',
      });
      await expect(withRls(ctx, (tx) => tx.query(`delete from public.rate_limits`))).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('shows an app role no rows even if someone grants it the table (RLS, not only the missing grant)', async () => {
    const user = await makeUser(t.db);
    await t.db.exec('grant select, update, delete on public.rate_limits to authenticated');
    try {
      const rows = await withRls(user.ctx, (tx) => tx.query('select * from public.rate_limits'));
      expect(rows).toEqual([]);
      const deleted = await withRls(user.ctx, (tx) => tx.query('delete from public.rate_limits returning key'));
      expect(deleted).toEqual([]);
    } finally {
      await t.db.exec('revoke all on public.rate_limits from authenticated');
    }
    expect((await t.db.query('select 1 from public.rate_limits')).length).toBeGreaterThan(0);
  });
});
