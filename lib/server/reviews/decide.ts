import 'server-only';
import { z } from 'zod';
import { ZDecision, type TDecision } from '@/lib/schemas/review';
import { requireRole, type Access } from '../auth/access';
import { audit } from '../audit/write';
import { caseActor } from '../compare/compare-version';
import { once } from '../idempotency/internal/once';
import { withRls } from '../db/rls';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { assertVerifiable } from './verification-blocker';
import { assertNotClaimedByOther, lockForReview, type ClaimOptions } from './claim';
import { openCase } from './open-case';

export interface DecisionResult {
  state: 'verified' | 'returned' | 'escalated';
  revision: number;
  /** the case an escalation opened; null when the student already had an open case of that kind */
  caseId: string | null;
}

/** What kind of case an escalation opens; the reviewer chooses. */
export const ESCALATION_KINDS = ['fraud_suspected', 'anomaly'] as const;
const ZCaseKind = z.enum(ESCALATION_KINDS).default('anomaly');

export type TDecisionInput = TDecision & { caseKind?: (typeof ESCALATION_KINDS)[number] };

/**
 * A reviewer's decision on a submitted record. The decision names the revision it was made on;
 * if anyone changed the record since (another reviewer, a resubmission), it is refused rather than
 * silently overwriting their work. While another reviewer's claim is live it is refused too.
 * An escalation — chosen, or forced by too many returns — opens a case for the verification office.
 */
export async function decideReview({
  access,
  input,
  options,
}: {
  access: Access | null;
  input: TDecisionInput & { idempotencyKey?: string };
  options?: ClaimOptions;
}): Promise<DecisionResult> {
  const me = requireRole(access, 'reviewer', 'registrar');
  const parsed = ZDecision.safeParse(input);
  if (!parsed.success)
    throw new AppError('invalid_input', {
      userMessage: parsed.error.issues[0]?.message.startsWith('review.') ? parsed.error.issues[0].message : 'errors.invalid_input',
    });
  const kindParsed = ZCaseKind.safeParse(input.caseKind);
  if (!kindParsed.success) throw new AppError('invalid_input');
  const d = parsed.data;
  const actor = caseActor(me);
  return withRls(me.ctx, (tx) =>
    once(tx, { userId: me.user.id, verb: 'review.decide', key: input.idempotencyKey, input: { ...d, caseKind: kindParsed.data } }, async () => {
      const rec = await lockForReview(tx, d.recordId, options);
      if (!rec) throw new AppError('not_found');
      if (rec.revision !== d.revision)
        throw new AppError('conflict', { userMessage: 'review.errors.changedMeanwhile', message: `revision ${d.revision} != ${rec.revision}` });
      if (!['submitted', 'in_review', 'escalated'].includes(rec.state)) throw new AppError('conflict', { userMessage: 'review.errors.notReviewable' });
      assertNotClaimedByOther(rec, me.user.id);

      if (d.decision === 'verify') await assertVerifiable(tx, rec.id);

      let state: DecisionResult['state'];
      let returnCount = rec.return_count;
      if (d.decision === 'verify') state = 'verified';
      else if (d.decision === 'escalate') state = 'escalated';
      else {
        returnCount += 1;
        // A record returned this many times goes to the verification office instead of bouncing on.
        state = returnCount >= getEnv().identity.maxReturns && rec.state !== 'escalated' ? 'escalated' : 'returned';
      }
      const [updated] = await tx.query<{ revision: number }>(
        `update public.identity_records set state = $2, return_count = $3,
         verified_version_id = case when $2 = 'verified' then current_version_id else verified_version_id end,
         assigned_to = null, claimed_at = null
       where id = $1 returning revision`,
        [rec.id, state, returnCount],
      );
      const reasons = d.decision === 'return' ? d.reasons : [];
      const kind = d.decision === 'return' && state === 'escalated' ? 'escalated' : state;
      await tx.query(
        `insert into public.review_events (record_id, version_id, actor_id, kind, reasons, comment, visible_to_student)
       values ($1, $2, $3, $4, $5::text::jsonb, $6, $7)`,
        [rec.id, rec.current_version_id, me.user.id, kind, JSON.stringify(reasons), d.comment ?? null, kind !== 'escalated'],
      );
      let caseId: string | null = null;
      if (kind === 'escalated' && rec.state !== 'escalated') {
        const forced = d.decision === 'return';
        caseId = await openCase(
          tx,
          {
            studentId: rec.student_id,
            recordId: rec.id,
            departmentId: rec.department_id,
            kind: forced ? 'anomaly' : kindParsed.data,
            source: 'escalation',
            note: d.comment ?? null,
            details: forced ? { reason: 'max_returns', returns: returnCount } : {},
          },
          actor,
        );
      }
      await audit(tx, me.ctx, {
        action: `review.${d.decision}`,
        entityType: 'identity_record',
        entityId: rec.id,
        actorRole: actor.role,
        details: { version_id: rec.current_version_id, state, reasons: reasons.map((r) => `${r.target}:${r.code}`), ...(caseId ? { case_id: caseId } : {}) },
      });
      return { state, revision: updated!.revision, caseId };
    }),
  );
}
