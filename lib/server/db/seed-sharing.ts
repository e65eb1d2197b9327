import 'server-only';
import { randomUUID } from 'node:crypto';
import { maskIdentifier } from '@/lib/identity/mask';
import type { FieldCipher } from '../crypto/field';
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
