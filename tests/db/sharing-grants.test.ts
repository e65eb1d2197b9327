import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRls, type Ctx } from '../../lib/server/db/rls';
import { finalizePayload, finalizeShared, type SharedRow } from '../../lib/server/sharing/internal/payload';
import { freshDb, type TestDb } from '../helpers/db';
import { makeOfficeWithGrant, makeVerifiedStudent } from '../helpers/sharing';
import { grant, makeDepartment, makeStaff, makeStudent, makeUser } from '../factories';

/**
 * Grants are enforced in the database: office readers query public.office_students (and nothing
 * else) as `authenticated`, and get only verified students and only granted columns.
 */
let t: TestDb;
let dept: { id: string; code: string };
let finance: { id: string; code: string }, logistics: { id: string; code: string };
let readerF: { id: string; ctx: Ctx }, readerL: { id: string; ctx: Ctx }, admin: { id: string; ctx: Ctx }, auditor: { id: string; ctx: Ctx };
let v1: Awaited<ReturnType<typeof makeVerifiedStudent>>, v2: Awaited<ReturnType<typeof makeVerifiedStudent>>;
let unverified: { id: string };
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

beforeAll(async () => {
  t = await freshDb();
  dept = await makeDepartment(t.db);
  finance = await makeOfficeWithGrant(t.db, ['student_number', 'name', 'department', 'id_number']);
  logistics = await makeOfficeWithGrant(t.db, ['student_number', 'name', 'sex', 'phone', 'id_number'], true);
  readerF = await makeStaff(t.db, 'office', { officeCode: finance.code });
  readerL = await makeStaff(t.db, 'office', { officeCode: logistics.code });
  admin = await makeStaff(t.db, 'admin');
  auditor = await makeStaff(t.db, 'auditor');
  v1 = await makeVerifiedStudent(t.db, dept.id, { name: '李娜' });
  v2 = await makeVerifiedStudent(t.db, dept.id, { name: '张伟', cohort: 2023 });
  // Submitted, never verified: must not be shared.
  unverified = await makeStudent(t.db, dept.id);
  const [rec] = await t.db.query<{ id: string }>('insert into public.identity_records (student_id) values ($1) returning id', [unverified.id]);
  expect(rec).toBeDefined();
});
afterAll(async () => t?.cleanup());

const rowsAs = (ctx: Ctx) => withRls(ctx, (tx) => tx.query<SharedRow & { office_id: string }>('select * from public.office_students order by student_id'));

