import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { listAuditEvents } from '../../lib/server/audit/list-events';
import { listFieldPolicies } from '../../lib/server/campaigns/list-field-policies';
import { setFieldPolicy } from '../../lib/server/campaigns/set-field-policy';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeStaff, makeStudent, makeUser } from '../factories';

// Verbs that had no test of their own: field policies and the audit log.
let t: TestDb;
let admin: Access, auditor: Access, reviewer: Access, student: Access;

beforeAll(async () => {
  t = await freshDb();
  const dept = await makeDepartment(t.db);
  admin = (await loadAccess((await makeStaff(t.db, 'admin')).ctx))!;
  auditor = (await loadAccess((await makeStaff(t.db, 'auditor')).ctx))!;
  reviewer = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: dept.id })).ctx))!;
  const u = await makeUser(t.db);
  await makeStudent(t.db, dept.id, { userId: u.id });
  student = (await loadAccess(u.ctx))!;
});
afterAll(async () => t?.cleanup());

describe('setFieldPolicy', () => {
  it('an admin changes a tier and the contact note; everyone signed in reads it; the change is audited', async () => {
    await expect(
      setFieldPolicy({ access: admin, input: { field: 'legalName', tier: 'locked', contactZh: '请联系学籍科', contactEn: 'Ask the registry' } }),
    ).resolves.toEqual({ field: 'legalName', tier: 'locked' });
    const seen = (await listFieldPolicies({ access: student })).find((p) => p.field === 'legalName');
    expect(seen).toMatchObject({ tier: 'locked', contactZh: '请联系学籍科', contactEn: 'Ask the registry' });
    const [event] = await listAuditEvents({ access: auditor, limit: 1 });
    expect(event).toMatchObject({
      action: 'field_policy.set',
      entityType: 'field_policy',
      entityId: 'legalName',
      details: { field: 'legalName', to: 'locked' },
    });
  });

  it('is idempotent: setting the same tier again leaves the same policy', async () => {
    await setFieldPolicy({ access: admin, input: { field: 'phone', tier: 'self_service' } });
    await setFieldPolicy({ access: admin, input: { field: 'phone', tier: 'self_service' } });
    expect((await listFieldPolicies({ access: admin })).filter((p) => p.field === 'phone').map((p) => p.tier)).toEqual(['self_service']);
  });

  it('refuses rules the policy model forbids, with a localized reason', async () => {
    await expect(setFieldPolicy({ access: admin, input: { field: 'studentNumber', tier: 'approval' } })).rejects.toMatchObject({
      code: 'invalid_input',
      userMessage: 'fields.errors.rosterLocked',
    });
    await expect(setFieldPolicy({ access: admin, input: { field: 'legalName', tier: 'self_service' } })).rejects.toMatchObject({
      code: 'invalid_input',
      userMessage: 'fields.errors.selfServiceContactOnly',
    });
    await expect(setFieldPolicy({ access: admin, input: { field: 'nope' as 'phone', tier: 'locked' } })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('refuses anyone but an admin', async () => {
    for (const access of [reviewer, student, auditor]) {
      await expect(setFieldPolicy({ access, input: { field: 'email', tier: 'locked' } })).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(listFieldPolicies({ access: null })).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('listAuditEvents', () => {
  it('only an auditor reads the log', async () => {
    for (const access of [admin, reviewer, student]) await expect(listAuditEvents({ access })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('pages newest first with a keyset cursor; a malformed cursor reads as the first page', async () => {
    for (const field of ['email', 'idNumber', 'birthDate'] as const) await setFieldPolicy({ access: admin, input: { field, tier: 'approval' } });
    const first = await listAuditEvents({ access: auditor, limit: 2 });
    expect(first).toHaveLength(2);
    expect(BigInt(first[0]!.id)).toBeGreaterThan(BigInt(first[1]!.id));
    const next = await listAuditEvents({ access: auditor, before: first[1]!.id, limit: 2 });
    expect(next.length).toBeGreaterThan(0);
    expect(next.every((e) => BigInt(e.id) < BigInt(first[1]!.id))).toBe(true);
    expect((await listAuditEvents({ access: auditor, before: '1 or 1=1', limit: 2 })).map((e) => e.id)).toEqual(first.map((e) => e.id));
  });
});
