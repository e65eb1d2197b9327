import 'server-only';
import type { Tx } from '../db/types';
import { currentIntake } from './rules';

export type RecordState = 'draft' | 'submitted' | 'in_review' | 'returned' | 'verified' | 'escalated';

export interface SubjectVersion {
  id: string;
  seq: number;
  legalName: string;
  latinName: string | null;
  sex: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  idType: string;
  idIssuingCountry: string | null;
  idNumberBidx: string;
  idNumberMask: string;
  phone: string;
  email: string;
  createdAt: Date;
}

export interface SubjectReference {
  key: string;
  name: string;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
  idType: string | null;
  idNumberBidx: string;
  idNumberMask: string;
  ethnicity: string | null;
  departmentId: string | null;
  major: string | null;
  cohort: number | null;
  status: string | null;
  updatedAt: Date;
}

/** What a comparison and the review screen need about one record, read in the caller's transaction. */
export interface ReviewSubject {
  record: {
    id: string;
    studentId: string;
    departmentId: string;
    cohort: number;
    state: RecordState;
    revision: number;
    currentVersionId: string | null;
    comparedVersionId: string | null;
    comparedAt: Date | null;
    mismatchCount: number;
    duplicateSuspected: boolean;
    assignedTo: string | null;
    claimedAt: Date | null;
    submittedAt: Date | null;
    returnCount: number;
  };
  student: { number: string; name: string };
  version: SubjectVersion | null;
  registrar: SubjectReference | null;
  admissions: SubjectReference | null;
  freshman: boolean;
}

interface Row {
  id: string;
  student_id: string;
  department_id: string;
  cohort: number;
  state: RecordState;
  revision: number;
  current_version_id: string | null;
  compared_version_id: string | null;
  compared_at: Date | null;
  mismatch_count: number;
  duplicate_suspected: boolean;
  assigned_to: string | null;
  claimed_at: Date | null;
  submitted_at: Date | null;
  return_count: number;
  student_number: string;
  roster_name: string;
  v_id: string | null;
  seq: number;
  legal_name: string;
  latin_name: string | null;
  sex: 'male' | 'female';
  birth_date: string;
  ethnicity: string;
  id_type: string;
  id_issuing_country: string | null;
  id_number_bidx: string;
  id_number_mask: string;
  phone: string;
  email: string;
  v_created_at: Date;
}

interface RefRow {
  key: string;
  name: string;
  sex: 'male' | 'female' | null;
  birth_date: string | null;
  id_type: string | null;
  id_number_bidx: string;
  id_number_mask: string;
  ethnicity: string | null;
  department_id: string | null;
  major: string | null;
  cohort: number | null;
  status: string | null;
  updated_at: Date;
}

const toRef = (r: RefRow): SubjectReference => ({
  key: r.key,
  name: r.name,
  sex: r.sex,
  birthDate: r.birth_date,
  idType: r.id_type,
  idNumberBidx: r.id_number_bidx,
  idNumberMask: r.id_number_mask,
  ethnicity: r.ethnicity,
  departmentId: r.department_id,
  major: r.major,
  cohort: r.cohort,
  status: r.status,
  updatedAt: new Date(r.updated_at),
});

/**
 * Loads a record with its current version (ID number as mask and blind index only — nothing here
 * decrypts), the student's registrar record and, for freshmen, the admissions record with the same
 * ID number in their intake. RLS decides what the caller sees; null when the record is not visible.
 */
