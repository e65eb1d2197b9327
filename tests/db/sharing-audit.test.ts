import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadAccess } from '../../lib/server/auth/access';
import { authenticateApiClient } from '../../lib/server/auth/api-client';
import { auditExportPages, searchAuditEvents } from '../../lib/server/audit/search-events';
import { createApiClient } from '../../lib/server/sharing/create-api-client';
import { getSharedStudent } from '../../lib/server/sharing/get-student';
import { listSharedStudents } from '../../lib/server/sharing/list-shared';
import { syncStudents } from '../../lib/server/sharing/sync-students';
import { freshDb, type TestDb } from '../helpers/db';
import { makeOfficeWithGrant, makeVerifiedStudent } from '../helpers/sharing';
import { grantRole } from '../../lib/server/admin/grant-role';
import { makeDepartment, makeStaff, makeUser } from '../factories';

let t: TestDb;
let fin: { id: string; code: string }, log: { id: string; code: string };
let auditor: Awaited<ReturnType<typeof makeStaff>>, readerF: Awaited<ReturnType<typeof makeStaff>>;
let s1: string, clientId: string;

beforeAll(async () => {
  t = await freshDb();
  const dept = await makeDepartment(t.db);
  fin = await makeOfficeWithGrant(t.db, ['student_number']);
  log = await makeOfficeWithGrant(t.db, ['name']);
  auditor = await makeStaff(t.db, 'auditor');
  readerF = await makeStaff(t.db, 'office', { officeCode: fin.code });
  const readerL = await makeStaff(t.db, 'office', { officeCode: log.code });
  const admin = await makeStaff(t.db, 'admin');
  s1 = (await makeVerifiedStudent(t.db, dept.id)).id;
  await makeVerifiedStudent(t.db, dept.id);
  const c = await createApiClient({ access: await loadAccess(admin.ctx), input: { officeId: log.id, name: 'x' } });
  clientId = c.clientId;
  const ctx = await authenticateApiClient(`Bearer ${c.token}`);
  await syncStudents({ ctx, input: {} });
  await getSharedStudent({ ctx, input: { id: s1 } });
  await listSharedStudents({ access: await loadAccess(readerF.ctx), input: {} });
  await listSharedStudents({ access: await loadAccess(readerL.ctx), input: {} });
});
afterAll(async () => t?.cleanup());

it('the auditor filters by office, actor, action, student and time', async () => {
  const a = await loadAccess(auditor.ctx);
  const byOffice = await searchAuditEvents({ access: a, input: { office: log.id } });
  expect(byOffice.map((r) => r.action).sort()).toEqual(['api.student_get', 'api.students_list', 'sharing.client_create', 'sharing.view']);
  const byActor = await searchAuditEvents({ access: a, input: { actor: clientId } });
  expect(byActor.map((r) => r.action).sort()).toEqual(['api.student_get', 'api.students_list', 'sharing.client_create']);
  const byName = await searchAuditEvents({ access: a, input: { actor: 'office-' } });
  expect(byName.every((r) => r.actorName?.startsWith('office-'))).toBe(true);
  expect(byName).toHaveLength(2);
  const byAction = await searchAuditEvents({ access: a, input: { action: 'api' } });
  expect(byAction).toHaveLength(2);
  const byStudent = await searchAuditEvents({ access: a, input: { student: s1 } });
  // The student was in the API list page, the single fetch, and both portal views.
  expect(byStudent.map((r) => r.action).sort()).toEqual(['api.student_get', 'api.students_list', 'sharing.view', 'sharing.view']);
  expect(await searchAuditEvents({ access: a, input: { from: new Date(Date.now() + 3600e3).toISOString() } })).toHaveLength(0);
  const page1 = await searchAuditEvents({ access: a, input: {}, limit: 3 });
  const page2 = await searchAuditEvents({ access: a, input: { before: page1.at(-1)!.id }, limit: 3 });
  expect(page2.every((r) => BigInt(r.id) < BigInt(page1.at(-1)!.id))).toBe(true);
  await expect(searchAuditEvents({ access: await loadAccess(readerF.ctx), input: {} })).rejects.toMatchObject({ code: 'forbidden' });
  await expect(searchAuditEvents({ access: a, input: { student: 'x' } })).rejects.toMatchObject({ code: 'invalid_input' });
});

it('exports the filtered log and audits the export', async () => {
  const a = await loadAccess(auditor.ctx);
  const rows = [];
  for await (const p of auditExportPages({ access: a, input: { office: log.id } })) rows.push(...p);
  expect(rows).toHaveLength(4);
  const [ev] = await t.db.query<{ details: { count: number; filters: string[] } }>(
    `select details from public.audit_events where action = 'audit.export' order by id desc limit 1`,
  );
  expect(ev!.details).toEqual({ count: 4, filters: ['office'] });
});

it('names the person an account event was about: who received a role', async () => {
  const admin = await makeStaff(t.db, 'admin');
  const person = await makeUser(t.db, { name: '林审计' });
  await grantRole({ access: await loadAccess(admin.ctx), input: { userId: person.id, role: 'auditor' } });
  const [row] = await searchAuditEvents({ access: await loadAccess(auditor.ctx), input: { action: 'role.grant' } });
  expect(row).toMatchObject({ action: 'role.grant', entityType: 'app_user', entityId: person.id, entityName: '林审计', details: { role: 'auditor' } });
  // Events about other kinds of objects carry no person's name.
  const others = await searchAuditEvents({ access: await loadAccess(auditor.ctx), input: { action: 'api' } });
  expect(others.every((r) => r.entityName === null)).toBe(true);
});
