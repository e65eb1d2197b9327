import 'server-only';
import { randomUUID } from 'node:crypto';
import { audit } from '../audit/write';
import type { Ctx } from '../db/rls';
import type { Tx } from '../db/types';

export type CaseKind = 'fraud_suspected' | 'duplicate' | 'anomaly';
export type CaseSource = 'escalation' | 'duplicate_check' | 'manual';

export interface CaseActor {
  ctx: Ctx;
  userId: string;
  role: string;
}

/**
 * Opens an investigation case (step 6) in the caller's transaction, unless the student already
 * has an open case of that kind — one open case per student and kind (unique index): a second
 * escalation or a duplicate check that fires again joins the open case. Returns the new case's id,
 * or null when an open one existed. `actor` null means a system job (withAdmin). No RETURNING:
 * under RLS the opener may read the new case only from the next statement on.
 */
export async function openCase(
  tx: Tx,
  c: {
    studentId: string;
    recordId: string;
    departmentId: string;
    kind: CaseKind;
    source: CaseSource;
    relatedStudentId?: string | null;
    note?: string | null;
    details?: Record<string, unknown>;
  },
  actor: CaseActor | null,
): Promise<string | null> {
  // Callers hold the record's row lock (decide, compare), so no second opener of the same kind can
  // slip in between this check and the insert; the unique index would refuse it anyway.
  const [open] = await tx.query<{ exists: boolean }>('select app.has_open_case($1, $2) as exists', [c.studentId, c.kind]);
  if (open?.exists) return null;
  const caseId = randomUUID();
  await tx.query(
    `insert into public.cases (id, student_id, record_id, related_student_id, department_id, kind, source, opened_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [caseId, c.studentId, c.recordId, c.relatedStudentId ?? null, c.departmentId, c.kind, c.source, actor?.userId ?? null],
  );
  await tx.query(`insert into public.case_events (case_id, actor_id, kind, body, details) values ($1, $2, 'opened', $3, $4::text::jsonb)`, [
    caseId,
    actor?.userId ?? null,
    c.note ?? null,
    JSON.stringify({ source: c.source, record_id: c.recordId, ...c.details }),
  ]);
  await audit(tx, actor?.ctx ?? { userId: null }, {
    action: 'case.open',
    entityType: 'case',
    entityId: caseId,
    actorRole: actor?.role ?? 'system',
    details: { kind: c.kind, source: c.source, record_id: c.recordId, ...c.details },
  });
  return caseId;
}
