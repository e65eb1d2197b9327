import 'server-only';
import { withAdmin } from '../db/admin';
import { compareRecordInTx } from './compare-version';

export interface CompareAllResult {
  compared: number;
  mismatched: number;
  duplicates: number;
  casesOpened: number;
}

/**
 * System job: compares every record awaiting review whose current version was never compared or
 * whose registrar/admissions record changed since — run after an import, or on a schedule, so
 * the review queue's "mismatches" and "duplicate" filters are right before anyone opens a review.
 *
 * It uses the admin connection because it works across all departments on nobody's behalf (no
 * person's RLS applies); each record is compared in its own short transaction, so a long run
 * neither holds locks nor loses finished work on an error.
 */
export async function compareAllPending(opts: { limit?: number; now?: Date } = {}): Promise<CompareAllResult> {
  const limit = Math.min(Math.max(opts.limit ?? 10_000, 1), 100_000);
  const ids = await withAdmin((tx) =>
    tx.query<{ id: string }>(
      `select r.id from public.identity_records r
       join public.students s on s.id = r.student_id
       left join public.registrar_records rr on rr.student_number = s.student_number
       where r.state in ('submitted', 'in_review', 'escalated') and r.current_version_id is not null
         and (r.compared_version_id is distinct from r.current_version_id
              or rr.updated_at > r.compared_at
              or exists (select 1 from public.identity_versions v join public.admissions_records a on a.id_number_bidx = v.id_number_bidx
                         where v.id = r.current_version_id and a.updated_at > r.compared_at))
       order by r.submitted_at, r.id
       limit $1`,
      [limit],
    ),
  );
  const result: CompareAllResult = { compared: 0, mismatched: 0, duplicates: 0, casesOpened: 0 };
  for (const { id } of ids) {
    const out = await withAdmin((tx) => compareRecordInTx(tx, id, null, { now: opts.now }));
    if (!out) continue;
    result.compared += 1;
    if (out.mismatchCount > 0) result.mismatched += 1;
    if (out.duplicateSuspected) result.duplicates += 1;
    if (out.caseId) result.casesOpened += 1;
  }
  return result;
}
