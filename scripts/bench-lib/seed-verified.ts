/**
 * Benchmark seeding shared by bench:confirm and bench:scale: `students` students with accounts and
 * verified identity records (one version each, a distinct valid ID number each), in batches of
 * 3,000, plus a registrar. Reads the app's env (secrets for the cipher) — set it before calling.
 */
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export async function seedVerifiedStudents(admin: postgres.Sql, STUDENTS: number): Promise<{ registrarId: string }> {
  const { getCipher } = await import('../../lib/server/crypto');
  const { idNumberAad } = await import('../../lib/server/identity/record');
  const { maskIdentifier } = await import('../../lib/identity/mask');
  const cipher = getCipher();
  const depts = await admin<{ id: string }[]>`
    insert into public.departments (code, name_zh, name_en) values
      ('CS', '计算机科学与技术学院', 'Computer Science'), ('FL', '外国语学院', 'Foreign Languages'),
      ('MATH', '数学科学学院', 'Mathematics'), ('ECON', '经济学院', 'Economics')
    returning id`;
  const deptIds = depts.map((d) => d.id);
  const [reg] = await admin<{ id: string }[]>`
    insert into public.app_users (issuer, subject, display_name, affiliation) values ('https://bench.invalid', 'registrar', '学籍办', 'staff') returning id`;
  await admin`insert into public.staff_roles (user_id, role) values (${reg!.id}, 'registrar')`;

  const BATCH = 3000;
  for (let from = 0; from < STUDENTS; from += BATCH) {
    const n = Math.min(BATCH, STUDENTS - from);
    const idx = Array.from({ length: n }, (_, k) => from + k);
    const numbers = idx.map((i) => `2026${String(i).padStart(6, '0')}`);
    const users = await admin<{ id: string; student_number: string }[]>`
      insert into public.app_users (issuer, subject, display_name, email, affiliation, student_number)
      select 'https://bench.invalid', 'stu-' || n, '学生' || n, 'stu' || n || '@bench.invalid', 'student', n
      from unnest(${numbers}::text[]) as n returning id, student_number`;
    const students = await admin<{ id: string; user_id: string }[]>`
      insert into public.students (student_number, name, department_id, cohort, user_id)
      select u.student_number, '学生' || u.student_number, (${deptIds}::uuid[])[1 + (right(u.student_number, 6)::int % 4)],
             2022 + right(u.student_number, 6)::int % 4, u.id
      from unnest(${users.map((u) => u.id)}::uuid[], ${users.map((u) => u.student_number)}::text[]) as u(id, student_number)
      returning id, user_id`;
    const records = await admin<{ id: string; student_id: string }[]>`
      insert into public.identity_records (student_id, state, submitted_at)
      select unnest(${students.map((s) => s.id)}::uuid[]), 'verified', now() returning id, student_id`;
    const versionIds: string[] = [],
      enc: string[] = [],
      bidx: string[] = [],
      mask: string[] = [];
    records.forEach((r, k) => {
      // Unique per student (a verified ID number belongs to one student): birth date from i / 1000, sequence i % 1000.
      const i = from + k;
      const birth = new Date(Date.UTC(2004, 0, 1) + Math.floor(i / 1000) * 86400e3).toISOString().slice(0, 10).replaceAll('-', '');
      const first17 = `110105${birth}${String(i % 1000).padStart(3, '0')}`;
      const sum = [...first17].reduce((s, d, j) => s + Number(d) * WEIGHTS[j]!, 0);
      const idNumber = first17 + '10X98765432'[sum % 11]!;
      const id = randomUUID();
      versionIds.push(id);
      enc.push(cipher.encrypt(idNumber, idNumberAad.version(id)));
      bidx.push(cipher.blindIndex(idNumber, 'id_number'));
      mask.push(maskIdentifier(idNumber));
    });
    await admin`
      insert into public.identity_versions (id, record_id, student_id, seq, idempotency_key, source, legal_name, sex, birth_date, ethnicity,
        id_type, id_number_enc, id_number_bidx, id_number_mask, phone, email, submitted_by)
      select v.id, v.record_id, s.id, 1, gen_random_uuid(), 'student', s.name, 'male', date '2006-01-01', '01',
             'cn_resident', v.enc, v.bidx, v.mask, '+86138' || right(s.student_number, 8), 'x' || s.student_number || '@bench.invalid', s.user_id
      from unnest(${versionIds}::uuid[], ${records.map((r) => r.id)}::uuid[], ${records.map((r) => r.student_id)}::uuid[],
                  ${enc}::text[], ${bidx}::text[], ${mask}::text[]) as v(id, record_id, student_id, enc, bidx, mask)
      join public.students s on s.id = v.student_id`;
    await admin`
      update public.identity_records r set current_version_id = v.id, verified_version_id = v.id
      from public.identity_versions v where v.record_id = r.id and r.id = any (${records.map((r) => r.id)}::uuid[])`;
  }
  return { registrarId: reg!.id };
}
