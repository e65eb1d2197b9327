import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../lib/server/admin/grant-role';
import { listUsers } from '../../lib/server/admin/list-users';
import { revokeRole } from '../../lib/server/admin/revoke-role';
import { loadAccess } from '../../lib/server/auth/access';
import { provisionUser } from '../../lib/server/auth/provision';
import { listStudents } from '../../lib/server/roster/list-students';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeStaff, makeStudent, makeUser } from '../factories';

let t: TestDb;
let deptA: { id: string };
let deptB: { id: string };

beforeAll(async () => {
  t = await freshDb();
  deptA = await makeDepartment(t.db);
  deptB = await makeDepartment(t.db);
  await makeStudent(t.db, deptA.id);
  await makeStudent(t.db, deptB.id);
});
afterAll(async () => t?.cleanup());

const auditCount = async (action: string, entityId: string) =>
  (await t.db.query<{ n: number }>('select count(*)::int as n from public.audit_events where action = $1 and entity_id = $2', [action, entityId]))[0]!.n;

describe('granting and revoking staff roles', () => {
  it('lets an admin grant a reviewer role, audited, and it works on the next request', async () => {
    const admin = await makeStaff(t.db, 'admin');
    const person = await makeUser(t.db);
    expect((await loadAccess(person.ctx))!.grants).toEqual([]);
    await expect(listStudents({ access: await loadAccess(person.ctx) })).rejects.toMatchObject({ code: 'forbidden' });

    const { grantId } = await grantRole({ access: await loadAccess(admin.ctx), input: { userId: person.id, role: 'reviewer', departmentId: deptA.id } });
    expect(await auditCount('role.grant', person.id)).toBe(1);
    const rows = await listStudents({ access: await loadAccess(person.ctx) });
    expect(rows.length).toBe(1);

    await revokeRole({ access: await loadAccess(admin.ctx), input: { grantId } });
    expect(await auditCount('role.revoke', person.id)).toBe(1);
    const after = await loadAccess(person.ctx);
    expect(after!.grants).toEqual([]);
    await expect(listStudents({ access: after })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses a non-admin, in the verb and in the database', async () => {
    const registrar = await makeStaff(t.db, 'registrar');
    const target = await makeUser(t.db);
    await expect(grantRole({ access: await loadAccess(registrar.ctx), input: { userId: target.id, role: 'admin' } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    // A registrar's access object forged to claim admin still meets RLS.
    const forged = { ...(await loadAccess(registrar.ctx))!, grants: [{ id: 'x', role: 'admin' as const, departmentId: null, officeCode: null }] };
    await expect(grantRole({ access: forged, input: { userId: target.id, role: 'admin' } })).rejects.toMatchObject({ code: '42501' });
    expect((await loadAccess(target.ctx))!.grants).toEqual([]);
  });

  it('validates scope: a reviewer needs a department, an office role an office; duplicates conflict', async () => {
    const admin = await makeStaff(t.db, 'admin');
    const a = await loadAccess(admin.ctx);
    const target = await makeUser(t.db);
    await expect(grantRole({ access: a, input: { userId: target.id, role: 'reviewer' } })).rejects.toMatchObject({
      code: 'invalid_input',
      fieldErrors: { departmentId: 'admin.chooseDepartment' },
    });
    await expect(grantRole({ access: a, input: { userId: target.id, role: 'office' } })).rejects.toMatchObject({
      code: 'invalid_input',
      fieldErrors: { officeCode: 'admin.chooseOffice' },
    });
    await grantRole({ access: a, input: { userId: target.id, role: 'auditor' } });
    await expect(grantRole({ access: a, input: { userId: target.id, role: 'auditor' } })).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'errors.duplicateGrant',
    });
    await expect(grantRole({ access: a, input: { userId: 'not-a-uuid', role: 'auditor' } })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('lists users with their active grants for admins only', async () => {
    const admin = await makeStaff(t.db, 'admin');
    const users = await listUsers({ access: await loadAccess(admin.ctx) });
    expect(users.find((u) => u.id === admin.id)?.grants.map((g) => g.role)).toEqual(['admin']);
    const reviewer = await makeStaff(t.db, 'reviewer', { departmentId: deptB.id });
    await expect(listUsers({ access: await loadAccess(reviewer.ctx) })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('provisioning at sign-in', () => {
  it('creates the account once per (issuer, subject), links the roster by student number, audits the sign-in', async () => {
    const s = await makeStudent(t.db, deptA.id, { name: '王小明' });
    const first = await provisionUser({
      issuer: 'https://sso.test',
      subject: 'u-1',
      name: '王小明',
      email: null,
      affiliation: 'student',
      studentNumber: s.studentNumber,
    });
    expect(first.linkedStudentId).toBe(s.id);
    const again = await provisionUser({
      issuer: 'https://sso.test',
      subject: 'u-1',
      name: null,
      email: 'w@x.cn',
      affiliation: 'student',
      studentNumber: s.studentNumber,
    });
    expect(again.userId).toBe(first.userId);
    const access = await loadAccess({ userId: first.userId });
    expect(access!.student).toMatchObject({ id: s.id, studentNumber: s.studentNumber, department: { id: deptA.id } });
    expect(access!.user.displayName).toBe('王小明');
    expect(await auditCount('auth.sign_in', first.userId)).toBe(2);
  });

  it('does not hand a linked roster row to a second account with the same student number', async () => {
    const s = await makeStudent(t.db, deptB.id);
    const owner = await provisionUser({
      issuer: 'https://sso.test',
      subject: 'owner',
      name: 'A',
      email: null,
      affiliation: 'student',
      studentNumber: s.studentNumber,
    });
    const other = await provisionUser({
      issuer: 'https://other.test',
      subject: 'owner',
      name: 'B',
      email: null,
      affiliation: 'student',
      studentNumber: s.studentNumber,
    });
    expect(owner.linkedStudentId).toBe(s.id);
    expect(other.linkedStudentId).toBeNull();
    expect((await loadAccess({ userId: other.userId }))!.student).toBeNull();
  });

  it('leaves someone off the roster and without a role with no access, and reports disabled accounts', async () => {
    const p = await provisionUser({ issuer: 'https://sso.test', subject: 'visitor', name: 'V', email: null, affiliation: 'affiliate', studentNumber: null });
    const access = await loadAccess({ userId: p.userId });
    expect(access!.student).toBeNull();
    expect(access!.grants).toEqual([]);
    await t.db.query('update public.app_users set disabled_at = now() where id = $1', [p.userId]);
    const again = await provisionUser({
      issuer: 'https://sso.test',
      subject: 'visitor',
      name: 'V',
      email: null,
      affiliation: 'affiliate',
      studentNumber: null,
    });
    expect(again.disabled).toBe(true);
    expect(await loadAccess({ userId: p.userId })).toBeNull();
  });
});