export async function loadSubject(tx: Tx, recordId: string, opts: { lock?: boolean; now?: Date } = {}): Promise<ReviewSubject | null> {
  // One round trip for the record, its student, current version and registrar record.
  const [r] = await tx.query<Row & { registrar: RefRow | string | null }>(
    `select r.id, r.student_id, r.department_id, r.cohort, r.state, r.revision, r.current_version_id, r.compared_version_id,
            r.compared_at, r.mismatch_count, r.duplicate_suspected, r.assigned_to, r.claimed_at, r.submitted_at, r.return_count,
            s.student_number, s.name as roster_name,
            v.id as v_id, v.seq, v.legal_name, v.latin_name, v.sex, to_char(v.birth_date, 'YYYY-MM-DD') as birth_date, v.ethnicity,
            v.id_type, v.id_issuing_country, v.id_number_bidx, v.id_number_mask, v.phone, v.email, v.created_at as v_created_at,
            reg.registrar
     from public.identity_records r
     join public.students s on s.id = r.student_id
     left join public.identity_versions v on v.id = r.current_version_id
     left join lateral (
       select json_build_object('key', rr.student_number, 'name', rr.name, 'sex', rr.sex, 'birth_date', to_char(rr.birth_date, 'YYYY-MM-DD'),
                'id_type', rr.id_type, 'id_number_bidx', rr.id_number_bidx, 'id_number_mask', rr.id_number_mask, 'ethnicity', rr.ethnicity,
                'department_id', rr.department_id, 'major', rr.major, 'cohort', rr.cohort, 'status', rr.status, 'updated_at', rr.updated_at) as registrar
       from public.registrar_records rr where rr.student_number = s.student_number
     ) reg on true
     where r.id = $1${opts.lock ? ' for update of r' : ''}`,
    [recordId],
  );
  if (!r) return null;
  const registrar = typeof r.registrar === 'string' ? (JSON.parse(r.registrar) as RefRow) : r.registrar;
  const freshman = r.cohort >= currentIntake(opts.now ?? new Date());
  let admissions: RefRow | undefined;
  if (freshman && r.v_id) {
    // Admissions records carry an exam number, not a student number: the link is the ID number,
    // the submitted one first, else the registrar's.
    [admissions] = await tx.query<RefRow>(
      `select exam_number as key, name, sex, to_char(birth_date, 'YYYY-MM-DD') as birth_date, null::text as id_type, id_number_bidx,
              id_number_mask, null::text as ethnicity, department_id, major, admission_year as cohort, null::text as status, updated_at
       from public.admissions_records
       where admission_year = $1 and id_number_bidx in ($2, $3)
       order by (id_number_bidx = $2) desc, exam_number limit 1`,
      [r.cohort, r.id_number_bidx, registrar?.id_number_bidx ?? r.id_number_bidx],
    );
  }
  return {
    record: {
      id: r.id,
      studentId: r.student_id,
      departmentId: r.department_id,
      cohort: r.cohort,
      state: r.state,
      revision: r.revision,
      currentVersionId: r.current_version_id,
      comparedVersionId: r.compared_version_id,
      comparedAt: r.compared_at ? new Date(r.compared_at) : null,
      mismatchCount: r.mismatch_count,
      duplicateSuspected: r.duplicate_suspected,
      assignedTo: r.assigned_to,
      claimedAt: r.claimed_at ? new Date(r.claimed_at) : null,
      submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
      returnCount: r.return_count,
    },
    student: { number: r.student_number, name: r.roster_name },
    version: r.v_id
      ? {
          id: r.v_id,
          seq: r.seq,
          legalName: r.legal_name,
          latinName: r.latin_name,
          sex: r.sex,
          birthDate: r.birth_date,
          ethnicity: r.ethnicity,
          idType: r.id_type,
          idIssuingCountry: r.id_issuing_country,
          idNumberBidx: r.id_number_bidx,
          idNumberMask: r.id_number_mask,
          phone: r.phone,
          email: r.email,
          createdAt: new Date(r.v_created_at),
        }
      : null,
    registrar: registrar ? toRef(registrar) : null,
    admissions: admissions ? toRef(admissions) : null,
    freshman,
  };
}

/** The current version was never compared, or a reference record changed since (a new import). */
export function needsComparison(s: ReviewSubject): boolean {
  if (!s.version) return false;
  if (s.record.comparedVersionId !== s.version.id || !s.record.comparedAt) return true;
  const at = s.record.comparedAt.getTime();
  return (s.registrar?.updatedAt.getTime() ?? 0) > at || (s.admissions?.updatedAt.getTime() ?? 0) > at;
}
