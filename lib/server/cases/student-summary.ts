import 'server-only';
import type { Tx } from '../db/types';

export interface StudentSummary {
  id: string;
  studentNumber: string;
  name: string;
  cohort: number;
  department: { code: string; nameZh: string; nameEn: string };
  record: { id: string; state: string; revision: number } | null;
  /** the current submitted version; the ID number only masked */
  version: {
    id: string;
    seq: number;
    submittedAt: Date;
    legalName: string;
    latinName: string | null;
    sex: 'male' | 'female';
    birthDate: string;
    ethnicity: string;
    idType: string;
    idIssuingCountry: string | null;
    idNumberMask: string;
    phone: string;
    email: string;
  } | null;
  /** the version's photos: kind -> document id */
  photos: { kind: string; documentId: string }[];
}

/**
 * One student as a case shows them, read under the caller's RLS (null when the roster row is not
 * theirs to see — a reviewer looking at a duplicate from another department). Reads the stored
 * mask rather than loadVersionFields: that helper decrypts the ID number, which a side-by-side
 * view has no use for.
 */
export async function loadStudentSummary(tx: Tx, studentId: string): Promise<StudentSummary | null> {
  const [s] = await tx.query<{ id: string; student_number: string; name: string; cohort: number; code: string; name_zh: string; name_en: string }>(
    `select s.id, s.student_number, s.name, s.cohort, d.code, d.name_zh, d.name_en
     from public.students s join public.departments d on d.id = s.department_id where s.id = $1`,
    [studentId],
  );
  if (!s) return null;
  const [r] = await tx.query<{ id: string; state: string; revision: number; current_version_id: string | null }>(
    'select id, state, revision, current_version_id from public.identity_records where student_id = $1',
    [studentId],
  );
  const [v] = r?.current_version_id
    ? await tx.query<{
        id: string;
        seq: number;
        created_at: Date;
        legal_name: string;
        latin_name: string | null;
        sex: 'male' | 'female';
        birth_date: string;
        ethnicity: string;
        id_type: string;
        id_issuing_country: string | null;
        id_number_mask: string;
        phone: string;
        email: string;
      }>(
        `select id, seq, created_at, legal_name, latin_name, sex, to_char(birth_date, 'YYYY-MM-DD') as birth_date, ethnicity, id_type,
                id_issuing_country, id_number_mask, phone, email
         from public.identity_versions where id = $1`,
        [r.current_version_id],
      )
    : [];
  const photos = v
    ? await tx.query<{ kind: string; document_id: string }>('select kind, document_id from public.version_documents where version_id = $1 order by kind', [
        v.id,
      ])
    : [];
  return {
    id: s.id,
    studentNumber: s.student_number,
    name: s.name,
    cohort: s.cohort,
    department: { code: s.code, nameZh: s.name_zh, nameEn: s.name_en },
    record: r ? { id: r.id, state: r.state, revision: r.revision } : null,
    version: v
      ? {
          id: v.id,
          seq: v.seq,
          submittedAt: v.created_at,
          legalName: v.legal_name,
          latinName: v.latin_name,
          sex: v.sex,
          birthDate: v.birth_date,
          ethnicity: v.ethnicity,
          idType: v.id_type,
          idIssuingCountry: v.id_issuing_country,
          idNumberMask: v.id_number_mask,
          phone: v.phone,
          email: v.email,
        }
      : null,
    photos: photos.map((p) => ({ kind: p.kind, documentId: p.document_id })),
  };
}
