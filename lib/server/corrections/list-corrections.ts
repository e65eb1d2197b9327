import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';

export type CorrectionStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface CorrectionListItem {
  id: string;
  studentName: string;
  studentNumber: string;
  departmentCode: string;
  cohort: number;
  fields: string[];
  status: CorrectionStatus;
  createdAt: Date;
  decidedAt: Date | null;
}

const ZList = z.object({ view: z.enum(['pending', 'decided']).default('pending') });

/**
 * The correction queue of the caller's departments (RLS: a reviewer's departments, the registrar
 * all): pending requests oldest first, or the latest decisions.
 */
export async function listCorrections({ access, input = {} }: { access: Access | null; input?: z.input<typeof ZList> }): Promise<CorrectionListItem[]> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const { view } = ZList.parse(input);
  return withRls(me.ctx, async (tx) => {
    const rows = await tx.query<{
      id: string;
      name: string;
      student_number: string;
      code: string;
      cohort: number;
      changes: Record<string, unknown>;
      status: CorrectionStatus;
      created_at: Date;
      decided_at: Date | null;
    }>(
      `select r.id, s.name, s.student_number, d.code, s.cohort, r.changes, r.status, r.created_at, r.decided_at
       from public.correction_requests r join public.students s on s.id = r.student_id join public.departments d on d.id = r.department_id
       where ${view === 'pending' ? `r.status = 'pending'` : `r.status in ('approved', 'rejected')`}
       order by ${view === 'pending' ? 'r.created_at asc' : 'r.decided_at desc'} limit 200`,
    );
    return rows.map((r) => ({
      id: r.id,
      studentName: r.name,
      studentNumber: r.student_number,
      departmentCode: r.code,
      cohort: r.cohort,
      fields: Object.keys(r.changes),
      status: r.status,
      createdAt: r.created_at,
      decidedAt: r.decided_at,
    }));
  });
}
