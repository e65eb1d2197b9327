import 'server-only';
import { z } from 'zod';
import { ZReturnReason } from '@/lib/schemas/review';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { withRls } from '../db/rls';
import type { Tx } from '../db/types';
import { AppError } from '../errors';
import { appendEvent, lockCase, parseInput, ZCaseRef, type CaseRow } from './lock';
import { CASE_OUTCOMES, type CaseOutcome } from './rules';

const ZCloseCase = z.object({
  ...ZCaseRef,
  outcome: z.enum(CASE_OUTCOMES, { error: 'cases.errors.outcomeRequired' }),
  // Why the office decided as it did: part of the case file, not shown to the student.
  reason: z.string({ error: 'cases.errors.reasonRequired' }).trim().min(1, 'cases.errors.reasonRequired').max(2000),
  /** merged: which of the two students' rows stays the one in use */
  survivorStudentId: z.uuid().optional(),
  /** corrected: what the student must correct, in the review's own reason codes */
  corrections: z.array(ZReturnReason).max(20).optional(),
  /** corrected: a message the student sees with the returned items */
  studentComment: z.string().trim().max(2000).optional(),
});

export interface CloseResult {
  revision: number;
  /** the escalated record's new state, when closing moved it */
  recordState: 'verified' | 'returned' | null;
}

/**
 * Closes a case with an outcome and a required reason. What happens to the identity record:
 *
 * - verified: the student is who they say. An escalated record becomes verified (its current
 *   version is the verified one), as if a reviewer had verified it.
 * - corrected: the data must be corrected. Staff cannot write a version (versions are the
 *   student's own statements; the insert policy allows only the student), so an escalated record is
 *   returned to the student with the items to correct, like a review return, and the corrected
 *   submission goes through review again. The return does not count toward the escalation limit:
 *   the office, not the reviewer, sent it back.
 * - merged (duplicates only): the two rows are the same person; the outcome event records which
 *   student row survives and which is merged into it. No row is deleted or rewritten here: the
 *   roster is the registrar's import, and history must keep both.
 * - rejected: the claim is not accepted (e.g. fraud confirmed). The record stays escalated — the
 *   student cannot resubmit — and what follows (discipline, a report) happens outside this system.
 *
 * A record that is no longer escalated (a reviewer decided it meanwhile, or a duplicate case was
 * opened on a submission still in review) is left as it is.
 */
export async function closeCase({ access, input }: { access: Access | null; input: z.input<typeof ZCloseCase> }): Promise<CloseResult> {
  const me = requireRole(access, 'registrar');
  const d = parseInput(ZCloseCase, input);
  // "Student must correct" means nothing without the items to correct, whatever state the record
  // is in (it used to be checked only for escalated records, so other cases closed with none).
  if (d.outcome === 'corrected' && !(d.corrections ?? []).length) {
    throw new AppError('invalid_input', { userMessage: 'cases.errors.correctionsRequired', fieldErrors: { corrections: 'cases.errors.correctionsRequired' } });
  }
  return withRls(me.ctx, async (tx) => {
    const c = await lockCase(tx, d.caseId, d.revision);
    let merge: { survivor_student_id: string; merged_student_id: string } | null = null;
    if (d.outcome === 'merged') {
      if (c.kind !== 'duplicate' || !c.related_student_id) throw new AppError('invalid_input', { userMessage: 'cases.errors.mergeNeedsDuplicate' });
      const pair = [c.student_id, c.related_student_id];
      if (!d.survivorStudentId || !pair.includes(d.survivorStudentId)) {
        throw new AppError('invalid_input', {
          userMessage: 'cases.errors.survivorRequired',
          fieldErrors: { survivorStudentId: 'cases.errors.survivorRequired' },
        });
      }
      merge = { survivor_student_id: d.survivorStudentId, merged_student_id: pair.find((id) => id !== d.survivorStudentId)! };
    }
    // Closed before the record moves: while the case is open the database refuses to verify the
    // record (identity_records_verification_blocked), and closing it is what lifts that.
    const [u] = await tx.query<{ revision: number }>(
      `update public.cases set status = 'closed', outcome = $2, outcome_reason = $3, closed_at = now() where id = $1 returning revision`,
      [c.id, d.outcome, d.reason],
    );
    const record = await moveRecord(tx, me, c, d.outcome, d);
    const details = {
      outcome: d.outcome,
      from: c.status,
      ...(merge ?? {}),
      ...(record ? { record_id: c.record_id, record_from: 'escalated', record_to: record } : {}),
    };
    await appendEvent(tx, { caseId: c.id, actorId: me.user.id, kind: 'outcome', body: d.reason, details });
    await audit(tx, me.ctx, { action: 'case.close', entityType: 'case', entityId: c.id, actorRole: 'registrar', details });
    return { revision: u!.revision, recordState: record };
  });
}

async function moveRecord(
  tx: Tx,
  me: Access,
  c: CaseRow,
  outcome: CaseOutcome,
  d: { corrections?: z.output<typeof ZReturnReason>[]; studentComment?: string },
): Promise<CloseResult['recordState']> {
  if (!c.record_id || (outcome !== 'verified' && outcome !== 'corrected')) return null;
  const [rec] = await tx.query<{ id: string; state: string; current_version_id: string | null }>(
    'select id, state, current_version_id from public.identity_records where id = $1 for update',
    [c.record_id],
  );
  if (!rec || rec.state !== 'escalated') return null;
  const corrections = d.corrections ?? [];
  const state = outcome === 'verified' ? 'verified' : 'returned';
  await tx.query(
    `update public.identity_records set state = $2,
       verified_version_id = case when $2 = 'verified' then current_version_id else verified_version_id end,
       assigned_to = null, claimed_at = null
     where id = $1`,
    [rec.id, state],
  );
  // The student's timeline shows the decision like any review decision; the case itself stays hidden.
  await tx.query(
    `insert into public.review_events (record_id, version_id, actor_id, kind, reasons, comment, visible_to_student)
     values ($1, $2, $3, $4, $5::text::jsonb, $6, true)`,
    [
      rec.id,
      rec.current_version_id,
      me.user.id,
      state,
      JSON.stringify(state === 'returned' ? corrections : []),
      state === 'returned' ? d.studentComment || null : null,
    ],
  );
  await audit(tx, me.ctx, {
    action: state === 'verified' ? 'review.verify' : 'review.return',
    entityType: 'identity_record',
    entityId: rec.id,
    actorRole: 'registrar',
    details: { version_id: rec.current_version_id, state, case_id: c.id, reasons: corrections.map((r) => `${r.target}:${r.code}`) },
  });
  return state;
}
