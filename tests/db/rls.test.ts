import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess } from '../../lib/server/auth/access';
import { withRls, type Ctx } from '../../lib/server/db/rls';
import type { Tx } from '../../lib/server/db/types';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeOffice, makeStaff, makeStudent, makeUser } from '../factories';

/**
 * Row-level security, proven as the role requests really run under (authenticated / anon), never
 * as the superuser the connection belongs to.
 */
let t: TestDb;
let deptA: { id: string }, deptB: { id: string };
let studentA: { id: string; ctx: Ctx; rosterId: string }, studentB: { id: string; ctx: Ctx; rosterId: string };
let reviewerA: { id: string; ctx: Ctx }, registrar: { id: string; ctx: Ctx }, admin: { id: string; ctx: Ctx };
let auditor: { id: string; ctx: Ctx }, office: { id: string; ctx: Ctx };

const count = async (tx: Tx, sql: string, params: unknown[] = []) => (await tx.query(sql, params)).length;
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

beforeAll(async () => {
  t = await freshDb();
  deptA = await makeDepartment(t.db);
  deptB = await makeDepartment(t.db);
  const ua = await makeUser(t.db, { name: '学生甲' });
  const ub = await makeUser(t.db, { name: '学生乙' });
  studentA = { ...ua, rosterId: (await makeStudent(t.db, deptA.id, { userId: ua.id })).id };
  studentB = { ...ub, rosterId: (await makeStudent(t.db, deptB.id, { userId: ub.id })).id };
  await makeStudent(t.db, deptA.id);
  await makeStudent(t.db, deptB.id);
  reviewerA = await makeStaff(t.db, 'reviewer', { departmentId: deptA.id });
  registrar = await makeStaff(t.db, 'registrar');
  admin = await makeStaff(t.db, 'admin');
  auditor = await makeStaff(t.db, 'auditor');
  office = await makeStaff(t.db, 'office', { officeCode: await makeOffice(t.db) });
  await withRls(admin.ctx, (tx) => tx.query(`select app.write_audit('test.seed', 'test', null, 'admin', '{}'::jsonb, null, null)`));
});

afterAll(async () => t?.cleanup());