describe(`office grants in the database (${process.env.TEST_PG_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('an office reader sees only verified students, only its own office, only granted columns', async () => {
    const rows = await rowsAs(readerF.ctx);
    expect(rows.map((r) => r.student_id).sort()).toEqual([v1.id, v2.id].sort());
    for (const r of rows) {
      expect(r.office_id).toBe(finance.id);
      expect(r.student_number).toMatch(/^S/);
      expect(r.name).toBeTruthy();
      expect(r.department_code).toBe(dept.code);
      expect(r.id_number_mask).toMatch(/\*{4,}/);
      // Not granted: null in the database, not just hidden by the app.
      expect(r.id_number_enc).toBeNull();
      expect(r.phone).toBeNull();
      expect(r.email).toBeNull();
      expect(r.sex).toBeNull();
      expect(r.cohort).toBeNull();
      expect(r.birth_date).toBeNull();
    }
    const one = finalizeShared(
      rows.find((r) => r.student_id === v1.id)!,
      rows[0]!.granted_fields!,
    );
    expect(Object.keys(one.fields).sort()).toEqual(['department', 'id_number', 'name', 'student_number']);
    expect(one.fields.name).toBe('李娜');
    expect(one.fields.id_number).not.toBe(v1.idNumber);
  });

  it('an office granted the full ID number gets it decrypted, and its own granted columns only', async () => {
    const rows = await rowsAs(readerL.ctx);
    expect(rows).toHaveLength(2);
    const r = rows.find((x) => x.student_id === v1.id)!;
    expect(r.office_id).toBe(logistics.id);
    expect(r.phone).toBe('13912345678');
    expect(r.department_code).toBeNull();
    expect(finalizeShared(r, r.granted_fields!).fields.id_number).toBe(v1.idNumber);
  });

  it('a forgotten filter still returns nothing else: base tables and the feed are closed to offices', async () => {
    await withRls(readerF.ctx, async (tx) => {
      expect(await tx.query('select * from public.identity_versions')).toHaveLength(0);
      expect(await tx.query('select * from public.identity_records')).toHaveLength(0);
      expect(await tx.query('select * from public.students')).toHaveLength(0);
    });
    expect(await codeOf(withRls(readerF.ctx, (tx) => tx.query('select * from public.student_events')))).toBe('42501');
    expect(await codeOf(withRls(readerF.ctx, (tx) => tx.query('select * from app.office_student_rows')))).toBe('42501');
    expect(await codeOf(withRls(readerF.ctx, (tx) => tx.query('select app.office_student_payload($1, $2)', [logistics.id, v1.id])))).toBe('42501');
    // Another office's rows are invisible even when asked for by id.
    expect(await withRls(readerF.ctx, (tx) => tx.query('select * from public.office_students where office_id = $1', [logistics.id]))).toHaveLength(0);
  });

  it('people without an office role see no shared rows', async () => {
    const nobody = await makeUser(t.db);
    for (const ctx of [nobody.ctx, admin.ctx, auditor.ctx, { userId: null }]) {
      const n = await withRls(ctx, (tx) => tx.query('select 1 from public.office_students')).then(
        (r) => r.length,
        (e: { code?: string }) => e.code,
      );
      expect(n === 0 || n === '42501').toBe(true);
    }
  });

  it('a revoked office role stops reading on the next request', async () => {
    const reader = await makeStaff(t.db, 'office', { officeCode: finance.code });
    expect(await rowsAs(reader.ctx)).toHaveLength(2);
    await t.db.query('update public.staff_roles set revoked_at = now(), revoked_by = $2 where id = $1', [reader.grantId, admin.id]);
    expect(await rowsAs(reader.ctx)).toHaveLength(0);
  });

  it('a grant change takes effect on the next request', async () => {
    const office = await makeOfficeWithGrant(t.db, ['student_number']);
    const reader = await makeStaff(t.db, 'office', { officeCode: office.code });
    expect((await rowsAs(reader.ctx))[0]!.phone).toBeNull();
    await withRls(admin.ctx, (tx) =>
      tx.query(`update public.office_grants set fields = '{student_number,phone}', updated_by = $2, updated_at = now() where office_id = $1`, [
        office.id,
        admin.id,
      ]),
    );
    expect((await rowsAs(reader.ctx))[0]!.phone).toBe('13912345678');
    await withRls(admin.ctx, (tx) => tx.query(`update public.office_grants set fields = '{}', updated_by = $2 where office_id = $1`, [office.id, admin.id]));
    expect(await rowsAs(reader.ctx)).toHaveLength(0);
  });

  it('the payload function returns exactly the granted fields, or null', async () => {
    const [{ p }] = (await t.db.query<{ p: Record<string, unknown> }>('select app.office_student_payload($1, $2) as p', [finance.id, v1.id])) as [
      { p: Record<string, unknown> },
    ];
    expect(Object.keys(p).sort()).toEqual([
      'changed_at',
      'department_code',
      'department_name_en',
      'department_name_zh',
      'id_number_mask',
      'name',
      'student_id',
      'student_number',
      'version_id',
    ]);
    const fin = finalizePayload(p)!;
    expect(Object.keys(fin.fields).sort()).toEqual(['department', 'id_number', 'name', 'student_number']);
    const [{ q }] = (await t.db.query<{ q: Record<string, unknown> }>('select app.office_student_payload($1, $2) as q', [logistics.id, v1.id])) as [
      { q: Record<string, unknown> },
    ];
    expect(finalizePayload(q)!.fields).toMatchObject({ id_number: v1.idNumber, phone: '13912345678', sex: 'female' });
    const [{ n }] = (await t.db.query<{ n: unknown }>('select app.office_student_payload($1, $2) as n', [finance.id, unverified.id])) as [{ n: unknown }];
    expect(n).toBeNull();
    const offices = await t.db.query<{ o: string }>('select app.offices_for_student($1) as o', [v1.id]);
    expect(offices.map((r) => r.o)).toEqual(expect.arrayContaining([finance.id, logistics.id]));
    expect(await t.db.query('select app.offices_for_student($1)', [unverified.id])).toHaveLength(0);
  });
});

describe('RLS on office_grants and api_clients', () => {
  it('admins write grants; offices read only their own; auditors read all; others nothing', async () => {
    const office = await makeOfficeWithGrant(t.db, ['name']);
    const other = await makeStaff(t.db, 'office', { officeCode: office.code });
    const staffer = await makeStaff(t.db, 'reviewer', { departmentId: dept.id });
    const grantsSeen = (ctx: Ctx) => withRls(ctx, (tx) => tx.query<{ office_id: string }>('select office_id from public.office_grants'));
    expect((await grantsSeen(admin.ctx)).length).toBeGreaterThanOrEqual(3);
    expect((await grantsSeen(auditor.ctx)).length).toBeGreaterThanOrEqual(3);
    expect((await grantsSeen(readerF.ctx)).map((g) => g.office_id)).toEqual([finance.id]);
    expect((await grantsSeen(other.ctx)).map((g) => g.office_id)).toEqual([office.id]);
    expect(await grantsSeen(staffer.ctx)).toHaveLength(0);
    // An office reader cannot widen its own grant.
    const upd = await withRls(readerF.ctx, (tx) =>
      tx.query(`update public.office_grants set fields = '{phone}', updated_by = $2 where office_id = $1 returning 1`, [finance.id, readerF.id]),
    );
    expect(upd).toHaveLength(0);
    const [o] = await t.db.query<{ id: string }>(`insert into public.offices (code, name_zh, name_en) values ('office_new1', '新', 'New') returning id`);
    expect(
      await codeOf(
        withRls(staffer.ctx, (tx) =>
          tx.query(`insert into public.office_grants (office_id, fields, updated_by) values ($1, '{name}', $2)`, [o!.id, staffer.id]),
        ),
      ),
    ).toBe('42501');
    expect(
      await codeOf(
        withRls(admin.ctx, (tx) => tx.query(`insert into public.office_grants (office_id, fields, updated_by) values ($1, '{name}', $2)`, [o!.id, admin.id])),
      ),
    ).toBe('ok');
    // Only known field names.
    expect(
      await codeOf(
        withRls(admin.ctx, (tx) => tx.query(`update public.office_grants set fields = '{password}', updated_by = $2 where office_id = $1`, [o!.id, admin.id])),
      ),
    ).toBe('23514');
  });

  it('admins create, read and revoke API clients; nobody else sees them', async () => {
    const hash = 'a'.repeat(64);
    const ins = (ctx: Ctx, by: string) =>
      withRls(ctx, (tx) =>
        tx.query<{ id: string }>(
          `insert into public.api_clients (office_id, name, token_hash, token_prefix, created_by, expires_at) values ($1, 'sys', $2, 'civ_aaaa', $3, now() + interval '1 day') returning id`,
          [finance.id, hash, by],
        ),
      );
    expect(await codeOf(ins(readerF.ctx, readerF.id))).toBe('42501');
    const [c] = await ins(admin.ctx, admin.id);
    expect(c!.id).toBeTruthy();
    for (const ctx of [readerF.ctx, auditor.ctx]) {
      expect(await withRls(ctx, (tx) => tx.query('select * from public.api_clients'))).toHaveLength(0);
    }
    expect(await withRls(admin.ctx, (tx) => tx.query('select * from public.api_clients'))).toHaveLength(1);
    expect(
      await withRls(readerF.ctx, (tx) =>
        tx.query('update public.api_clients set revoked_at = now(), revoked_by = $2 where id = $1 returning 1', [c!.id, readerF.id]),
      ),
    ).toHaveLength(0);
    expect(
      await withRls(admin.ctx, (tx) =>
        tx.query('update public.api_clients set revoked_at = now(), revoked_by = $2 where id = $1 returning 1', [c!.id, admin.id]),
      ),
    ).toHaveLength(1);
    // A revoked client is no longer authenticated.
    expect(await withRls({ userId: null }, (tx) => tx.query('select * from app.authenticate_api_client($1)', [hash]))).toHaveLength(0);
    expect(await codeOf(withRls(admin.ctx, (tx) => tx.query(`update public.api_clients set token_hash = $2 where id = $1`, [c!.id, 'b'.repeat(64)])))).toBe(
      '42501',
    );
  });

  it('grant() helper keeps office reader scope', async () => {
    const u = await makeUser(t.db);
    expect(await codeOf(grant(t.db, u.id, 'office'))).toBe('23514');
  });
});
