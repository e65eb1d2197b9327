import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccess, type Access } from '../../lib/server/auth/access';
import { suggestMapping } from '../../lib/server/imports/mapping';
import { runImport } from '../../lib/server/imports/run-import';
import { updateRosterStudent } from '../../lib/server/roster/update-student';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDepartment, makeIdNumber, makeStaff } from '../factories';

let t: TestDb;
let cs: { id: string; code: string };
let registrar: Access, reviewer: Access;
const dir = mkdtempSync(path.join(os.tmpdir(), 'civ-roster-classes-'));
const HEADER = '学号,姓名,性别,出生日期,身份证号,民族,学院,专业,年级,班级,电子邮箱,手机号';

beforeAll(async () => {
  t = await freshDb();
  cs = await makeDepartment(t.db);
  registrar = (await loadAccess((await makeStaff(t.db, 'registrar')).ctx))!;
  reviewer = (await loadAccess((await makeStaff(t.db, 'reviewer', { departmentId: cs.id })).ctx))!;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.cleanup();
});

describe('class, major and contacts on the roster', () => {
  const sn = `2025${randomBytes(2).toString('hex').toUpperCase()}01`;
  const file = () => {
    const p = path.join(dir, `${randomBytes(4).toString('hex')}.csv`);
    writeFileSync(
      p,
      `${HEADER}\r\n${sn},张三,女,2005-04-01,${makeIdNumber('20050401', 'female')},汉族,${cs.code},软件工程,2025,软工2501,ZhangSan@Stu.Example.edu.cn,138 0000 1111\r\n`,
    );
    return p;
  };

  it('suggests the two optional columns (班级, 专业) and the contacts in the mapping step', () => {
    const m = suggestMapping('registrar', HEADER.split(','));
    expect(m).toMatchObject({ class_name: '班级', major: '专业', email: '电子邮箱', phone: '手机号' });
  });

  it('imports them onto the roster', async () => {
    const res = await runImport({
      access: registrar,
      input: { kind: 'registrar', fileName: 'x.csv', filePath: file(), mapping: suggestMapping('registrar', HEADER.split(',')) as Record<string, string> },
    });
    expect(res.errorRows).toBe(0);
    const [s] = await t.db.query('select class_name, major, email, phone from public.students where student_number = $1', [sn]);
    expect(s).toEqual({ class_name: '软工2501', major: '软件工程', email: 'zhangsan@stu.example.edu.cn', phone: '13800001111' });
  });

  it('lets the registrar edit the class, and refuses a reviewer', async () => {
    const [s] = await t.db.query<{ id: string }>('select id from public.students where student_number = $1', [sn]);
    await updateRosterStudent({ access: registrar, input: { studentId: s!.id, className: '软工2502', major: '软件工程', email: '', phone: '' } });
    const [after] = await t.db.query('select class_name, email from public.students where id = $1', [s!.id]);
    expect(after).toEqual({ class_name: '软工2502', email: null });
    await expect(updateRosterStudent({ access: reviewer, input: { studentId: s!.id, className: 'X', major: '', email: '', phone: '' } })).rejects.toMatchObject(
      { code: 'forbidden' },
    );
  });
});
