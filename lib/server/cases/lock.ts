import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Tx } from '../db/types';
import { AppError } from '../errors';
import type { CaseKind, CaseStatus } from './rules';

export interface CaseRow {
  id: string;
  student_id: string;
  record_id: string | null;
  related_student_id: string | null;
  department_id: string;
  kind: CaseKind;
  status: CaseStatus;
  legal_consultation: boolean;
  assignee_id: string | null;
  revision: number;
}

const COLUMNS = 'id, student_id, record_id, related_student_id, department_id, kind, status, legal_consultation, assignee_id, revision';

/**
 * The case a change is made on, locked for the transaction, checked against the revision the
 * person was looking at: a change made on a stale picture (someone assigned, closed or requested
 * documents meanwhile, or the student answered) is refused rather than silently overwriting it.
 * Not visible (RLS) and not existing look the same: not_found.
 */
export async function lockCase(tx: Tx, caseId: string, revision: number): Promise<CaseRow> {
  const [c] = await tx.query<CaseRow>(`select ${COLUMNS} from public.cases where id = $1 for update`, [caseId]);
  if (!c) throw new AppError('not_found');
  if (c.revision !== revision) {
    throw new AppError('conflict', { userMessage: 'cases.errors.changedMeanwhile', message: `case revision ${revision} != ${c.revision}` });
  }
  if (c.status === 'closed') throw new AppError('conflict', { userMessage: 'cases.errors.closed' });
  return c;
}

/**
 * The case an append-only entry (note, contact) is added to. Not locked: an entry cannot overwrite
 * anyone's work, and reviewers involved in a case may read it but not lock it (FOR UPDATE needs
 * the update policy, which is the registrar's).
 */
export async function findOpenCase(tx: Tx, caseId: string): Promise<CaseRow> {
  const [c] = await tx.query<CaseRow>(`select ${COLUMNS} from public.cases where id = $1`, [caseId]);
  if (!c) throw new AppError('not_found');
  if (c.status === 'closed') throw new AppError('conflict', { userMessage: 'cases.errors.closed' });
  return c;
}

export type CaseEventKind = 'note' | 'contact' | 'document_request' | 'document_received' | 'status' | 'assignment' | 'legal' | 'outcome';

/**
 * Appends one timeline entry. The id is made here and nothing is returned from the insert: a row
 * must pass the read policies to be returned, and for some writers that holds only from the next
 * statement on (see openCase).
 */
export async function appendEvent(
  tx: Tx,
  e: {
    caseId: string;
    actorId: string;
    kind: CaseEventKind;
    body?: string | null;
    details?: Record<string, unknown>;
    documentId?: string | null;
    visibleToStudent?: boolean;
  },
): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `insert into public.case_events (id, case_id, actor_id, kind, body, details, document_id, visible_to_student)
     values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8)`,
    [id, e.caseId, e.actorId, e.kind, e.body ?? null, JSON.stringify(e.details ?? {}), e.documentId ?? null, e.visibleToStudent ?? false],
  );
  return id;
}

/** zod's first message when it is one of ours (an i18n key), else the generic one. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.') || '_';
    if (!(key in fieldErrors)) fieldErrors[key] = issue.message.startsWith('cases.') ? issue.message : 'errors.invalid_input';
  }
  const first = parsed.error.issues.find((i) => i.message.startsWith('cases.'))?.message;
  throw new AppError('invalid_input', { userMessage: first ?? 'errors.invalid_input', fieldErrors, message: parsed.error.message });
}

export const ZCaseRef = { caseId: z.uuid(), revision: z.number().int().min(0) };
