import 'server-only';
import { z } from 'zod';
import { requireRole, type Access } from '../auth/access';
import { withRls } from '../db/rls';
import { AppError } from '../errors';
import type { CaseEventKind } from './lock';
import type { CaseKind, CaseOutcome, CaseStatus } from './rules';
import { loadStudentSummary, type StudentSummary } from './student-summary';

const ZGetCase = z.object({ caseId: z.uuid() });

export interface CaseEvent {
  id: string;
  kind: CaseEventKind | 'opened';
  /** null for the system (an automatic duplicate check, the status move when documents arrive) */
  actor: { id: string; name: string | null; isStudent: boolean } | null;
  body: string | null;
  details: Record<string, unknown>;
  documentId: string | null;
  visibleToStudent: boolean;
  createdAt: Date;
  /** assignment: the new assignee's name */
  targetName: string | null;
}

export interface CaseRequest {
  id: string;
  what: string;
  requestedAt: Date;
  received: { eventId: string; documentId: string; at: Date }[];
}

export interface CaseDetail {
  id: string;
  kind: CaseKind;
  source: string;
  status: CaseStatus;
  legalConsultation: boolean;
  revision: number;
  openedAt: Date;
  openedBy: { id: string; name: string | null } | null;
  assignee: { id: string; name: string | null } | null;
  outcome: CaseOutcome | null;
  outcomeReason: string | null;
  closedAt: Date | null;
  student: StudentSummary | null;
  /** duplicates: the other student of the pair (null when not visible to the caller) */
  relatedStudentId: string | null;
  related: StudentSummary | null;
  events: CaseEvent[];
  requests: CaseRequest[];
}

/**
 * One case with its timeline, the student's current submission (ID number masked) and, for a
 * suspected duplicate, the other student beside it. The registrar reads every case, a reviewer the
 * cases they are involved in; anyone else gets not_found.
 */
export async function getCase({ access, input }: { access: Access | null; input: z.input<typeof ZGetCase> }): Promise<CaseDetail> {
  const me = requireRole(access, 'registrar', 'reviewer');
  const parsed = ZGetCase.safeParse(input);
  if (!parsed.success) throw new AppError('not_found');
  return withRls(me.ctx, async (tx) => {
    const [c] = await tx.query<{
      id: string;
      kind: CaseKind;
      source: string;
      status: CaseStatus;
      legal_consultation: boolean;
      revision: number;
      opened_at: Date;
      opened_by: string | null;
      opened_by_name: string | null;
      assignee_id: string | null;
      assignee_name: string | null;
      outcome: CaseOutcome | null;
      outcome_reason: string | null;
      closed_at: Date | null;
      student_id: string;
      related_student_id: string | null;
    }>(
      `select id, kind, source, status, legal_consultation, revision, opened_at, opened_by, app.staff_display_name(opened_by) as opened_by_name,
              assignee_id, app.staff_display_name(assignee_id) as assignee_name, outcome, outcome_reason, closed_at, student_id, related_student_id
       from public.cases where id = $1`,
      [parsed.data.caseId],
    );
    if (!c) throw new AppError('not_found');
    const rows = await tx.query<{
      id: string;
      kind: CaseEvent['kind'];
      actor_id: string | null;
      actor_name: string | null;
      body: string | null;
      details: Record<string, unknown> | string;
      document_id: string | null;
      visible_to_student: boolean;
      created_at: Date;
      target_name: string | null;
    }>(
      `select id, kind, actor_id, app.staff_display_name(actor_id) as actor_name, body, details, document_id, visible_to_student, created_at,
              case when kind = 'assignment' then app.staff_display_name(nullif(details ->> 'to', '')::uuid) end as target_name
       from public.case_events where case_id = $1 order by created_at, seq`,
      [c.id],
    );
    const events: CaseEvent[] = rows.map((e) => ({
      id: e.id,
      kind: e.kind,
      body: e.body,
      documentId: e.document_id,
      visibleToStudent: e.visible_to_student,
      createdAt: e.created_at,
      targetName: e.target_name,
      details: typeof e.details === 'string' ? (JSON.parse(e.details) as Record<string, unknown>) : e.details,
      // Students write only document_received; their names come from the roster, not staff_display_name.
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name, isStudent: e.kind === 'document_received' } : null,
    }));
    const requests: CaseRequest[] = events
      .filter((e) => e.kind === 'document_request')
      .map((r) => ({
        id: r.id,
        what: r.body ?? '',
        requestedAt: r.createdAt,
        received: events
          .filter((e) => e.kind === 'document_received' && e.details.request_id === r.id && e.documentId)
          .map((e) => ({ eventId: e.id, documentId: e.documentId!, at: e.createdAt })),
      }));
    const student = await loadStudentSummary(tx, c.student_id);
    const related = c.related_student_id ? await loadStudentSummary(tx, c.related_student_id) : null;
    return {
      id: c.id,
      kind: c.kind,
      source: c.source,
      status: c.status,
      legalConsultation: c.legal_consultation,
      revision: c.revision,
      openedAt: c.opened_at,
      openedBy: c.opened_by ? { id: c.opened_by, name: c.opened_by_name } : null,
      assignee: c.assignee_id ? { id: c.assignee_id, name: c.assignee_name } : null,
      outcome: c.outcome,
      outcomeReason: c.outcome_reason,
      closedAt: c.closed_at,
      student,
      relatedStudentId: c.related_student_id,
      related,
      events,
      requests,
    };
  });
}
