import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import type { CorrectionStatus } from './list-corrections';

export interface CorrectionDetail {
  id: string;
  revision: number;
  status: CorrectionStatus;
  student: { id: string; name: string; number: string; cohort: number; department: { code: string; nameZh: string; nameEn: string } };
  /** field → original and requested value; the ID number only masked */
  changes: Record<string, { from: string | null; to: string | null }>;
  reason: string;
  evidenceDocumentIds: string[];
  campaignName: string | null;
  createdAt: Date;
  updatedAt: Date;
  decision: { by: string | null; at: Date; rejectCode: string | null; comment: string | null } | null;
}

/** One correction request with its diff and evidence, for the reviewer's decision. */
export async function getCorrection({ access, input }: { access: Access | null; input: { requestId: string } }): Promise<CorrectionDetail> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const { requestId } = z.object({ requestId: z.uuid() }).parse(input);
  return withRls(me.ctx, async (tx) => {
    const [r] = await tx.query<{
      id: string;
      revision: number;
      status: CorrectionStatus;
      student_id: string;
      name: string;
      student_number: string;
      cohort: number;
      code: string;
      name_zh: string;
      name_en: string;
      changes: Record<string, { from: string | null; to: string | null }> | string;
      reason: string;
      campaign: string | null;
      created_at: Date;
      updated_at: Date;
      decided_by_name: string | null;
      decided_at: Date | null;
      reject_code: string | null;
      reject_comment: string | null;
    }>(
      `select r.id, r.revision, r.status, r.student_id, s.name, s.student_number, s.cohort, d.code, d.name_zh, d.name_en, r.changes, r.reason,
              c.name as campaign, r.created_at, r.updated_at, u.display_name as decided_by_name, r.decided_at, r.reject_code, r.reject_comment
       from public.correction_requests r
       join public.students s on s.id = r.student_id
       join public.departments d on d.id = r.department_id
       left join public.confirmation_tasks t on t.id = r.task_id
       left join public.campaigns c on c.id = t.campaign_id
       left join public.app_users u on u.id = r.decided_by
       where r.id = $1`,
      [requestId],
    );
    if (!r) throw new AppError('not_found');
    const docs = await tx.query<{ document_id: string }>(
      `select cd.document_id from public.correction_documents cd join public.documents doc on doc.id = cd.document_id
       where cd.request_id = $1 and doc.status = 'ready' order by doc.created_at`,
      [requestId],
    );
    return {
      id: r.id,
      revision: r.revision,
      status: r.status,
      student: {
        id: r.student_id,
        name: r.name,
        number: r.student_number,
        cohort: r.cohort,
        department: { code: r.code, nameZh: r.name_zh, nameEn: r.name_en },
      },
      changes: typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes,
      reason: r.reason,
      evidenceDocumentIds: docs.map((d) => d.document_id),
      campaignName: r.campaign,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      decision: r.decided_at ? { by: r.decided_by_name, at: r.decided_at, rejectCode: r.reject_code, comment: r.reject_comment } : null,
    };
  });
}
