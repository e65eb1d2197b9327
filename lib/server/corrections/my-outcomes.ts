import 'server-only';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';

export interface CorrectionOutcome {
  notificationId: string;
  requestId: string;
  outcome: 'approve' | 'reject';
  changes: Record<string, { from: string | null; to: string | null }>;
  rejectCode: string | null;
  comment: string | null;
  decidedAt: Date | null;
}

/** Decisions on the student's corrections they have not dismissed yet (the in-app notices). */
export async function listMyOutcomes({ access }: { access: Access | null }): Promise<CorrectionOutcome[]> {
  const me = requireRole(access, 'student');
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{
      id: string;
      request_id: string;
      outcome: 'approve' | 'reject';
      changes: CorrectionOutcome['changes'] | string;
      reject_code: string | null;
      reject_comment: string | null;
      decided_at: Date | null;
    }>(
      `select n.id, r.id as request_id, n.params->>'outcome' as outcome, r.changes, r.reject_code, r.reject_comment, r.decided_at
       from public.notifications n join public.correction_requests r on r.id = (n.params->>'request_id')::uuid
       where n.user_id = $1 and n.kind = 'correction_outcome' and n.read_at is null
       order by n.created_at desc limit 5`,
      [me.user.id],
    );
    return rows.map((r) => ({
      notificationId: r.id,
      requestId: r.request_id,
      outcome: r.outcome,
      changes: typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes,
      rejectCode: r.reject_code,
      comment: r.reject_comment,
      decidedAt: r.decided_at,
    }));
  });
}
