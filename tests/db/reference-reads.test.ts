import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiClient } from '../../lib/server/auth/api-client';
import { loadAccess } from '../../lib/server/auth/access';
import { withRls, type Ctx } from '../../lib/server/db/rls';
import { createApiClient } from '../../lib/server/sharing/create-api-client';
import { freshDb, testEngine, type TestDb } from '../helpers/db';
import { makeOfficeWithGrant } from '../helpers/sharing';
import { makeDepartment, makeStaff, makeStudent, makeUser } from '../factories';

/**
 * Departments, offices, campaigns and field policies are readable by signed-in app users only
 * (migration 20261203020010). On Supabase, `authenticated` is also any Supabase Auth account — a
 * stray sign-up with no app_users row must read nothing, with rows present.
 */
let t: TestDb;
let officeA: { id: string; code: string }, officeB: { id: string; code: string };
let apiCtx: Ctx;
const TABLES = ['departments', 'offices', 'campaigns', 'field_policies'] as const;
const count = (ctx: Ctx, table: string) => withRls(ctx, (tx) => tx.query(`select 1 from public.${table}`)).then((r) => r.length);

beforeAll(async () => {
  t = await freshDb();
  const dept = await makeDepartment(t.db);
  officeA = await makeOfficeWithGrant(t.db, ['student_number']);
  officeB = await makeOfficeWithGrant(t.db, ['name']);
  const registrar = await makeStaff(t.db, 'registrar');
  await t.db.query(
    `insert into public.campaigns (name, semester, opens_at, closes_at, created_by) values ('2026 秋季核对', '2026-2027-1', now(), now() + interval '7 days', $1)`,
    [registrar.id],
  );
  await makeStudent(t.db, dept.id);
  const admin = await makeStaff(t.db, 'admin');
  const { token } = await createApiClient({ access: await loadAccess(admin.ctx), input: { officeId: officeA.id, name: 'erp' } });
  apiCtx = await authenticateApiClient(`Bearer ${token}`);
});
afterAll(async () => t?.cleanup());

describe(`reference tables for app users only, on ${testEngine}`, () => {
  it('has rows in every table (as the owner), so an empty answer below means refused', async () => {
    for (const table of TABLES) expect((await t.db.query(`select 1 from public.${table}`)).length).toBeGreaterThan(0);
  });

  it('lets a signed-in app user (student or staff) read them all', async () => {
    const student = await makeUser(t.db);
    const reviewer = await makeStaff(t.db, 'reviewer', { departmentId: (await makeDepartment(t.db)).id });
    for (const ctx of [student.ctx, reviewer.ctx]) {
      for (const table of TABLES) {
        const own = (await t.db.query(`select 1 from public.${table}`)).length;
        expect(await count(ctx, table)).toBe(own);
      }
    }
  });

  it('shows a Supabase Auth account without an app user nothing', async () => {
    const stray: Ctx = { userId: randomUUID() };
    for (const table of TABLES) expect(await count(stray, table)).toBe(0);
  });

  it('shows a disabled account nothing', async () => {
    const u = await makeUser(t.db);
    await t.db.query('update public.app_users set disabled_at = now() where id = $1', [u.id]);
    for (const table of TABLES) expect(await count(u.ctx, table)).toBe(0);
  });

  it('lets an office API client read its own office row and nothing else of these tables', async () => {
    const offices = await withRls(apiCtx, (tx) => tx.query<{ id: string }>('select id from public.offices'));
    expect(offices.map((o) => o.id)).toEqual([officeA.id]);
    expect(offices.map((o) => o.id)).not.toContain(officeB.id);
    for (const table of ['departments', 'campaigns', 'field_policies']) expect(await count(apiCtx, table)).toBe(0);
  });
});
