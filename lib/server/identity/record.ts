import 'server-only';
import type { Tx } from '../db/types';

export interface RecordRow {
  id: string;
  student_id: string;
  department_id: string;
  state: 'draft' | 'submitted' | 'in_review' | 'returned' | 'verified' | 'escalated';
  current_version_id: string | null;
  verified_version_id: string | null;
  return_count: number;
  revision: number;
  draft: Record<string, string>;
  draft_id_number_enc: string | null;
  draft_updated_at: Date | null;
  submitted_at: Date | null;
}

const COLUMNS = `id, student_id, department_id, state, current_version_id, verified_version_id, return_count, revision,
  draft, draft_id_number_enc, draft_updated_at, submitted_at`;

/**
 * The student's record, locked for this transaction; created as an empty draft on first use.
 * `for update` only sees rows the student may update (RLS), i.e. draft or returned ones; a record
 * in any other state is returned unlocked, and callers refuse to change it.
 */
export async function lockOwnRecord(tx: Tx, studentId: string): Promise<RecordRow> {
  const [locked] = await tx.query<RecordRow>(`select ${COLUMNS} from public.identity_records where student_id = $1 for update`, [studentId]);
  if (locked) return locked;
  const existing = await findOwnRecord(tx, studentId);
  if (existing) return existing;
  await tx.query(
    `insert into public.identity_records (student_id, department_id) values ($1, (select department_id from public.students where id = $1))
     on conflict (student_id) do nothing`,
    [studentId],
  );
  const [created] = await tx.query<RecordRow>(`select ${COLUMNS} from public.identity_records where student_id = $1 for update`, [studentId]);
  return created!;
}

export async function findOwnRecord(tx: Tx, studentId: string): Promise<RecordRow | null> {
  const [row] = await tx.query<RecordRow>(`select ${COLUMNS} from public.identity_records where student_id = $1`, [studentId]);
  return row ?? null;
}

export const idNumberAad = {
  version: (versionId: string) => `identity_versions.id_number:${versionId}`,
  draft: (recordId: string) => `identity_records.draft_id_number:${recordId}`,
  correction: (requestId: string) => `correction_requests.new_id_number:${requestId}`,
};