describe(`RLS on ${process.env.TEST_PG_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('runs requests as a role that is neither superuser nor BYPASSRLS', async () => {
    for (const ctx of [studentA.ctx, admin.ctx, { userId: null }]) {
      const [me] = await withRls(ctx, (tx) =>
        tx.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(
          'select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user',
        ),
      );
      expect(me!.rolname).toBe(ctx.userId ? 'authenticated' : 'anon');
      expect(me!.rolsuper).toBe(false);
      expect(me!.rolbypassrls).toBe(false);
    }
  });

  it('has RLS enabled on every table in the public schema', async () => {
    const tables = await t.db.query<{ relname: string; relrowsecurity: boolean }>(
      `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(6);
    expect(tables.filter((r) => !r.relrowsecurity).map((r) => r.relname)).toEqual([]);
  });

  it('lets anon read nothing from any public table', async () => {
    const tables = await t.db.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')`,
    );
    const withRows: string[] = [];
    for (const { relname } of tables) {
      // relname comes from the catalog, not from input.
      const [present] = await t.db.query<{ n: number }>(`select count(*)::int as n from public."${relname}"`);
      if (present!.n > 0) withRows.push(relname);
      const outcome = await codeOf(
        withRls({ userId: null }, (tx) => tx.query(`select * from public."${relname}" limit 1`)).then((rows) => {
          if (rows.length) throw new Error(`anon read ${relname}`);
        }),
      );
      expect(['ok', '42501'], `anon on ${relname}`).toContain(outcome);
    }
    // "nothing" means something only where there is something to read: the seeded tables have rows.
    expect(withRows).toEqual(expect.arrayContaining(['app_users', 'departments', 'students', 'staff_roles', 'audit_events', 'field_policies']));
  });

  it('lets a student read only their own roster row and account', async () => {
    await withRls(studentA.ctx, async (tx) => {
      const rows = await tx.query<{ id: string }>('select id from public.students');
      expect(rows.map((r) => r.id)).toEqual([studentA.rosterId]);
      expect(await count(tx, 'select 1 from public.students where id = $1', [studentB.rosterId])).toBe(0);
      expect((await tx.query<{ id: string }>('select id from public.app_users')).map((r) => r.id)).toEqual([studentA.id]);
      expect(await count(tx, 'select 1 from public.staff_roles')).toBe(0);
      expect(await count(tx, 'select 1 from public.audit_events')).toBe(0);
    });
  });

  it('refuses a student changing the roster or granting themselves a role', async () => {
    expect(
      await codeOf(
        withRls(studentA.ctx, (tx) =>
          tx.query(`update public.students set name = 'x' where id = $1 returning id`, [studentA.rosterId]).then((r) => {
            if (r.length) throw new Error('updated');
          }),
        ),
      ),
    ).toBe('ok');
    expect(
      await codeOf(
        withRls(studentA.ctx, (tx) => tx.query(`insert into public.staff_roles (user_id, role, granted_by) values ($1, 'admin', $1)`, [studentA.id])),
      ),
    ).toBe('42501');
    expect(
      await codeOf(
        withRls(studentA.ctx, (tx) =>
          tx.query(`insert into public.students (student_number, name, department_id, cohort) values ('X9999999', '假', $1, 2025)`, [deptA.id]),
        ),
      ),
    ).toBe('42501');
  });

  it('lets a reviewer read only their departments’ students', async () => {
    const rows = await withRls(reviewerA.ctx, (tx) => tx.query<{ department_id: string }>('select department_id from public.students'));
    expect(rows.length).toBe(2);
    expect(new Set(rows.map((r) => r.department_id))).toEqual(new Set([deptA.id]));
    expect(await withRls(reviewerA.ctx, (tx) => count(tx, 'select 1 from public.students where id = $1', [studentB.rosterId]))).toBe(0);
  });

  it('lets the registrar read every department, and office/auditor/admin no student rows', async () => {
    expect(await withRls(registrar.ctx, (tx) => count(tx, 'select 1 from public.students'))).toBe(4);
    for (const who of [office, auditor, admin]) {
      expect(await withRls(who.ctx, (tx) => count(tx, 'select 1 from public.students'))).toBe(0);
    }
  });

  it('lets only auditors read the audit log', async () => {
    expect(await withRls(auditor.ctx, (tx) => count(tx, 'select 1 from public.audit_events'))).toBeGreaterThan(0);
    for (const who of [studentA, reviewerA, registrar, admin, office]) {
      expect(await withRls(who.ctx, (tx) => count(tx, 'select 1 from public.audit_events'))).toBe(0);
    }
  });

  it('writes the actor of an audit event from the claims, whoever calls', async () => {
    await withRls(studentA.ctx, (tx) => tx.query(`select app.write_audit('test.actor', 'test', 'x', 'student', '{}'::jsonb, '10.0.0.1', 'ua')`));
    const [row] = await t.db.query<{ actor_id: string }>(`select actor_id from public.audit_events where action = 'test.actor'`);
    expect(row!.actor_id).toBe(studentA.id);
    expect(
      await codeOf(
        withRls(studentA.ctx, (tx) => tx.query(`insert into public.audit_events (actor_id, action, entity_type) values ($1, 'test.forged', 'x')`, [admin.id])),
      ),
    ).toBe('42501');
  });

  it('never lets an audit row be changed or deleted, not even by the owner role', async () => {
    for (const ctx of [auditor.ctx, admin.ctx]) {
      expect(await codeOf(withRls(ctx, (tx) => tx.query(`update public.audit_events set action = 'x.y'`)))).toBe('42501');
      expect(await codeOf(withRls(ctx, (tx) => tx.query('delete from public.audit_events')))).toBe('42501');
    }
    expect(await codeOf(t.db.query(`update public.audit_events set action = 'x.y'`))).toBe('42501');
    expect(await codeOf(t.db.query('delete from public.audit_events'))).toBe('42501');
    expect(await codeOf(t.db.query('truncate public.audit_events'))).toBe('42501');
    expect(Number((await t.db.query<{ n: number }>('select count(*)::int as n from public.audit_events'))[0]!.n)).toBeGreaterThan(0);
  });

  it('lets only admins see every account and every grant', async () => {
    expect(await withRls(admin.ctx, (tx) => count(tx, 'select 1 from public.app_users'))).toBeGreaterThanOrEqual(7);
    expect(await withRls(admin.ctx, (tx) => count(tx, 'select 1 from public.staff_roles'))).toBeGreaterThanOrEqual(5);
    expect(await withRls(reviewerA.ctx, (tx) => count(tx, 'select 1 from public.staff_roles'))).toBe(1);
    expect(await withRls(registrar.ctx, (tx) => count(tx, 'select 1 from public.app_users'))).toBe(1);
  });

  it('stops honouring a disabled account at once', async () => {
    const r = await makeStaff(t.db, 'registrar');
    expect(await withRls(r.ctx, (tx) => count(tx, 'select 1 from public.students'))).toBe(4);
    await t.db.query('update public.app_users set disabled_at = now() where id = $1', [r.id]);
    expect(await withRls(r.ctx, (tx) => count(tx, 'select 1 from public.students'))).toBe(0);
    expect(await loadAccess(r.ctx)).toBeNull();
  });
});
