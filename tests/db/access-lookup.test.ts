import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_STATEMENT } from '../../lib/server/auth/access';
import { claimsFor } from '../../lib/server/db/rls';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeDepartment, makeStudent, makeUser } from '../factories';

/**
 * app.request_access (every request's first statement) once found the account by a sequential
 * scan of app_users that ran app.has_role('admin') and ('auditor') for every account created
 * before the caller's: 19 ms of PostgreSQL CPU per confirmation at 12,000 accounts, growing with
 * the roster (decision 137). The role checks it runs must not depend on how many accounts exist.
 */

let t: TestDb;
beforeAll(async () => {
  t = await freshDb();
});
afterAll(async () => {
  await t?.cleanup();
});

/** request_access for the user, and how often it called app.has_role (the transaction's own counts). */
async function lookUp(userId: string): Promise<{ live: boolean; studentId: string | null; hasRoleCalls: number }> {
  return t.db.transaction(async (tx) => {
    await tx.query(`set local track_functions = 'all'`);
    const { role, claims } = claimsFor({ userId });
    const [row] = await tx.query<{ a: { live: boolean; student: { id: string } | null } | string }>(ACCESS_STATEMENT, [role, JSON.stringify(claims), null]);
    const a = typeof row!.a === 'string' ? (JSON.parse(row!.a) as { live: boolean; student: { id: string } | null }) : row!.a;
    const [c] = await tx.query<{ n: number }>(
      `select coalesce(sum(calls), 0)::int as n from pg_stat_xact_user_functions where schemaname = 'app' and funcname = 'has_role'`,
    );
    return { live: a.live, studentId: a.student?.id ?? null, hasRoleCalls: Number(c!.n) };
  });
}

describe(`the access lookup (${testEngine})`, () => {
  it('costs the same role checks for the first account and for one created after 300 others', async () => {
    const dept = await makeDepartment(t.db);
    const early = await makeUser(t.db);
    const earlyStudent = await makeStudent(t.db, dept.id, { userId: early.id });
    await t.db.query(
      `insert into public.app_users (issuer, subject, display_name)
       select 'https://idp.test', 'bulk-' || g || '-' || md5(random()::text), '用户' || g from generate_series(1, 300) g`,
    );
    const late = await makeUser(t.db);
    const lateStudent = await makeStudent(t.db, dept.id, { userId: late.id });

    const a = await lookUp(early.id);
    const b = await lookUp(late.id);
    expect(a).toMatchObject({ live: true, studentId: earlyStudent.id });
    expect(b).toMatchObject({ live: true, studentId: lateStudent.id });
    // Each policy's check at most once per statement (the roster's registrar check, the accounts'
    // admin and auditor checks), never once per account: it was 2 per account scanned.
    expect(a.hasRoleCalls).toBeLessThanOrEqual(3);
    expect(b.hasRoleCalls).toBeLessThanOrEqual(3);
  });
});
