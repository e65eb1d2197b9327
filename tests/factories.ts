import { randomBytes } from 'node:crypto';
import type { Ctx } from '../lib/server/db/rls';
import type { Database } from '../lib/server/db/types';

/** Each test makes its own rows; names carry a random suffix so parallel files never collide. */
const uniq = () => randomBytes(3).toString('hex');

export async function makeDepartment(db: Database, code = `D${uniq().toUpperCase()}`): Promise<{ id: string; code: string }> {
  const [row] = await db.query<{ id: string }>(`insert into public.departments (code, name_zh, name_en) values ($1, $2, $3) returning id`, [
    code,
    `学院${code}`,
    `School ${code}`,
  ]);
  return { id: row!.id, code };
}

export async function makeUser(db: Database, opts: { name?: string; studentNumber?: string } = {}): Promise<{ id: string; ctx: Ctx }> {
  const [row] = await db.query<{ id: string }>(
    `insert into public.app_users (issuer, subject, display_name, student_number) values ('https://idp.test', $1, $2, $3) returning id`,
    [`sub-${uniq()}`, opts.name ?? `用户${uniq()}`, opts.studentNumber ?? null],
  );
  return { id: row!.id, ctx: { userId: row!.id, ip: '127.0.0.1', userAgent: 'vitest' } };
}

export async function makeStudent(db: Database, departmentId: string, opts: { userId?: string; cohort?: number; name?: string } = {}) {
  const studentNumber = `S${randomBytes(5).toString('hex')}`;
  const [row] = await db.query<{ id: string; student_number: string }>(
    `insert into public.students (student_number, name, department_id, cohort, user_id) values ($1, $2, $3, $4, $5)
     returning id, student_number`,
    [studentNumber, opts.name ?? '测试学生', departmentId, opts.cohort ?? 2025, opts.userId ?? null],
  );
  return { id: row!.id, studentNumber: row!.student_number };
}

export async function grant(db: Database, userId: string, role: string, scope: { departmentId?: string; officeCode?: string } = {}) {
  const [row] = await db.query<{ id: string }>(
    `insert into public.staff_roles (user_id, role, department_id, office_code) values ($1, $2, $3, $4) returning id`,
    [userId, role, scope.departmentId ?? null, scope.officeCode ?? null],
  );
  return row!.id;
}

export async function makeOffice(db: Database, code = `office_${uniq()}`) {
  await db.query(`insert into public.offices (code, name_zh, name_en) values ($1, $2, $3)`, [code, '部门', 'Office']);
  return code;
}

/** A staff member with one role; reviewers need a department. */
export async function makeStaff(db: Database, role: string, scope: { departmentId?: string; officeCode?: string } = {}) {
  const u = await makeUser(db, { name: `${role}-${uniq()}` });
  const grantId = await grant(db, u.id, role, scope);
  return { ...u, grantId };
}

/** A processed photo row as the upload pipeline leaves it (no bytes in storage). */
export async function makeReadyPhoto(db: Database, studentId: string, userId: string, kind: string) {
  const key = () => `id-photo/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/${randomBytes(16).toString('base64url').slice(0, 22)}`;
  const [row] = await db.query<{ id: string }>(
    `insert into public.documents (student_id, kind, upload_key, object_key, thumb_key, status, sha256, mime, bytes, width, height, uploaded_by, processed_at)
     values ($1, $2, $3, $4, $5, 'ready', $6, 'image/jpeg', 1000, 1200, 800, $7, now()) returning id`,
    [studentId, kind, key(), key(), key(), randomBytes(32).toString('hex'), userId],
  );
  return row!.id;
}

/** A valid mainland ID number for the given birth date and sex, with a correct check character. */
export function makeIdNumber(
  birth = '19900307',
  sex: 'male' | 'female' = 'female',
  region = `11${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`,
): string {
  // The default region varies below the province (only the province is checked), so two students
  // of one test database rarely share a number: two verified students with one ID number are
  // refused by the database (identity_records_verified_id_unique).
  const seqDigit = sex === 'male' ? 1 : 2;
  const first17 = `${region}${birth}${String(10 + Math.floor(Math.random() * 80)).padStart(2, '0')}${seqDigit}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

export function validForm(overrides: Record<string, string> = {}) {
  return {
    legalName: '迪丽努尔·艾买提',
    latinName: 'DILNUR AIMAITI',
    sex: 'female' as const,
    birthDate: '1990-03-07',
    ethnicity: '05',
    idType: 'cn_resident' as const,
    idNumber: makeIdNumber('19900307', 'female'),
    idIssuingCountry: '',
    phone: '13812345678',
    email: 'dilnur@stu.example.edu.cn',
    ...overrides,
  };
}
